// Aggregates of a field on every SQL backend: sum, avg, min, max over a query's records
// (after limit and offset), NULLs skipped, the same numbers the database's own client
// computes; DynamoDB refuses them by name (it has count()).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

using app::Entry;
using app::Reading;

namespace {

using Aggregates = toasty_test::AppDbTest;

bool sql(toasty::Db& db) { return db.driver().capability().sql(); }

// seq 1..n on board "b": score = seq * 10 - 35 (negative ones too), note set on odd seqs.
void seed(toasty::Db& db, std::int64_t n) {
  auto batch = Entry::create_many();
  for (std::int64_t i = 1; i <= n; ++i) {
    auto e = Entry::create().board("b").seq(i).category(i % 2 ? "odd" : "even").score(i * 10 - 35);
    if (i % 2) e.note("n" + std::to_string(i));
    batch.item(std::move(e));
  }
  batch.exec(db);
}

TEST_F(Aggregates, SumAvgMinMaxOfIntegers) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no aggregates (refused by name: DynamoDbRefusesByName)";
  seed(db(), 10);
  auto f = Entry::fields();
  auto all = Entry::filter_by_board("b");
  // scores: -25, -15, -5, 5, ..., 65: sum 200, mean 20.
  std::int64_t sum = all.sum(db(), f.score());
  EXPECT_EQ(sum, 200);
  EXPECT_EQ(all.avg(db(), f.score()), 20.0);
  EXPECT_EQ(all.min(db(), f.score()), -25);
  EXPECT_EQ(all.max(db(), f.score()), 65);
  EXPECT_EQ(all.max(db(), f.seq()), 10);
  // With a filter, and after limit and offset (the records exec() would read).
  auto odd = Entry::filter_by_category("odd");
  EXPECT_EQ(odd.sum(db(), f.score()), -25 - 5 + 15 + 35 + 55);
  auto page = Entry::filter_by_board("b").order_by(f.seq().desc()).limit(3).offset(1);
  EXPECT_EQ(page.sum(db(), f.score()), 55 + 45 + 35);
  EXPECT_EQ(page.min(db(), f.seq()), 7);
  EXPECT_EQ(page.avg(db(), f.seq()), 8.0);
  // Nothing matches: sum 0, the others nullopt.
  auto none = Entry::filter_by_board("nothing");
  EXPECT_EQ(none.sum(db(), f.score()), 0);
  EXPECT_EQ(none.avg(db(), f.score()), std::nullopt);
  EXPECT_EQ(none.min(db(), f.score()), std::nullopt);
  EXPECT_EQ(none.max(db(), f.note()), std::nullopt);
}

TEST_F(Aggregates, NullsAreSkippedAndTextHasMinAndMax) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no aggregates";
  seed(db(), 6);
  auto f = Entry::fields();
  auto all = Entry::filter_by_board("b");
  // note is set on seqs 1, 3, 5 only; text orders by code points on every backend.
  EXPECT_EQ(all.min(db(), f.note()), std::optional<std::string>("n1"));
  EXPECT_EQ(all.max(db(), f.note()), std::optional<std::string>("n5"));
  EXPECT_EQ(all.min(db(), f.category()), std::optional<std::string>("even"));
}

TEST_F(Aggregates, FloatsAndTimestamps) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no aggregates";
  const auto t0 = toasty::Timestamp(std::chrono::seconds(1700000000));
  const double values[] = {1.5, 2.25, -0.75, 10.0};
  for (int i = 0; i < 4; ++i)
    Reading::create().sensor("s").at(t0 + std::chrono::minutes(i)).value(values[i]).exec(db());
  auto f = Reading::fields();
  auto q = Reading::filter_by_sensor("s");
  double sum = q.sum(db(), f.value());
  EXPECT_DOUBLE_EQ(sum, 13.0);
  EXPECT_DOUBLE_EQ(*q.avg(db(), f.value()), 3.25);
  EXPECT_EQ(q.min(db(), f.value()), -0.75);
  EXPECT_EQ(q.min(db(), f.at()), t0);
  EXPECT_EQ(q.max(db(), f.at()), t0 + std::chrono::minutes(3));
  EXPECT_EQ(q.max(db(), f.checked()), std::nullopt);  // every one NULL
}

// The database's own client adds the same numbers up.
TEST_F(Aggregates, TheDatabasesOwnClientAgrees) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no aggregates";
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db& db = *visible.db;
  seed(db, 25);
  auto f = Entry::fields();
  std::string why;
  auto out = toasty_test::client_query(visible.url,
                                       "SELECT SUM(score), MIN(score), MAX(score), COUNT(*) FROM entries WHERE category = 'odd'",
                                       &why);
  if (!out) GTEST_SKIP() << why;
  auto odd = Entry::filter_by_category("odd");
  EXPECT_EQ(*out, std::to_string(odd.sum(db, f.score())) + "\t" + std::to_string(*odd.min(db, f.score())) + "\t" +
                      std::to_string(*odd.max(db, f.score())) + "\t" + std::to_string(odd.count(db)) + "\n");
}

// A long in_list runs in slices; their sums add and their minimums compare.
TEST_F(Aggregates, OverAnInListLongerThanOneStatementBinds) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no aggregates";
  seed(db(), 40);
  auto f = Entry::fields();
  std::vector<std::int64_t> seqs;
  for (std::int64_t i = 1; i <= 70000; ++i) seqs.push_back(i);
  auto q = Entry::filter_by_board("b").filter(f.seq().in_list(seqs));
  EXPECT_EQ(q.sum(db(), f.score()), 40 * 41 / 2 * 10 - 35 * 40);
  EXPECT_EQ(q.min(db(), f.score()), -25);
  EXPECT_EQ(q.max(db(), f.score()), 365);
  EXPECT_EQ(q.avg(db(), f.seq()), 20.5);
}

TEST_F(Aggregates, DynamoDbRefusesByName) {
  if (sql(db())) GTEST_SKIP() << "SQL databases aggregate";
  seed(db(), 3);
  auto f = Entry::fields();
  try {
    (void)Entry::filter_by_board("b").sum(db(), f.score());
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("aggregates (sum of a field)"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)Entry::filter_by_board("b").max(db(), f.seq()), toasty::UnsupportedQuery);
  EXPECT_THROW((void)Entry::filter_by_board("b").avg(db(), f.seq()), toasty::UnsupportedQuery);
  EXPECT_EQ(Entry::filter_by_board("b").count(db()), 3u);  // count it has
}

TEST_F(Aggregates, AFieldOfAnotherModelIsRefused) {
  EXPECT_THROW((void)Entry::filter_by_board("b").sum(db(), Reading::fields().value()), toasty::InvalidStatement);
}

}  // namespace
