// Migrations on every backend: the SQL ones keep a history (the migrations' own suite,
// tests/migrate, runs each change kind there); DynamoDB refuses them with a message that
// says what to use instead, and nothing is written.
#include <gtest/gtest.h>

#include <toasty/migrate.hpp>

#include "support/backend.hpp"

namespace {

class MigrateOnBackend : public toasty_test::BackendTest {};

TEST_F(MigrateOnBackend, SqlBackendsMigrateDynamoDbRefuses) {
  auto db = toasty::Db::connect(url_, toasty::ModelSet{});
  toasty::Migration m;
  m.id = "0001";
  m.name = "nothing";  // comments only: a migration with no statement in any dialect
  m.sqlite.up = m.postgresql.up = m.mysql.up = "-- nothing\n";
  const std::vector<toasty::Migration> list{m};
  if (db.driver().name() == "dynamodb") {
    try {
      toasty::migrate(db, list);
      FAIL() << "no error";
    } catch (const toasty::MigrationError& e) {
      EXPECT_EQ(std::string(e.what()),
                "toasty: migrations run on SQLite, PostgreSQL and MySQL/MariaDB, not on dynamodb (DynamoDB: "
                "Db::push_schema() creates the tables and indexes)");
    }
    EXPECT_THROW(toasty::migration_status(db, list), toasty::MigrationError);
    return;
  }
  db.execute("DROP TABLE IF EXISTS _toasty_migrations");  // whatever an earlier run left
  EXPECT_EQ(toasty::migrate(db, list).size(), 1u);
  EXPECT_EQ(toasty::migration_status(db, list).at(0).state, toasty::MigrationStatus::State::Applied);
  EXPECT_EQ(toasty::rollback(db, list).size(), 1u);
  db.execute("DROP TABLE _toasty_migrations");
}

}  // namespace
