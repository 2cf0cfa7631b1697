// Raw SQL text: `?` placeholders per dialect, left alone inside quotes and comments,
// counted against the values given.
#include <gtest/gtest.h>

#include "sql/serializer.hpp"
#include "toasty/error.hpp"

using toasty::sql::Dialect;
using toasty::sql::raw_sql_text;

TEST(RawSqlText, PlaceholdersPerDialect) {
  const char* sql = "SELECT * FROM t WHERE a = ? AND b IN (?, ?)";
  EXPECT_EQ(raw_sql_text(sql, Dialect::Sqlite, 3), sql);
  EXPECT_EQ(raw_sql_text(sql, Dialect::Mysql, 3), sql);
  EXPECT_EQ(raw_sql_text(sql, Dialect::Postgresql, 3), "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
}

TEST(RawSqlText, QuotesAndCommentsAreText) {
  EXPECT_EQ(raw_sql_text("SELECT '?', \"a?\", 'it''s ?' FROM t WHERE x = ?", Dialect::Postgresql, 1),
            "SELECT '?', \"a?\", 'it''s ?' FROM t WHERE x = $1");
  EXPECT_EQ(raw_sql_text("SELECT 1 -- why?\n, ? /* or ? */", Dialect::Postgresql, 1), "SELECT 1 -- why?\n, $1 /* or ? */");
  // MySQL: backticks quote identifiers, and a backslash escapes inside a string.
  EXPECT_EQ(raw_sql_text("SELECT `a?`, 'x\\'?' FROM t WHERE y = ?", Dialect::Mysql, 1),
            "SELECT `a?`, 'x\\'?' FROM t WHERE y = ?");
}

TEST(RawSqlText, CountsAndUnclosedText) {
  EXPECT_THROW(raw_sql_text("SELECT ?", Dialect::Sqlite, 0), toasty::InvalidStatement);
  EXPECT_THROW(raw_sql_text("SELECT 1", Dialect::Sqlite, 1), toasty::InvalidStatement);
  EXPECT_THROW(raw_sql_text("SELECT 'open ?", Dialect::Sqlite, 0), toasty::InvalidStatement);
  EXPECT_THROW(raw_sql_text("SELECT /* open ?", Dialect::Sqlite, 0), toasty::InvalidStatement);
  try {
    raw_sql_text("UPDATE t SET a = ? WHERE b = ?", Dialect::Mysql, 1);
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("2 placeholders (?) but 1 values"), std::string::npos) << e.what();
  }
}
