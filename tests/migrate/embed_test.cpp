// Migrations compiled into the program (toasty_add_migrations) are the directory's, and
// a program migrates itself with them.
#include <gtest/gtest.h>

#include "migrate_unit_tests_migrations.hpp"
#include "toasty/toasty.hpp"

namespace {

TEST(EmbeddedMigrations, AreTheDirectorysFiles) {
  const auto from_dir = toasty::load_migrations(TOASTY_TESTDATA_MIGRATIONS);
  const auto& embedded = testdata::migrations();
  ASSERT_EQ(embedded.size(), from_dir.size());
  ASSERT_EQ(embedded.size(), 2u);
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_EQ(embedded[i].id, from_dir[i].id);
    EXPECT_EQ(embedded[i].name, from_dir[i].name);
    for (const char* d : {"sqlite", "postgresql", "mysql"}) {
      EXPECT_EQ(embedded[i].sql_for(d).up, from_dir[i].sql_for(d).up) << d;
      EXPECT_EQ(embedded[i].sql_for(d).down, from_dir[i].sql_for(d).down) << d;
    }
    EXPECT_EQ(embedded[i].snapshot, from_dir[i].snapshot);
  }
  EXPECT_EQ(embedded[1].full_name(), "0002_rename_and_extend");
}

TEST(EmbeddedMigrations, MigrateAProgramsOwnDatabase) {
  auto db = toasty::Db::connect("sqlite::memory:", toasty::ModelSet{});
  EXPECT_EQ(toasty::migrate(db, testdata::migrations()).size(), 2u);
  EXPECT_EQ(db.execute("INSERT INTO writers (pen_name) VALUES (?)", std::string("Ann")), 1u);
  for (const auto& s : toasty::migration_status(db, testdata::migrations()))
    EXPECT_EQ(s.state, toasty::MigrationStatus::State::Applied) << s.id;
  EXPECT_THROW(db.execute("INSERT INTO writers (pen_name) VALUES (?)", std::string("Ann")), toasty::Error)
      << "the unique index came along";
}

TEST(EmbeddedMigrations, AMigrationWithoutDynamoDbStepsSaysSoThere) {
  // testdata/migrations were written for the SQL databases only (no *.dynamodb.json).
  try {
    testdata::migrations()[0].sql_for("dynamodb");
    FAIL() << "no error";
  } catch (const toasty::MigrationError& e) {
    EXPECT_EQ(std::string(e.what()),
              "toasty: migration 0001_create_authors has no DynamoDB steps (up.dynamodb.json, down.dynamodb.json): "
              "it was written for the SQL databases only");
  }
  EXPECT_THROW(testdata::migrations()[0].sql_for("oracle"), toasty::MigrationError);
}

}  // namespace
