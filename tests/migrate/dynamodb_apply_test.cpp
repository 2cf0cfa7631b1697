// Migrations on DynamoDB (Local): tables, GSIs and unique-index tables created, changed and
// dropped by the generated steps, with items present, checked through the low-level DynamoDB
// client (DescribeTable, Scan) after each step up and down; the refusals; a failed step
// resumed; two migrators at once; the lock item; drift.
#include <algorithm>
#include <set>
#include <thread>

#include "chain.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"
#include "migrate/catalogue.hpp"
#include "migrate/diff.hpp"
#include "migrate/generate.hpp"
#include "migrate/history.hpp"
#include "schema_builders.hpp"
#include "support/backend.hpp"
#include "toasty/migrate.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::Value;
namespace mig = toasty::migrations;
namespace ddb = toasty::dynamodb;
using ddb::Json;


class DynamoMigrateTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty::Db::connect(url_, toasty::ModelSet{}));
    if (db_->driver().name() != "dynamodb") GTEST_SKIP() << "DynamoDB migrations: run with TOASTY_TEST_BACKEND=dynamodb";
    client_.emplace(ddb::Config::from_url(url_));
    clear();
  }
  void TearDown() override {
    if (client_) clear();
  }

  void clear() {
    for (const std::string& t : client_->list_tables())
      if (t.rfind("mig_", 0) == 0 || t == mig::kHistoryTable) client_->delete_table(t);
  }

  std::set<std::string> tables() {
    std::set<std::string> out;
    for (const std::string& t : client_->list_tables())
      if (t.rfind("mig_", 0) == 0) out.insert(t);
    return out;
  }
  std::set<std::string> gsis(const std::string& table) {
    std::set<std::string> out;
    Json d = client_->describe_table(table);
    if (d.contains("GlobalSecondaryIndexes"))
      for (const Json& g : d["GlobalSecondaryIndexes"]) {
        EXPECT_EQ(g.value("IndexStatus", ""), "ACTIVE");
        out.insert(g.value("IndexName", ""));
      }
    return out;
  }
  // Every item of a table, one line each ("id=S:n1 stars=N:1 ..."), sorted.
  std::vector<std::string> items(const std::string& table) {
    std::vector<std::string> out;
    for (const Json& item : client_->scan_all({{"TableName", table}, {"ConsistentRead", true}})) {
      std::string line;
      for (auto it = item.begin(); it != item.end(); ++it) {
        const Json& v = it.value().begin().value();
        line += (line.empty() ? "" : " ") + it.key() + "=" + it.value().begin().key() + ":" +
                (v.is_string() ? v.get<std::string>() : v.dump());
      }
      out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  void put(const std::string& table, Json item) { client_->put_item({{"TableName", table}, {"Item", std::move(item)}}); }
  std::size_t history_rows() {
    std::size_t n = 0;
    for (const Json& item : client_->scan_all({{"TableName", std::string(mig::kHistoryTable)}, {"ConsistentRead", true}}))
      if (item["id"]["S"] != "lock") ++n;
    return n;
  }

  toasty::Db& db() { return *db_; }
  std::optional<toasty::Db> db_;
  std::optional<ddb::Client> client_;
};

Json s(const char* v) { return {{"S", v}}; }
Json n(int v) { return {{"N", std::to_string(v)}}; }

// The walk-through on DynamoDB: one change kind a version.
std::vector<Version> versions() {
  std::vector<Version> v;
  v.push_back({});
  auto notes = table("mig_notes", {col("id", ScalarType::String), col("title", ScalarType::String),
                                   col("body", ScalarType::String, true), col("stars", ScalarType::I32),
                                   col("active", ScalarType::Bool)});
  with_index(notes, "index_mig_notes_by_stars", {3});
  auto tags = table("mig_tags", {col("name", ScalarType::String), col("color", ScalarType::String)});
  v.push_back({schema({notes, tags})});  // 1: create tables (one with a GSI)

  notes.columns.push_back(col("score", ScalarType::I64));
  notes.columns.push_back(col("summary", ScalarType::String, true));
  Version add{schema({notes, tags})};
  add.hints.fills[{"mig_notes", "score"}] = Value(std::int64_t{5});
  v.push_back(add);  // 2: add a required attribute (filled) and an optional one

  notes.columns[1].name = "heading";
  Version rename{schema({notes, tags})};
  rename.hints.column_renames[{"mig_notes", "heading"}] = "title";
  v.push_back(rename);  // 3: rename an attribute

  notes.columns[2].nullable = false;
  Version require{schema({notes, tags})};
  require.hints.fills[{"mig_notes", "body"}] = Value("(none)");
  v.push_back(require);  // 4: make an attribute required

  with_index(notes, "index_mig_notes_by_heading", {1}, true);
  with_index(notes, "index_mig_notes_by_active", {4});
  v.push_back({schema({notes, tags})});  // 5: a unique index, and a GSI over a bool

  notes.columns.pop_back();  // summary
  v.push_back({schema({notes, tags})});  // 6: drop an attribute

  auto extra = table("mig_extra", {col("id", ScalarType::String), col("n", ScalarType::I32, true)});
  Version swap{schema({notes, extra})};
  swap.hints.renames_declined = true;
  v.push_back(swap);  // 7: create one table, drop another

  notes.indexes.erase(notes.indexes.begin());  // index_mig_notes_by_stars
  v.push_back({schema({notes, extra})});  // 8: drop a GSI
  return v;
}

// What DynamoDB holds at version `v`, and what the items keep from before (see the test).
struct Expect {
  std::size_t v;
  bool summary_kept = true;
  bool body_filled = false;
  bool tags_kept = true;
};

TEST_F(DynamoMigrateTest, EveryChangeKindUpDownUpKeepsTheItems) {
  const auto vs = versions();
  const auto all = chain(vs);
  const std::span<const toasty::Migration> list(all);
  auto apply_to = [&](std::size_t v) {
    toasty::MigrateOptions o;
    o.to = all[v - 1].id;
    return toasty::migrate(db(), list, o);
  };
  auto check = [&](const Expect& e, const char* when) {
    SCOPED_TRACE(std::string(when) + " version " + std::to_string(e.v));
    const std::size_t v = e.v;
    std::set<std::string> want_tables = {"mig_notes"};
    want_tables.insert(v >= 7 ? "mig_extra" : "mig_tags");
    if (v >= 5) want_tables.insert("mig_notes__index_mig_notes_by_heading");
    EXPECT_EQ(tables(), want_tables);
    std::set<std::string> want_gsis;
    if (v < 8) want_gsis.insert("index_mig_notes_by_stars");
    if (v >= 5) want_gsis.insert("index_mig_notes_by_active");
    EXPECT_EQ(gsis("mig_notes"), want_gsis);
    const std::string text = v >= 3 ? "heading" : "title";
    const std::string active1 = v >= 5 ? "active=N:1" : "active=BOOL:true";
    const std::string active2 = v >= 5 ? "active=N:0" : "active=BOOL:false";
    std::string item1 = active1 + " body=S:x " + text + "=S:alpha id=S:n1";
    std::string item2 = active2 + (e.body_filled ? " body=S:(none) " : " ") + text + "=S:beta id=S:n2";
    if (v >= 2) {
      item1 += " score=N:5 stars=N:1";
      item2 += " score=N:5 stars=N:2";
    } else {
      item1 += " stars=N:1";
      item2 += " stars=N:2";
    }
    if (e.summary_kept) item1 += " summary=S:s1";
    // The attributes in name order, as items() lists them.
    auto sorted = [](const std::string& line) {
      std::vector<std::string> parts;
      std::string part;
      for (char c : line + " ") {
        if (c == ' ') {
          if (!part.empty()) parts.push_back(part);
          part.clear();
        } else {
          part += c;
        }
      }
      std::sort(parts.begin(), parts.end());
      std::string out;
      for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
      return out;
    };
    std::vector<std::string> want_items = {sorted(item1), sorted(item2)};
    std::sort(want_items.begin(), want_items.end());
    EXPECT_EQ(items("mig_notes"), want_items);
    if (v >= 5) {
      EXPECT_EQ(items("mig_notes__index_mig_notes_by_heading"),
                (std::vector<std::string>{"heading=S:alpha id=S:n1", "heading=S:beta id=S:n2"}));
    }
    if (v < 7) {
      EXPECT_EQ(items("mig_tags"),
                e.tags_kept ? std::vector<std::string>{"color=S:r name=S:red"} : std::vector<std::string>{});
    }
    EXPECT_EQ(history_rows(), v);
  };

  ASSERT_EQ(apply_to(1).size(), 1u);
  put("mig_notes", {{"id", s("n1")}, {"title", s("alpha")}, {"body", s("x")}, {"stars", n(1)}, {"active", {{"BOOL", true}}}});
  put("mig_notes", {{"id", s("n2")}, {"title", s("beta")}, {"stars", n(2)}, {"active", {{"BOOL", false}}}});
  put("mig_tags", {{"name", s("red")}, {"color", s("r")}});
  check({1, false, false, true}, "after");
  // What the items hold beyond the version's own attributes: a summary set by hand (lost
  // when version 6 drops it, or version 2 is rolled back), version 4's fill (kept going back),
  // the tags (an empty table comes back when version 7's drop is rolled back).
  bool summary = false, filled = false, tags = true;
  for (std::size_t v = 2; v < vs.size(); ++v) {
    ASSERT_EQ(apply_to(v).size(), 1u) << all[v - 1].dynamodb.up;
    filled = filled || v == 4;
    summary = summary && v != 6;
    check({v, summary, filled, tags}, "up to");
    ASSERT_EQ(toasty::rollback(db(), list).size(), 1u) << all[v - 1].dynamodb.down;
    summary = summary && v != 2;
    tags = tags && v != 7;
    check({v - 1, summary, filled, tags}, "down from");
    ASSERT_EQ(apply_to(v).size(), 1u);
    if (v == 2) {
      client_->update_item({{"TableName", "mig_notes"}, {"Key", {{"id", s("n1")}}}, {"UpdateExpression", "SET summary = :s"},
                            {"ExpressionAttributeValues", {{":s", s("s1")}}}});
      summary = true;
    }
    check({v, summary, filled, tags}, "up again to");
  }
  EXPECT_EQ(toasty::rollback(db(), list, {.steps = 0, .to = "0"}).size(), vs.size() - 1);
  EXPECT_EQ(tables(), std::set<std::string>{});
  EXPECT_EQ(toasty::migrate(db(), list).size(), vs.size() - 1);
  auto lease = db().pool().acquire();
  EXPECT_EQ(mig::drift(*lease, "dynamodb", vs.back().schema), std::vector<std::string>{});
}

TEST_F(DynamoMigrateTest, WhatDynamoDbCannotChangeIsRefusedWithWhatToDo) {
  auto people = table("mig_people", {col("id", ScalarType::String), col("age", ScalarType::I32, true)});
  std::vector<Version> vs = {{}, {schema({people})}};

  auto renamed = people;
  renamed.name = "mig_persons";
  Version rename_table{schema({renamed})};
  rename_table.hints.table_renames["mig_persons"] = "mig_people";

  auto rekeyed = people;
  rekeyed.columns[0].name = "pid";
  Version rename_key{schema({rekeyed})};
  rename_key.hints.column_renames[{"mig_people", "pid"}] = "id";

  auto retyped = people;
  retyped.columns[1].type = ScalarType::String;
  Version retype{schema({retyped})};

  const std::pair<Version, const char*> refused[] = {
      {rename_table, "cannot rename table \"mig_people\" to \"mig_persons\" (a DynamoDB table keeps its name): keep the "
                     "old name with #[table(\"mig_people\")]"},
      {rename_key, "cannot rename column \"mig_people\".\"id\" to \"pid\": it is part of the table's key, which "
                   "DynamoDB cannot change; keep the old name with #[column(\"id\")]"},
      {retype, "column \"mig_people\".\"age\" holds numbers (N), and DynamoDB cannot turn the items' values into "
               "strings (S) in place: add a field of the new type"},
  };
  for (const auto& [version, message] : refused) {
    SCOPED_TRACE(message);
    auto all = chain({vs[0], vs[1], version});
    EXPECT_NE(mig::dynamodb_refusal(all[1]).find(message), std::string::npos) << mig::dynamodb_refusal(all[1]);
    EXPECT_EQ(mig::dynamodb_refusal(all[0]), "");
    try {
      toasty::migrate(db(), all);
      ADD_FAILURE() << "applied a migration DynamoDB cannot make";
    } catch (const toasty::MigrationError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("migration 0002_step_2 failed at step 1 of 1"), std::string::npos) << e.what();
      EXPECT_EQ(e.migration, "0002_step_2");
    }
    // The first one stays applied, the table untouched; the refused one is not recorded as done.
    EXPECT_EQ(tables(), std::set<std::string>{"mig_people"});
    const auto status = toasty::migration_status(db(), all);
    ASSERT_EQ(status.size(), 2u);
    EXPECT_EQ(status[0].state, toasty::MigrationStatus::State::Applied);
    EXPECT_NE(status[1].state, toasty::MigrationStatus::State::Applied);
    clear();
  }
  // A key change is refused for every database when the migration is generated.
  auto other_key = people;
  other_key.primary_key = {1};
  EXPECT_THROW(mig::diff(vs[1].schema, schema({other_key}), {}), toasty::InvalidSchema);
}

TEST_F(DynamoMigrateTest, AUniqueIndexOverDuplicatesFailsThenResumes) {
  auto users = table("mig_users", {col("id", ScalarType::String), col("email", ScalarType::String)});
  std::vector<Version> vs = {{}, {schema({users})}};
  with_index(users, "index_mig_users_by_email", {1}, true);
  vs.push_back({schema({users})});
  const auto all = chain(vs);

  toasty::migrate(db(), all, {.to = "0001"});
  put("mig_users", {{"id", s("u1")}, {"email", s("a@x")}});
  put("mig_users", {{"id", s("u2")}, {"email", s("a@x")}});
  put("mig_users", {{"id", s("u3")}, {"email", s("c@x")}});
  try {
    toasty::migrate(db(), all);
    ADD_FAILURE() << "built a unique index over duplicates";
  } catch (const toasty::MigrationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot build unique index table \"mig_users__index_mig_users_by_email\""), std::string::npos) << what;
    EXPECT_NE(what.find("have the same email"), std::string::npos) << what;
    EXPECT_NE(what.find("failed at step 2 of 2 (0002_step_2/up.dynamodb.json:"), std::string::npos) << what;
    EXPECT_NE(what.find("goes on at step 2"), std::string::npos) << what;
  }
  const auto status = toasty::migration_status(db(), all);
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[1].state, toasty::MigrationStatus::State::Partial);
  EXPECT_EQ(status[1].detail, "applying stopped after 1 steps");

  // Fixed by hand, applied again: it goes on at the failed step.
  put("mig_users", {{"id", s("u2")}, {"email", s("b@x")}});
  ASSERT_EQ(toasty::migrate(db(), all).size(), 1u);
  EXPECT_EQ(items("mig_users__index_mig_users_by_email"),
            (std::vector<std::string>{"email=S:a@x id=S:u1", "email=S:b@x id=S:u2", "email=S:c@x id=S:u3"}));
  EXPECT_EQ(toasty::migration_status(db(), all)[1].state, toasty::MigrationStatus::State::Applied);
}

TEST_F(DynamoMigrateTest, WaitingForAnIndexIsReported) {
  auto t = table("mig_events", {col("id", ScalarType::String), col("kind", ScalarType::String)});
  std::vector<Version> vs = {{}, {schema({t})}};
  with_index(t, "index_mig_events_by_kind", {1});
  vs.push_back({schema({t})});
  const auto all = chain(vs);
  std::vector<std::string> heard;
  toasty::MigrateOptions o;
  o.waiting = [&](const toasty::Migration& m, std::string_view what) { heard.push_back(m.id + " " + std::string(what)); };
  ASSERT_EQ(toasty::migrate(db(), all, o).size(), 2u);
  EXPECT_NE(std::find(heard.begin(), heard.end(), "0002 creating index \"index_mig_events_by_kind\" of table \"mig_events\""),
            heard.end())
      << ::testing::PrintToString(heard);
  EXPECT_EQ(gsis("mig_events"), std::set<std::string>{"index_mig_events_by_kind"});
}

TEST_F(DynamoMigrateTest, TwoMigratorsAtOnceApplyEachMigrationOnce) {
  const auto all = chain(versions());
  toasty::Db second = toasty::Db::connect(url_, toasty::ModelSet{});
  std::size_t applied[2] = {0, 0};
  std::string errors[2];
  auto run = [&](toasty::Db& d, int who) {
    try {
      applied[who] = toasty::migrate(d, all).size();
    } catch (const std::exception& e) {
      errors[who] = e.what();
    }
  };
  std::thread a(run, std::ref(db()), 0);
  std::thread b(run, std::ref(second), 1);
  a.join();
  b.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(applied[0] + applied[1], all.size()) << "each migration once";
  EXPECT_EQ(history_rows(), all.size());
  // The lock is released.
  EXPECT_FALSE(client_->get_item({{"TableName", std::string(mig::kHistoryTable)}, {"Key", {{"id", s("lock")}}}}));
}

TEST_F(DynamoMigrateTest, AnExpiredLockIsTakenOver) {
  const auto all = chain(versions());
  toasty::migrate(db(), all, {.to = "0001"});
  // A migrator that died holding the lock, its lease run out a minute ago.
  const auto expired = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count() - 60;
  put(std::string(mig::kHistoryTable), {{"id", s("lock")}, {"owner", s("dead")}, {"expires", n(static_cast<int>(expired))}});
  EXPECT_EQ(toasty::migrate(db(), all).size(), all.size() - 1);
}

TEST_F(DynamoMigrateTest, DriftNamesWhatDiffers) {
  const auto vs = versions();
  const auto all = chain(vs);
  toasty::migrate(db(), all, {.to = "0005"});
  auto lease = db().pool().acquire();
  EXPECT_EQ(mig::drift(*lease, "dynamodb", vs[5].schema), std::vector<std::string>{});
  client_->call("UpdateTable", {{"TableName", "mig_notes"},
                                {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", "index_mig_notes_by_stars"}}}}}}});
  client_->wait_until_active("mig_notes");
  client_->delete_table("mig_tags");
  EXPECT_EQ(mig::drift(*lease, "dynamodb", vs[5].schema),
            (std::vector<std::string>{"table \"mig_notes\": missing index \"index_mig_notes_by_stars\"",
                                      "missing table \"mig_tags\""}));
}

}  // namespace
