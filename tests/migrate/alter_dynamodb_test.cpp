// DynamoDB's steps for each change kind, and its step files, without a database (the
// migrations run on DynamoDB Local in dynamodb_apply_test.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "migrate/alter_dynamodb.hpp"
#include "migrate/steps_file.hpp"
#include "schema_builders.hpp"
#include "toasty/error.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::Value;
namespace mig = toasty::migrations;

// The actions of the steps, in order ("CreateTable users", "FillAttribute users.score").
std::vector<std::string> actions(const std::vector<std::string>& steps) {
  std::vector<std::string> out;
  for (const std::string& text : steps) {
    const auto step = nlohmann::json::parse(text);
    const std::string action = step.begin().key();
    const auto& body = step.begin().value();
    std::string what = action + " " + body.value("TableName", std::string());
    if (body.contains("Attribute")) what += "." + body["Attribute"].get<std::string>();
    if (body.contains("From")) what += "." + body["From"].get<std::string>() + "->" + body["To"].get<std::string>();
    if (body.contains("GlobalSecondaryIndexUpdates")) {
      const auto& u = body["GlobalSecondaryIndexUpdates"][0];
      what += " " + u.begin().key() + " " + u.begin().value()["IndexName"].get<std::string>();
    }
    out.push_back(what);
  }
  return out;
}

std::vector<std::string> steps_for(const toasty::db::Schema& before, const toasty::db::Schema& after,
                                   const mig::Hints& hints = {}) {
  return mig::alter_dynamodb(mig::diff(before, after, hints));
}

toasty::db::Table users() {
  auto t = table("users", {col("id", ScalarType::String), col("name", ScalarType::String),
                           col("age", ScalarType::I32, true)});
  return t;
}

TEST(AlterDynamodb, EachChangeKindIsItsSteps) {
  auto t = users();
  // New table: the table, then its unique index's table.
  auto indexed = t;
  with_index(indexed, "index_users_by_name", {1}, true);
  with_index(indexed, "index_users_by_age", {2});
  EXPECT_EQ(actions(steps_for(schema({}), schema({indexed}))),
            (std::vector<std::string>{"CreateTable users", "CreateTable users__index_users_by_name"}));
  // Nullable attribute: nothing to do; required with a default: filled.
  auto added = t;
  added.columns.push_back(col("bio", ScalarType::String, true));
  EXPECT_EQ(actions(steps_for(schema({t}), schema({added}))), std::vector<std::string>{});
  added.columns.push_back(col("score", ScalarType::I64));
  mig::Hints fill;
  fill.fills[{"users", "score"}] = Value(std::int64_t{5});
  const auto filled = steps_for(schema({t}), schema({added}), fill);
  EXPECT_EQ(actions(filled), std::vector<std::string>{"FillAttribute users.score"});
  EXPECT_EQ(nlohmann::json::parse(filled[0])["FillAttribute"]["Value"], (nlohmann::json{{"N", "5"}}));
  // Dropped: removed from the items.
  EXPECT_EQ(actions(steps_for(schema({added}), schema({t}))),
            (std::vector<std::string>{"RemoveAttribute users.bio", "RemoveAttribute users.score"}));
  // Indexes: a GSI by UpdateTable, a unique index by its table, filled from the items.
  EXPECT_EQ(actions(steps_for(schema({t}), schema({indexed}))),
            (std::vector<std::string>{"CreateTable users__index_users_by_name", "FillUniqueIndex users",
                                      "UpdateTable users Create index_users_by_age"}));
  EXPECT_EQ(actions(steps_for(schema({indexed}), schema({t}))),
            (std::vector<std::string>{"DeleteTable users__index_users_by_name", "UpdateTable users Delete index_users_by_age"}));
  // Dropped table: its unique index's table too.
  EXPECT_EQ(actions(steps_for(schema({indexed}), schema({}))),
            (std::vector<std::string>{"DeleteTable users__index_users_by_name", "DeleteTable users"}));
}

TEST(AlterDynamodb, ARenamedIndexedAttributeRebuildsItsIndexesAroundTheRename) {
  auto t = users();
  with_index(t, "by_age", {2});
  with_index(t, "by_name", {1}, true);
  auto renamed = t;
  renamed.columns[1].name = "full_name";
  renamed.columns[2].name = "years";
  mig::Hints hints;
  hints.column_renames[{"users", "full_name"}] = "name";
  hints.column_renames[{"users", "years"}] = "age";
  EXPECT_EQ(actions(steps_for(schema({t}), schema({renamed}), hints)),
            (std::vector<std::string>{"UpdateTable users Delete by_age", "DeleteTable users__by_name",
                                      "RenameAttribute users.name->full_name", "RenameAttribute users.age->years",
                                      "UpdateTable users Create by_age", "CreateTable users__by_name",
                                      "FillUniqueIndex users"}));
}

TEST(AlterDynamodb, ABoolChangesKindWhenAnIndexStartsOrStopsCoveringIt) {
  auto t = table("tasks", {col("id", ScalarType::String), col("done", ScalarType::Bool)});
  auto indexed = t;
  with_index(indexed, "by_done", {1});
  EXPECT_EQ(actions(steps_for(schema({t}), schema({indexed}))),
            (std::vector<std::string>{"ConvertBool tasks.done", "UpdateTable tasks Create by_done"}));
  const auto back = steps_for(schema({indexed}), schema({t}));
  EXPECT_EQ(actions(back), (std::vector<std::string>{"UpdateTable tasks Delete by_done", "ConvertBool tasks.done"}));
  EXPECT_EQ(nlohmann::json::parse(back[1])["ConvertBool"]["To"], "BOOL");
}

TEST(AlterDynamodb, WhatDynamoDbCannotDoIsOneRefusal) {
  auto t = table("counters", {auto_id(), col("n", ScalarType::I64)});
  const auto refused = steps_for(schema({}), schema({t}));
  EXPECT_NE(mig::dynamodb_refusal(refused).find("auto-increment column \"id\""), std::string::npos)
      << mig::dynamodb_refusal(refused);
  auto u = users();
  auto retyped = u;
  retyped.columns[1].type = ScalarType::I64;
  auto renamed = u;
  renamed.name = "people";
  mig::Hints hints;
  hints.table_renames["people"] = "users";
  const auto both = steps_for(schema({u}), schema({renamed}), hints);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_NE(mig::dynamodb_refusal(both).find("#[table(\"users\")]"), std::string::npos);
  EXPECT_NE(mig::dynamodb_refusal(steps_for(schema({u}), schema({retyped}))).find("holds strings (S)"), std::string::npos);
  EXPECT_EQ(mig::dynamodb_refusal(steps_for(schema({}), schema({u}))), "");
}

TEST(StepsFile, StepsReadBackWithTheirLines) {
  const std::vector<std::string> steps = {R"({"DeleteTable":{"TableName":"a"}})",
                                          R"({"Refuse":{"Message":"no \"x\"\nnever"}})"};
  const std::string text = mig::steps_file_text("0002_drop", "down", steps);
  const auto read = mig::split_steps(text, "0002_drop/down.dynamodb.json");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].text, steps[0]);
  EXPECT_EQ(read[1].text, steps[1]);
  EXPECT_EQ(read[0].line, 6u);
  EXPECT_EQ(read[1].line, 11u);
  EXPECT_EQ(mig::split_steps(mig::steps_file_text("0001_x", "up", {}), "f").size(), 0u);
}

TEST(StepsFile, BadFilesNameTheirPlace) {
  try {
    mig::split_steps("{\n  \"steps\": [\n    {\"CreateTable\": {,}}\n  ]\n}\n", "0001_x/up.dynamodb.json");
    ADD_FAILURE();
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_NE(std::string(e.what()).find("0001_x/up.dynamodb.json:3:22:"), std::string::npos) << e.what();
  }
  try {
    mig::split_steps("{\"steps\": [\n{\"CreateTable\": {}},\n 7]}", "f.json");
    ADD_FAILURE();
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_NE(std::string(e.what()).find("f.json:3: step 2 is not an object with one action"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(mig::split_steps("[]", "f.json"), toasty::InvalidSchema);
}

}  // namespace
