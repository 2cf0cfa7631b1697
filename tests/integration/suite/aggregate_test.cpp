// Aggregates of a field on every SQL backend: sum, avg, min, max over a query's records
// (after limit and offset), NULLs skipped, the same numbers the database's own client
// computes; DynamoDB refuses them by name (it has count()).
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
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

// Groups: one row per key in key order (NULL first), each aggregate per group, having()
// keeping some groups.
TEST_F(Aggregates, GroupByWithHaving) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no grouping (refused by name: DynamoDbRefusesByName)";
  seed(db(), 10);
  Entry::create().board("c").seq(1).category("odd").score(100).exec(db());
  auto f = Entry::fields();
  using CountRow = std::tuple<std::string, std::uint64_t>;
  EXPECT_EQ(Entry::all().group_by(f.category()).count(db()),
            (std::vector<CountRow>{{"even", 5}, {"odd", 6}}));
  // sums: even seqs 2..10 -> -15 + 5 + 25 + 45 + 65; odd 1..9 -> -25 - 5 + 15 + 35 + 55, plus 100.
  using SumRow = std::tuple<std::string, std::int64_t>;
  EXPECT_EQ(Entry::all().group_by(f.category()).sum(db(), f.score()),
            (std::vector<SumRow>{{"even", 125}, {"odd", 175}}));
  using MinRow = std::tuple<std::string, std::optional<std::int64_t>>;
  EXPECT_EQ(Entry::all().group_by(f.category()).min(db(), f.score()),
            (std::vector<MinRow>{{"even", -15}, {"odd", -25}}));
  EXPECT_EQ(Entry::all().group_by(f.category()).max(db(), f.seq()),
            (std::vector<MinRow>{{"even", 10}, {"odd", 9}}));
  using AvgRow = std::tuple<std::string, std::optional<double>>;
  EXPECT_EQ(Entry::filter_by_board("b").group_by(f.category()).avg(db(), f.seq()),
            (std::vector<AvgRow>{{"even", 6.0}, {"odd", 5.0}}));
  // Two keys, a filter, and having on the count and on a sum.
  using Two = std::tuple<std::string, std::string, std::uint64_t>;
  EXPECT_EQ(Entry::all().filter(f.score().gt(0)).group_by(f.board(), f.category()).count(db()),
            (std::vector<Two>{{"b", "even", 4}, {"b", "odd", 3}, {"c", "odd", 1}}));
  EXPECT_EQ(Entry::all().group_by(f.category()).having(toasty::count_all().gt(5)).count(db()),
            (std::vector<CountRow>{{"odd", 6}}));
  EXPECT_EQ(Entry::all().group_by(f.board()).having(toasty::sum_of(f.score()).ge(100) && toasty::count_all().lt(5)).count(db()),
            (std::vector<CountRow>{{"c", 1}}));
  EXPECT_EQ(Entry::all().group_by(f.category()).having(toasty::max_of(f.seq()).eq(9)).sum(db(), f.seq()),
            (std::vector<SumRow>{{"odd", 26}}));
  // An Option key: NULL is a group of its own, first.
  using NoteRow = std::tuple<std::optional<std::string>, std::uint64_t>;
  auto notes = Entry::filter_by_board("b").filter(f.seq().le(3)).group_by(f.note()).count(db());
  EXPECT_EQ(notes, (std::vector<NoteRow>{{std::nullopt, 1}, {"n1", 1}, {"n3", 1}}));
  // No records: no groups.
  EXPECT_TRUE(Entry::filter_by_board("none").group_by(f.category()).count(db()).empty());
  EXPECT_THROW((void)Entry::filter_by_board("b").limit(3).group_by(f.category()), toasty::InvalidStatement);
}

// Distinct tuples of a projection.
TEST_F(Aggregates, DistinctProjection) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no distinct (refused by name: DynamoDbRefusesByName)";
  seed(db(), 10);
  auto f = Entry::fields();
  auto cats = Entry::all().order_by(f.category().asc()).select(f.category()).distinct().exec(db());
  EXPECT_EQ(cats, (std::vector<std::tuple<std::string>>{{"even"}, {"odd"}}));
  auto pairs = Entry::all().order_by(f.board().asc()).then_by(f.category().desc()).select(f.board(), f.category()).distinct().exec(db());
  EXPECT_EQ(pairs, (std::vector<std::tuple<std::string, std::string>>{{"b", "odd"}, {"b", "even"}}));
  EXPECT_THROW((void)Entry::all().order_by(f.seq().asc()).select(f.category()).distinct(), toasty::InvalidStatement);
}

// The database's own client groups the same way.
TEST_F(Aggregates, TheDatabasesOwnClientGroupsAlike) {
  if (!sql(db())) GTEST_SKIP() << "DynamoDB has no grouping";
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db& db = *visible.db;
  seed(db, 25);
  std::string why;
  auto out = toasty_test::client_query(
      visible.url, "SELECT category, COUNT(*), SUM(score) FROM entries GROUP BY category ORDER BY category", &why);
  if (!out) GTEST_SKIP() << why;
  auto f = Entry::fields();
  auto counts = Entry::all().group_by(f.category()).count(db);
  auto sums = Entry::all().group_by(f.category()).sum(db, f.score());
  std::string mine;
  for (std::size_t i = 0; i < counts.size(); ++i)
    mine += std::get<0>(counts[i]) + "\t" + std::to_string(std::get<1>(counts[i])) + "\t" +
            std::to_string(std::get<1>(sums[i])) + "\n";
  EXPECT_EQ(*out, mine);
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
  try {
    (void)Entry::filter_by_board("b").group_by(f.category()).count(db());
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("group_by"), std::string::npos) << e.what();
  }
  try {
    (void)Entry::filter_by_board("b").select(f.category()).distinct().exec(db());
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("distinct"), std::string::npos) << e.what();
  }
}

TEST_F(Aggregates, AFieldOfAnotherModelIsRefused) {
  EXPECT_THROW((void)Entry::filter_by_board("b").sum(db(), Reading::fields().value()), toasty::InvalidStatement);
}

}  // namespace
