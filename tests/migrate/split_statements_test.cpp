#include "migrate/split_statements.hpp"

#include <gtest/gtest.h>

#include "toasty/error.hpp"

namespace {

using toasty::migrations::split_statements;

std::vector<std::string> texts(std::string_view sql, bool backslashes = false) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(sql, "f.sql", backslashes)) out.push_back(s.text);
  return out;
}

TEST(SplitStatements, SplitsAtSemicolonsAndDropsComments) {
  const auto st = split_statements("-- header\n\nCREATE TABLE a (x INT);\n\n/* note */ DROP TABLE b;\n", "f.sql");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text, "CREATE TABLE a (x INT)");
  EXPECT_EQ(st[0].line, 3u);
  EXPECT_EQ(st[1].text, "DROP TABLE b");
  EXPECT_EQ(st[1].line, 5u);
}

TEST(SplitStatements, SemicolonsInsideQuotesAndCommentsStay) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`); SELECT 1"),
            (std::vector<std::string>{"INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)", "SELECT 1"}));
  EXPECT_EQ(texts("SELECT 'it''s; fine'; SELECT 2 -- a; comment\n;"),
            (std::vector<std::string>{"SELECT 'it''s; fine'", "SELECT 2"}));
}

TEST(SplitStatements, DollarQuotedBodiesAreOneStatement) {
  const std::string body = "DO $toasty$ BEGIN CREATE TYPE \"e\" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN NULL; END $toasty$";
  EXPECT_EQ(texts(body + ";\nSELECT $$x;y$$;"), (std::vector<std::string>{body, "SELECT $$x;y$$"}));
  // $1 is a parameter, not a dollar quote.
  EXPECT_EQ(texts("SELECT $1; SELECT 2"), (std::vector<std::string>{"SELECT $1", "SELECT 2"}));
}

TEST(SplitStatements, BackslashesEscapeOnlyWhenAsked) {
  // Standard SQL: 'C:\' is a whole string.
  EXPECT_EQ(texts("SELECT 'C:\\'; SELECT 2"), (std::vector<std::string>{"SELECT 'C:\\'", "SELECT 2"}));
  // MySQL: \' is a quote inside the string.
  EXPECT_EQ(texts("SELECT 'a\\';b'; SELECT 2", true), (std::vector<std::string>{"SELECT 'a\\';b'", "SELECT 2"}));
}

TEST(SplitStatements, BlankAndCommentOnlyTextHasNoStatements) {
  EXPECT_TRUE(texts("").empty());
  EXPECT_TRUE(texts("-- nothing to do\n\n  ;\n/* x */").empty());
}

TEST(SplitStatements, UnterminatedQuoteNamesFileAndLine) {
  try {
    split_statements("SELECT 1;\nSELECT 'oops;\n", "0001_x/up.sqlite.sql");
    FAIL() << "no error";
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_STREQ(e.what(), "toasty: 0001_x/up.sqlite.sql:2: a quoted string that is never closed");
  }
  EXPECT_THROW(split_statements("/* open", "f"), toasty::InvalidSchema);
  EXPECT_THROW(split_statements("SELECT $a$ x", "f"), toasty::InvalidSchema);
}

TEST(SplitStatements, LinesCountAcrossMultiLineStatements) {
  const auto st = split_statements("CREATE TABLE a (\n  x INT\n);\n\n\nCREATE TABLE b (y INT);", "f");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text, "CREATE TABLE a (\n  x INT\n)");
  EXPECT_EQ(st[1].line, 6u);
}

}  // namespace
