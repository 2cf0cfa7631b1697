// Vec<T> fields on every backend: whole lists round trip in order (duplicates, empty lists,
// text that needs escaping), membership filters run in the database (on DynamoDB: in the
// FilterExpression of an index query), and the stored lists read with each database's own
// client.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Priority;
using app::Recipe;
using app::Status;

namespace {

using Lists = toasty_test::AppDbTest;

std::set<std::string> cuisines(const std::vector<Recipe>& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r.tags.empty() ? "(none)" : r.tags.front());
  return out;
}

TEST_F(Lists, RoundTripWholeAndInOrder) {
  const toasty::Uuid a = toasty::Uuid::v7(), b = toasty::Uuid::v4();
  const toasty::Timestamp t1 = toasty::parse_timestamp("2024-02-29T12:00:00.000001Z").value();
  const toasty::Timestamp t2 = toasty::parse_timestamp("1969-12-31T23:59:59.999999Z").value();
  const std::vector<std::string> tags = {"b", "a", "b", "",  "with \"quotes\" and \\ and , and {braces}",
                                         "NULL", "é🍮", "tab\there", "[1]", "line\nbreak"};
  Recipe r = Recipe::create()
                 .cuisine("edge")
                 .tags(tags)
                 .ratings({5, -3, 5, 2147483647})
                 .cooks({b, a})
                 .slots({t1, t2})
                 .levels({Priority::Urgent, Priority::Low})
                 .states({Status::OnHold})
                 .weights({0.1, -2.5e100, 3})
                 .big({18446744073709551615u >> 1, 0})
                 .contacts({app::ContactId{a}})
                 .exec(db());
  EXPECT_EQ(r.tags, tags);
  Recipe back = Recipe::get_by_id(db(), r.id);
  EXPECT_EQ(back.tags, tags);
  EXPECT_EQ(back.ratings, (std::vector<std::int32_t>{5, -3, 5, 2147483647}));
  EXPECT_EQ(back.cooks, (std::vector<toasty::Uuid>{b, a}));
  EXPECT_EQ(back.slots, (std::vector<toasty::Timestamp>{t1, t2}));
  EXPECT_EQ(back.levels, (std::vector<Priority>{Priority::Urgent, Priority::Low}));
  EXPECT_EQ(back.states, (std::vector<Status>{Status::OnHold}));
  EXPECT_EQ(back.weights, (std::vector<double>{0.1, -2.5e100, 3}));
  EXPECT_EQ(back.big, (std::vector<std::uint64_t>{18446744073709551615u >> 1, 0}));
  ASSERT_EQ(back.contacts.size(), 1u);
  EXPECT_EQ(back.contacts[0].value, a);

  // Unset lists are empty; an update replaces a list whole, in the object and the row.
  Recipe plain = Recipe::create().cuisine("plain").exec(db());
  EXPECT_TRUE(plain.tags.empty());
  Recipe plain_back = Recipe::get_by_id(db(), plain.id);
  EXPECT_TRUE(plain_back.tags.empty());
  EXPECT_TRUE(plain_back.levels.empty());
  plain.update().tags({"x", "y"}).ratings({}).exec(db());
  EXPECT_EQ(plain.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(Recipe::get_by_id(db(), plain.id).tags, (std::vector<std::string>{"x", "y"}));
  plain.update().tags({}).exec(db());
  EXPECT_TRUE(Recipe::get_by_id(db(), plain.id).tags.empty());
}

// contains / contains_all / contains_any / is_empty, by the database (DynamoDB: the
// FilterExpression of the query on the cuisine index).
TEST_F(Lists, MembershipFiltersRunInTheDatabase) {
  const toasty::Uuid ann = toasty::Uuid::v7(), bob = toasty::Uuid::v7();
  Recipe::create().cuisine("it").tags({"pasta", "quick"}).ratings({5, 4}).cooks({ann}).levels({Priority::Low})
      .states({Status::Open, Status::Closed}).exec(db());
  Recipe::create().cuisine("it").tags({"pizza", "slow", "quick"}).ratings({3}).cooks({ann, bob})
      .levels({Priority::Urgent}).exec(db());
  Recipe::create().cuisine("it").tags({"risotto"}).ratings({}).exec(db());
  Recipe::create().cuisine("it").exec(db());
  Recipe::create().cuisine("fr").tags({"quick"}).exec(db());
  auto f = Recipe::fields();
  auto in_it = [&](const toasty::Filter& x) { return cuisines(Recipe::filter_by_cuisine("it").filter(x).exec(db())); };
  EXPECT_EQ(in_it(f.tags().contains("quick")), (std::set<std::string>{"pasta", "pizza"}));
  EXPECT_EQ(in_it(f.tags().contains("Quick")), (std::set<std::string>{}));  // case-sensitive
  EXPECT_EQ(in_it(f.tags().contains_all(std::vector<std::string>{"quick", "slow"})), (std::set<std::string>{"pizza"}));
  EXPECT_EQ(in_it(f.tags().contains_any(std::vector<std::string>{"risotto", "slow"})),
            (std::set<std::string>{"pizza", "risotto"}));
  EXPECT_EQ(in_it(f.tags().contains_all(std::vector<std::string>{})).size(), 4u);  // every recipe
  EXPECT_TRUE(in_it(f.tags().contains_any(std::vector<std::string>{})).empty());  // none
  EXPECT_EQ(in_it(f.tags().is_empty()), (std::set<std::string>{"(none)"}));
  EXPECT_EQ(in_it(!f.tags().is_empty()), (std::set<std::string>{"pasta", "pizza", "risotto"}));
  EXPECT_EQ(in_it(!f.tags().contains("quick")), (std::set<std::string>{"risotto", "(none)"}));
  EXPECT_EQ(in_it(f.ratings().contains(5)), (std::set<std::string>{"pasta"}));
  EXPECT_EQ(in_it(f.ratings().is_empty()), (std::set<std::string>{"risotto", "(none)"}));
  EXPECT_EQ(in_it(f.cooks().contains(bob)), (std::set<std::string>{"pizza"}));
  EXPECT_EQ(in_it(f.cooks().contains_all(std::vector<toasty::Uuid>{ann, bob})), (std::set<std::string>{"pizza"}));
  EXPECT_EQ(in_it(f.levels().contains(Priority::Urgent)), (std::set<std::string>{"pizza"}));
  EXPECT_EQ(in_it(f.states().contains_any(std::vector<Status>{Status::Closed, Status::OnHold})),
            (std::set<std::string>{"pasta"}));
  EXPECT_EQ(in_it(f.tags().contains("quick") && f.ratings().contains(3)), (std::set<std::string>{"pizza"}));
}

// What the database holds is the list, read with its own client.
TEST_F(Lists, TheDatabasesOwnClientReadsTheList) {
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db& vdb = *visible.db;
  const std::string backend = toasty_test::backend_name();
  Recipe r = Recipe::create().cuisine("native").tags({"a b", "c\"d"}).ratings({1, 2}).exec(vdb);
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    auto item = client.get_item({{"TableName", "recipes"}, {"Key", {{"id", ddb::av::string(r.id.to_string())}}}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["tags"], (toasty::dynamodb::Json{{"L", {ddb::av::string("a b"), ddb::av::string("c\"d")}}}));
    EXPECT_EQ((*item)["ratings"], (toasty::dynamodb::Json{{"L", {{{"N", "1"}}, {{"N", "2"}}}}}));
    return;
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  }
  std::string sql = "SELECT tags, ratings FROM recipes WHERE cuisine = 'native'";
  std::string why;
  auto out = toasty_test::client_query(visible.url, sql, &why);
  if (!out) GTEST_SKIP() << why;
  if (backend == "postgresql")
    EXPECT_EQ(*out, "{\"a b\",\"c\\\"d\"}\t{1,2}\n");
  else if (backend == "mysql")  // the mariadb client's batch output doubles the backslash
    EXPECT_EQ(*out, "[\"a b\",\"c\\\\\"d\"]\t[1,2]\n");
  else
    EXPECT_EQ(*out, "[\"a b\",\"c\\\"d\"]\t[1,2]\n");
  // And the database's own list functions see the elements.
  std::string count = backend == "postgresql" ? "SELECT cardinality(tags) FROM recipes WHERE cuisine = 'native'"
                      : backend == "mysql"    ? "SELECT JSON_LENGTH(tags) FROM recipes WHERE cuisine = 'native'"
                                              : "SELECT json_array_length(tags) FROM recipes WHERE cuisine = 'native'";
  auto n = toasty_test::client_query(visible.url, count, &why);
  ASSERT_TRUE(n) << why;
  EXPECT_EQ(*n, "2\n");
}

}  // namespace
