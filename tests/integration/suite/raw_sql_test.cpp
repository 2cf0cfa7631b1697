// SQL of your own on every SQL backend: execute() and sql<Row>() with `?` placeholders
// (bound, translated per dialect), rows into models by column name or tuples by position,
// inside transactions, errors by name; DynamoDB refuses it by name.
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"

using app::Entry;
using app::Reading;

namespace {

class RawSql : public toasty_test::AppDbTest {
 protected:
  void SetUp() override {
    AppDbTest::SetUp();
    if (IsSkipped()) return;
    if (!db().driver().capability().sql()) GTEST_SKIP() << "backend " << db().driver().name() << " lacks capability `sql`";
    for (std::int64_t i = 1; i <= 5; ++i)
      Entry::create().board("b").seq(i).category(i % 2 ? "odd" : "even").score(i * 10).exec(db());
  }
};

TEST_F(RawSql, ExecuteBindsEveryArgument) {
  EXPECT_EQ(db().execute("UPDATE entries SET score = score + ? WHERE category = ?", 1, "odd"), 3u);
  auto f = Entry::fields();
  EXPECT_EQ(Entry::filter_by_board("b").sum(db(), f.score()), 150 + 3);
  // A value is data, never SQL.
  const std::string hostile = "odd'; DELETE FROM entries; --";
  EXPECT_EQ(db().execute("UPDATE entries SET note = ? WHERE category = ?", hostile, hostile), 0u);
  EXPECT_EQ(Entry::filter_by_board("b").count(db()), 5u);
  EXPECT_EQ(db().execute("UPDATE entries SET note = ? WHERE seq = ?", hostile, 2), 1u);
  EXPECT_EQ(Entry::filter_by_board("b").filter(f.seq().eq(2)).get(db()).note, hostile);
  // No arguments at all.
  EXPECT_EQ(db().execute("DELETE FROM entries WHERE seq > 4"), 1u);
}

TEST_F(RawSql, RowsIntoModelsByColumnName) {
  std::vector<Entry> rows = db().sql<Entry>("SELECT * FROM entries WHERE score > ? ORDER BY seq DESC", 25);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].seq, 5);
  EXPECT_EQ(rows[0].category, "odd");
  EXPECT_EQ(rows[0].note, std::nullopt);
  // Columns in any order, extra ones ignored; an optional field may be left out.
  rows = db().sql<Entry>("SELECT score, 42 AS extra, seq, category, board FROM entries WHERE seq = ?", 2);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].score, 20);
  // A required field's column missing: named.
  try {
    db().sql<Entry>("SELECT seq, board FROM entries");
    ADD_FAILURE() << "expected InvalidStatement";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("no column \"category\" for Entry.category"), std::string::npos) << e.what();
  }
  // Types decode as the model's columns do (a timestamp, a float).
  const auto t0 = toasty::Timestamp(std::chrono::seconds(1700000000)) + std::chrono::microseconds(123456);
  Reading::create().sensor("s").at(t0).value(1.25).exec(db());
  auto readings = db().sql<Reading>("SELECT * FROM readings WHERE sensor = ?", "s");
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].at, t0);
  EXPECT_EQ(readings[0].value, 1.25);
}

TEST_F(RawSql, RowsIntoTuplesByPosition) {
  using Row = std::tuple<std::string, std::int64_t, std::int64_t>;
  auto groups = db().sql<Row>(
      "SELECT category, COUNT(*) AS n, SUM(score) AS total FROM entries GROUP BY category ORDER BY category");
  EXPECT_EQ(groups, (std::vector<Row>{{"even", 2, 60}, {"odd", 3, 90}}));
  auto one = db().sql<std::tuple<std::optional<std::string>>>("SELECT note FROM entries WHERE seq = ?", 1);
  EXPECT_EQ(one, (std::vector<std::tuple<std::optional<std::string>>>{{std::nullopt}}));
  EXPECT_THROW((db().sql<std::tuple<std::int64_t>>("SELECT seq, score FROM entries")), toasty::InvalidStatement);
}

TEST_F(RawSql, PlaceholdersInsideQuotesAndCommentsAreText) {
  using Row = std::tuple<std::int64_t>;
  db().execute("UPDATE entries SET note = '?' WHERE seq = ?", 3);
  auto rows = db().sql<Row>("SELECT seq /* ? */ FROM entries WHERE note = '?' -- a ? here too\n AND seq = ?", 3);
  EXPECT_EQ(rows, (std::vector<Row>{{3}}));
  // As many values as placeholders, checked before anything is sent.
  EXPECT_THROW(db().execute("UPDATE entries SET score = ? WHERE seq = ?", 1), toasty::InvalidStatement);
  EXPECT_THROW(db().execute("UPDATE entries SET score = 1", 1), toasty::InvalidStatement);
  EXPECT_EQ(Entry::filter_by_board("b").filter(Entry::fields().score().eq(1)).count(db()), 0u);
}

TEST_F(RawSql, ErrorsAndTransactions) {
  // A duplicate key through raw SQL is a UniqueViolation like any other.
  EXPECT_THROW(db().execute("INSERT INTO entries (board, seq, category, score) VALUES (?, ?, ?, ?)", "b", 1, "x", 0),
               toasty::UniqueViolation);
  EXPECT_THROW(db().execute("SELECT * FROM no_such_table"), toasty::Error);
  {
    toasty::Transaction tx = db().transaction();
    EXPECT_EQ(tx.execute("DELETE FROM entries WHERE seq < ?", 3), 2u);
    EXPECT_EQ(tx.sql<std::tuple<std::int64_t>>("SELECT COUNT(*) FROM entries").at(0), std::make_tuple(std::int64_t{3}));
    tx.rollback();
  }
  EXPECT_EQ(Entry::filter_by_board("b").count(db()), 5u);
}

TEST(RawSqlOnDynamoDb, IsRefusedByName) {
  if (toasty_test::backend_name() != "dynamodb") GTEST_SKIP() << "DynamoDB only";
  std::string why;
  if (!toasty_test::backend_url(&why)) GTEST_SKIP() << why;
  toasty::Db db = toasty_test::fresh_db(app::models());
  try {
    db.execute("DELETE FROM entries");
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("DynamoDB has no SQL"), std::string::npos) << e.what();
  }
}

}  // namespace
