#include "migrate/diff.hpp"

#include <gtest/gtest.h>

#include "schema_builders.hpp"
#include "toasty/error.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::Value;
using toasty::migrations::diff;
using toasty::migrations::Hints;

std::vector<std::string> described(const toasty::migrations::Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.describe());
  return out;
}

toasty::db::Schema users_v1() {
  auto users = table("users", {auto_id(), col("email", ScalarType::String), col("name", ScalarType::String)});
  with_index(users, "index_users_by_email", {1}, true);
  return schema({users});
}

std::string error_of(const toasty::db::Schema& a, const toasty::db::Schema& b, const Hints& h = {}) {
  try {
    diff(a, b, h);
  } catch (const toasty::InvalidSchema& e) {
    return e.what();
  }
  return "no error";
}

TEST(Diff, NothingChangedIsEmpty) {
  const auto d = diff(users_v1(), users_v1(), {});
  EXPECT_TRUE(d.changes.empty());
  EXPECT_TRUE(d.ambiguities.empty());
}

TEST(Diff, CreateAndDropTables) {
  auto posts = table("posts", {auto_id(), col("title", ScalarType::String)});
  with_index(posts, "index_posts_by_title", {1});
  auto v2 = users_v1();
  v2.tables.push_back(posts);
  EXPECT_EQ(described(diff(users_v1(), v2, {})), (std::vector<std::string>{"create table \"posts\""}));
  EXPECT_EQ(described(diff(v2, users_v1(), {})), (std::vector<std::string>{"drop table \"posts\""}));
}

TEST(Diff, NullableColumnIsAddedAndDropped) {
  auto v2 = users_v1();
  v2.tables[0].columns.push_back(col("bio", ScalarType::String, true));
  EXPECT_EQ(described(diff(users_v1(), v2, {})), (std::vector<std::string>{"add column \"users\".\"bio\""}));
  EXPECT_EQ(described(diff(v2, users_v1(), {})), (std::vector<std::string>{"drop column \"users\".\"bio\""}));
}

TEST(Diff, RequiredColumnNeedsAFillValue) {
  auto v2 = users_v1();
  v2.tables[0].columns.push_back(col("age", ScalarType::I32));
  EXPECT_EQ(error_of(users_v1(), v2),
            "toasty: column \"users\".\"age\" is added NOT NULL, and the rows the table already has need a value for "
            "it: give the field a #[default(...)], or make it Option<...>");
  Hints h;
  h.fills[{"users", "age"}] = Value(std::int64_t{18});
  const auto d = diff(users_v1(), v2, h);
  ASSERT_EQ(d.changes.size(), 1u);
  ASSERT_TRUE(d.changes[0].fill.has_value());
  EXPECT_EQ(d.changes[0].fill->as_i64(), 18);
}

TEST(Diff, TypeAndNullabilityChangesAlterTheColumn) {
  auto v2 = users_v1();
  v2.tables[0].columns[2].nullable = true;
  v2.tables[0].columns[1].max_length = 200;
  EXPECT_EQ(described(diff(users_v1(), v2, {})),
            (std::vector<std::string>{"change column \"users\".\"email\"", "change column \"users\".\"name\""}));
  // Back to NOT NULL: existing NULLs get the fill.
  Hints h;
  h.fills[{"users", "name"}] = Value("anonymous");
  const auto back = diff(v2, users_v1(), h);
  ASSERT_EQ(back.changes.size(), 2u);
  EXPECT_EQ(back.changes[1].fill->as_string(), "anonymous");
}

TEST(Diff, DropAndAddIsAmbiguousWithoutAHint) {
  auto v2 = users_v1();
  v2.tables[0].columns[2].name = "full_name";
  const auto d = diff(users_v1(), v2, {});
  ASSERT_EQ(d.ambiguities.size(), 1u);
  EXPECT_EQ(d.ambiguities[0].describe(),
            "table \"users\": column \"name\" dropped and column \"full_name\" added");
  // Declined: a drop and an add, and the added column needs its value.
  Hints declined;
  declined.renames_declined = true;
  EXPECT_EQ(error_of(users_v1(), v2, declined).rfind("toasty: column \"users\".\"full_name\" is added NOT NULL", 0), 0u);
  v2.tables[0].columns[2].nullable = true;
  const auto d2 = diff(users_v1(), v2, declined);
  EXPECT_TRUE(d2.ambiguities.empty());
  EXPECT_EQ(described(d2), (std::vector<std::string>{"add column \"users\".\"full_name\"",
                                                     "drop column \"users\".\"name\""}));
}

TEST(Diff, RenameHintsKeepTheData) {
  auto v2 = users_v1();
  v2.tables[0].name = "people";
  v2.tables[0].columns[1].name = "mail";
  v2.tables[0].indexes[0].name = "index_people_by_mail";
  Hints h;
  h.table_renames["people"] = "users";
  h.column_renames[{"people", "mail"}] = "email";
  const auto d = diff(users_v1(), v2, h);
  EXPECT_TRUE(d.ambiguities.empty());
  EXPECT_EQ(described(d), (std::vector<std::string>{
                              "rename table \"users\" to \"people\"",
                              "rename column \"people\".\"email\" to \"mail\"",
                              "rename index \"index_users_by_email\" on \"people\" to \"index_people_by_mail\"",
                          }));
  // Down: the same renames turned around.
  const auto back = diff(v2, users_v1(), toasty::migrations::inverse(h, d));
  EXPECT_EQ(described(back), (std::vector<std::string>{
                                 "rename table \"people\" to \"users\"",
                                 "rename column \"users\".\"mail\" to \"email\"",
                                 "rename index \"index_people_by_mail\" on \"users\" to \"index_users_by_email\"",
                             }));
}

TEST(Diff, AStaleRenameHintIsIgnored) {
  Hints h;
  h.column_renames[{"users", "email"}] = "mail";  // applied by an earlier migration
  EXPECT_TRUE(diff(users_v1(), users_v1(), h).changes.empty());
}

TEST(Diff, IndexChanges) {
  auto v2 = users_v1();
  v2.tables[0].indexes[0].unique = false;  // same name, no longer unique: dropped and made again
  with_index(v2.tables[0], "index_users_by_name", {2});
  EXPECT_EQ(described(diff(users_v1(), v2, {})), (std::vector<std::string>{
                                                     "drop index \"index_users_by_email\" on \"users\"",
                                                     "create index \"index_users_by_email\" on \"users\"",
                                                     "create index \"index_users_by_name\" on \"users\"",
                                                 }));
}

TEST(Diff, RefusesWhatNoMigrationCanDo) {
  auto key = users_v1();
  key.tables[0].primary_key = {1};
  key.tables[0].columns[0].auto_increment = false;
  EXPECT_EQ(error_of(users_v1(), key).rfind("toasty: table \"users\": the primary key changes (from (id) to (email))", 0),
            0u);
  auto counter = users_v1();
  counter.tables[0].columns.push_back(auto_id("n"));
  EXPECT_EQ(error_of(users_v1(), counter),
            "toasty: column \"users\".\"n\": a migration cannot add an auto-increment column to an existing table");
}

TEST(Diff, DownFillsReAddedColumnsWithZeroValues) {
  auto v2 = users_v1();
  v2.tables[0].columns.erase(v2.tables[0].columns.begin() + 2);  // drop "name" (NOT NULL)
  const auto forward = diff(users_v1(), v2, {});
  const auto back = diff(v2, users_v1(), toasty::migrations::inverse({}, forward));
  ASSERT_EQ(back.changes.size(), 1u);
  EXPECT_EQ(back.changes[0].describe(), "add column \"users\".\"name\"");
  EXPECT_EQ(back.changes[0].fill->as_string(), "");
}

}  // namespace
