// Migrations applied, rolled back and applied again on the current backend, with rows in
// the tables, checked through the database's own client and its catalogue.
#include <thread>

#include "migrate/history.hpp"
#include "migrate_fixture.hpp"
#include "schema_builders.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::Value;
namespace mig = toasty::migrations;

std::string lines(std::initializer_list<std::string> rows) {
  std::string out;
  for (const std::string& r : rows) out += r + "\n";
  return out;
}

// The versions of the walk-through: one change kind (or two) per step.
std::vector<Version> versions() {
  std::vector<Version> v;
  v.push_back({});  // empty database
  auto notes = table("mig_notes", {auto_id(), col("title", ScalarType::String), col("body", ScalarType::String, true),
                                   col("stars", ScalarType::I32)});
  auto tags = table("mig_tags", {col("name", ScalarType::String), col("color", ScalarType::String)});
  v.push_back({schema({notes, tags})});  // 1: create tables

  notes.columns.push_back(col("score", ScalarType::I64));
  notes.columns.push_back(col("summary", ScalarType::String, true));
  Version add{schema({notes, tags})};
  add.hints.fills[{"mig_notes", "score"}] = Value(std::int64_t{5});
  v.push_back(add);  // 2: add a required column (filled) and an optional one

  notes.columns[1].name = "heading";
  Version rename{schema({notes, tags})};
  rename.hints.column_renames[{"mig_notes", "heading"}] = "title";
  v.push_back(rename);  // 3: rename a column

  notes.columns[1].max_length = 100;
  notes.columns[2].nullable = false;
  Version alter{schema({notes, tags})};
  alter.hints.fills[{"mig_notes", "body"}] = Value("(none)");
  v.push_back(alter);  // 4: change a type and make a column required

  with_index(notes, "index_mig_notes_by_heading", {1}, true);
  with_index(notes, "index_mig_notes_by_stars_and_score", {3, 4});
  v.push_back({schema({notes, tags})});  // 5: add a unique and a two-column index

  auto labels = tags;
  labels.name = "mig_labels";
  Version rename_table{schema({notes, labels})};
  rename_table.hints.table_renames["mig_labels"] = "mig_tags";
  v.push_back(rename_table);  // 6: rename a table

  notes.columns.pop_back();  // summary
  v.push_back({schema({notes, labels})});  // 7: drop a column

  auto extra = table("mig_extra", {col("id", ScalarType::I64), col("n", ScalarType::I32, true)});
  Version swap{schema({notes, extra})};
  swap.hints.renames_declined = true;  // not a rename: the answer to the question
  v.push_back(swap);  // 8: create one table, drop another
  return v;
}

// What the rows read as in version `n` (the columns that exist then).
std::string notes_probe(std::size_t n) {
  return std::string("SELECT id, ") + (n >= 3 ? "heading" : "title") + ", stars" + (n >= 2 ? ", score" : "") +
         " FROM mig_notes ORDER BY id";
}
std::string notes_rows(std::size_t n) {
  return n >= 2 ? lines({"1\talpha\t1\t5", "2\tbeta\t2\t5"}) : lines({"1\talpha\t1", "2\tbeta\t2"});
}

TEST_F(MigrateTest, EveryChangeKindUpDownUpKeepsTheRows) {
  const auto vs = versions();
  const auto all = chain(vs);
  const std::span<const toasty::Migration> list(all);

  auto apply_to = [&](std::size_t n) {
    toasty::MigrateOptions o;
    o.to = all[n - 1].id;
    return toasty::migrate(db(), list, o);
  };
  // A table dropped comes back empty when its drop is rolled back: `tags_kept` false then.
  auto check = [&](std::size_t n, const char* when, bool tags_kept = true) {
    SCOPED_TRACE(std::string(when) + " version " + std::to_string(n));
    EXPECT_EQ(mig::compare_catalogues(expected(vs[n].schema), catalogue()), std::vector<std::string>{});
    if (n >= 1) {
      EXPECT_EQ(client(notes_probe(n)), notes_rows(n));
    }
    if (n >= 1 && n <= 5) {
      EXPECT_EQ(client("SELECT name, color FROM mig_tags"), lines({"red\tr"}));
    }
    if (n >= 6 && n <= 7) {
      EXPECT_EQ(client("SELECT name, color FROM mig_labels"), tags_kept ? lines({"red\tr"}) : "");
    }
    if (n >= 4) {
      EXPECT_EQ(client("SELECT body FROM mig_notes ORDER BY id"), lines({"x", "(none)"}));
    }
  };

  ASSERT_EQ(apply_to(1).size(), 1u);
  exec("INSERT INTO mig_notes (title, body, stars) VALUES ('alpha', 'x', 1)");
  exec("INSERT INTO mig_notes (title, body, stars) VALUES ('beta', NULL, 2)");
  exec("INSERT INTO mig_tags (name, color) VALUES ('red', 'r')");
  check(1, "after");
  for (std::size_t n = 2; n < vs.size(); ++n) {
    ASSERT_EQ(apply_to(n).size(), 1u) << all[n - 1].sqlite.up;
    check(n, "up to");
    ASSERT_EQ(toasty::rollback(db(), list).size(), 1u);
    check(n - 1, "down from", n != 8);
    ASSERT_EQ(apply_to(n).size(), 1u);
    check(n, "up again to");
  }
  // Everything down, then everything up.
  EXPECT_EQ(toasty::rollback(db(), list, {.steps = 0, .to = "0"}).size(), vs.size() - 1);
  EXPECT_EQ(catalogue(), mig::Catalogue{});
  EXPECT_EQ(toasty::migrate(db(), list).size(), vs.size() - 1);
  EXPECT_EQ(mig::compare_catalogues(expected(vs.back().schema), catalogue()), std::vector<std::string>{});
}

TEST_F(MigrateTest, HistoryRecordsEachMigration) {
  const auto all = chain(versions());
  EXPECT_EQ(toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 3)).size(), 3u);
  EXPECT_TRUE(toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 3)).empty()) << "applied once";
  // Statements: 0002 adds a filled required column in one (SQLite), two (PostgreSQL: add with a
  // default, drop the default) or three (MySQL: add, fill, require), and then an optional one.
  const char* second = dialect() == toasty::sql::Dialect::Sqlite ? "2" : dialect() == toasty::sql::Dialect::Mysql ? "4" : "3";
  EXPECT_EQ(client("SELECT id, name, status, statements_done FROM _toasty_migrations ORDER BY id"),
            lines({"0001\tstep_1\tapplied\t2", std::string("0002\tstep_2\tapplied\t") + second, "0003\tstep_3\tapplied\t1"}));
  const auto status = toasty::migration_status(db(), all);
  ASSERT_EQ(status.size(), all.size());
  EXPECT_EQ(status[2].state, toasty::MigrationStatus::State::Applied);
  EXPECT_EQ(status[3].state, toasty::MigrationStatus::State::Pending);
  EXPECT_EQ(status[0].applied_at.size(), 27u) << status[0].applied_at;
}

TEST_F(MigrateTest, DryRunRunsNothing) {
  const auto all = chain(versions());
  const auto steps = toasty::migrate(db(), all, {.to = "", .dry_run = true});
  EXPECT_EQ(steps.size(), all.size());
  EXPECT_FALSE(steps[0].statements.empty());
  EXPECT_EQ(catalogue(), mig::Catalogue{});
  EXPECT_EQ(toasty::migration_status(db(), all)[0].state, toasty::MigrationStatus::State::Pending);
}

TEST_F(MigrateTest, AnEditedMigrationIsRefused) {
  auto all = chain(versions());
  toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 2));
  toasty::Migration::Sql& sql = const_cast<toasty::Migration::Sql&>(all[0].sql_for(db().driver().name()));
  sql.up += "\n-- edited\n";
  try {
    toasty::migrate(db(), all);
    FAIL() << "no error";
  } catch (const toasty::MigrationError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("toasty: migration 0001_step_1 was edited after it was applied here", 0), 0u)
        << e.what();
  }
  EXPECT_EQ(toasty::migration_status(db(), all)[0].state, toasty::MigrationStatus::State::Edited);
  EXPECT_EQ(toasty::migration_status(db(), all)[2].state, toasty::MigrationStatus::State::Pending) << "nothing ran";
}

TEST_F(MigrateTest, AFailingStatementSaysWhereAndWhatIsLeft) {
  auto all = chain({Version{}, versions()[1]});
  toasty::Migration bad;
  bad.id = "0002";
  bad.name = "bad";
  const std::string up = "-- creates, then fails\nCREATE TABLE mig_half (x INT);\n\nINSERT INTO mig_nowhere VALUES (1);\n";
  bad.sqlite.up = bad.postgresql.up = bad.mysql.up = up;
  bad.sqlite.down = bad.postgresql.down = bad.mysql.down = "DROP TABLE mig_half;";
  all.push_back(bad);
  const std::string file = "0002_bad/up." + std::string(db().driver().name()) + ".sql:4";
  try {
    toasty::migrate(db(), all);
    FAIL() << "no error";
  } catch (const toasty::MigrationError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("toasty: migration 0002_bad failed at statement 2 of 2 (" + file + "): ", 0), 0u) << what;
    EXPECT_NE(what.find("statement: INSERT INTO mig_nowhere VALUES (1)"), std::string::npos) << what;
    EXPECT_EQ(e.migration, "0002_bad");
    EXPECT_EQ(e.statement, 2u);
    EXPECT_FALSE(e.code().empty()) << "the database's own code";
  }
  const auto status = toasty::migration_status(db(), all);
  EXPECT_EQ(status[0].state, toasty::MigrationStatus::State::Applied) << "the one before stays";
  const bool transactional = dialect() != toasty::sql::Dialect::Mysql;
  if (transactional) {
    EXPECT_EQ(status[1].state, toasty::MigrationStatus::State::Pending);
    EXPECT_EQ(catalogue().tables.size(), 2u) << "no mig_half: the migration's transaction rolled back";
  } else {
    EXPECT_EQ(status[1].state, toasty::MigrationStatus::State::Partial);
    EXPECT_EQ(status[1].detail, "applying stopped after 1 statements");
    EXPECT_EQ(catalogue().tables.size(), 3u) << "mig_half stays: MySQL commits DDL";
    EXPECT_THROW(toasty::rollback(db(), all), toasty::MigrationError) << "finish it first";
  }
  // Fixed, it applies (on MySQL it goes on at statement 2: mig_half is not made twice).
  for (auto* sql : {&all[1].sqlite, &all[1].postgresql, &all[1].mysql})
    sql->up = "CREATE TABLE mig_half (x INT);\nINSERT INTO mig_half VALUES (1);\n";
  EXPECT_EQ(toasty::migrate(db(), all).size(), 1u);
  EXPECT_EQ(client("SELECT x FROM mig_half"), lines({"1"}));
  EXPECT_EQ(toasty::migration_status(db(), all)[1].state, toasty::MigrationStatus::State::Applied);
}

TEST_F(MigrateTest, StatementsRunAsWrittenWithoutPlaceholders) {
  // A `?` is SQL's own in a migration (PostgreSQL's jsonb operator), and a dollar-quoted
  // text may hold a lone quote: neither is a placeholder or an unclosed string there.
  toasty::Migration m;
  m.id = "0001";
  m.name = "as_written";
  m.sqlite.up = m.mysql.up =
      "CREATE TABLE mig_docs (d VARCHAR(20) NOT NULL);\nINSERT INTO mig_docs VALUES ('what?');\n"
      "INSERT INTO mig_docs VALUES ('k');\nDELETE FROM mig_docs WHERE d <> 'k' AND d LIKE '%?';\n";
  m.postgresql.up =
      "CREATE TABLE mig_docs (d JSONB NOT NULL);\nINSERT INTO mig_docs VALUES ('{\"k\": 1}'), ('{\"j\": 2}');\n"
      "DELETE FROM mig_docs WHERE NOT (d ? 'k');\nCOMMENT ON TABLE mig_docs IS $$it's kept$$;\n";
  m.sqlite.down = m.mysql.down = m.postgresql.down = "DROP TABLE mig_docs;\n";
  const std::vector<toasty::Migration> list{m};
  ASSERT_EQ(toasty::migrate(db(), list).size(), 1u);
  EXPECT_EQ(client("SELECT COUNT(*) FROM mig_docs"), lines({"1"}));
  if (dialect() == toasty::sql::Dialect::Postgresql) {
    EXPECT_EQ(client("SELECT obj_description('mig_docs'::regclass, 'pg_class')"), lines({"it's kept"}));
  }
  EXPECT_EQ(toasty::rollback(db(), list).size(), 1u);
}

TEST_F(MigrateTest, RefusesAHistoryTheMigrationsDoNotExplain) {
  auto all = chain(versions());
  toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 3));
  // The program has fewer migrations than the database applied.
  EXPECT_THROW(toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 2)), toasty::MigrationError);
  EXPECT_EQ(toasty::migration_status(db(), std::span<const toasty::Migration>(all.data(), 2)).back().state,
            toasty::MigrationStatus::State::Unknown);
  // A migration that is not applied while a later one is (a branch merged late).
  toasty::rollback(db(), all, {.steps = 3});
  std::vector<toasty::Migration> without_second{all[0], all[2]};
  ASSERT_EQ(toasty::migrate(db(), without_second).size(), 2u);
  try {
    toasty::migrate(db(), std::span<const toasty::Migration>(all.data(), 3));
    FAIL() << "no error";
  } catch (const toasty::MigrationError& e) {
    EXPECT_EQ(std::string(e.what()), "toasty: migration 0002_step_2 is not applied, but a later one (0003_step_3) is: "
                                     "give it an id after the applied ones, or roll those back first");
  }
}

TEST_F(MigrateTest, TwoMigratorsAtOnceApplyEachMigrationOnce) {
  const auto all = chain(versions());
  ClientVisibleDb* shared = &*db_;
  std::optional<toasty::Db> second;
  if (shared->file.empty()) second.emplace(toasty::Db::connect(url(), toasty::ModelSet{}));
  else second.emplace(toasty::Db::connect(shared->url, toasty::ModelSet{}));
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
  std::thread b(run, std::ref(*second), 1);
  a.join();
  b.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(applied[0] + applied[1], all.size()) << "each migration once";
  EXPECT_EQ(client("SELECT COUNT(*) FROM _toasty_migrations"), lines({std::to_string(all.size())}));
}

TEST_F(MigrateTest, EnumTypeLabelsOnPostgresql) {
  if (dialect() != toasty::sql::Dialect::Postgresql) GTEST_SKIP() << "native enum types are PostgreSQL's";
  auto state = col("state", ScalarType::String);
  state.pg_enum = "mig_state";
  state.pg_enum_labels = {"draft", "live"};
  auto t = table("mig_docs", {auto_id(), state});
  Version v1{schema({t})};
  t.columns[1].pg_enum_labels = {"draft", "live", "gone"};
  Version v2{schema({t})};
  t.columns[1].pg_enum_labels = {"live", "gone"};
  Version v3{schema({t})};
  const auto all = chain({Version{}, v1, v2, v3});
  toasty::migrate(db(), all, {.to = "0001"});
  exec("INSERT INTO mig_docs (state) VALUES ('live')");
  toasty::migrate(db(), all);
  EXPECT_EQ(client("SELECT enum_range(NULL::mig_state)::text"), lines({"{live,gone}"}));
  EXPECT_EQ(client("SELECT state FROM mig_docs"), lines({"live"}));
  toasty::rollback(db(), all, {.steps = 2});
  EXPECT_EQ(client("SELECT enum_range(NULL::mig_state)::text"), lines({"{draft,live}"}));
  EXPECT_EQ(client("SELECT state FROM mig_docs"), lines({"live"}));
}

}  // namespace
