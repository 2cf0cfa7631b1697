// Migrations on every backend: a history of what was applied, on SQL databases and on
// DynamoDB alike (the migrations' own suite, tests/migrate, runs each change kind there).
#include <gtest/gtest.h>

#include <toasty/migrate.hpp>
#include <toasty/pool.hpp>

#include "support/backend.hpp"

namespace {

class MigrateOnBackend : public toasty_test::BackendTest {};

void forget_history(toasty::Db& db) {
  if (db.driver().name() == "dynamodb")
    db.pool().acquire()->exec(toasty::driver::SchemaStep{R"({"DeleteTable": {"TableName": "_toasty_migrations"}})"});
  else
    db.execute("DROP TABLE IF EXISTS _toasty_migrations");
}

TEST_F(MigrateOnBackend, AMigrationIsRecordedAndRolledBackOnEveryBackend) {
  auto db = toasty::Db::connect(url_, toasty::ModelSet{});
  toasty::Migration m;
  m.id = "0001";
  m.name = "nothing";  // nothing to do in any dialect
  m.sqlite.up = m.postgresql.up = m.mysql.up = "-- nothing\n";
  m.dynamodb.up = m.dynamodb.down = R"({"steps": []})";
  const std::vector<toasty::Migration> list{m};
  forget_history(db);  // whatever an earlier test left (TOASTY_TEST_SCHEMA=migrations: its own)
  EXPECT_EQ(toasty::migrate(db, list).size(), 1u);
  EXPECT_EQ(toasty::migration_status(db, list).at(0).state, toasty::MigrationStatus::State::Applied);
  EXPECT_EQ(toasty::migrate(db, list).size(), 0u) << "applied once";
  EXPECT_EQ(toasty::rollback(db, list).size(), 1u);
  EXPECT_EQ(toasty::migration_status(db, list).at(0).state, toasty::MigrationStatus::State::Pending);

  // A migration written for the SQL databases only says so on DynamoDB.
  m.dynamodb = {};
  const std::vector<toasty::Migration> sql_only{m};
  if (db.driver().name() == "dynamodb") {
    try {
      toasty::migrate(db, sql_only);
      FAIL() << "no error";
    } catch (const toasty::MigrationError& e) {
      EXPECT_EQ(std::string(e.what()),
                "toasty: migration 0001_nothing has no DynamoDB steps (up.dynamodb.json, down.dynamodb.json): it "
                "was written for the SQL databases only");
    }
  } else {
    EXPECT_EQ(toasty::migrate(db, sql_only).size(), 1u);
    EXPECT_EQ(toasty::rollback(db, sql_only).size(), 1u);
  }
  forget_history(db);
}

}  // namespace
