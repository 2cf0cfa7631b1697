#pragma once
// Migrations: the schema of a deployed database changed step by step, each step reviewed
// SQL that can be undone. `toasty migration generate` (the toasty CLI) writes them from
// the .toasty schema files; this API (and the CLI's apply / rollback / status) runs them.
//
// A migrations directory holds one subdirectory per migration, in id order:
//   migrations/0001_create_users/up.sqlite.sql      down.sqlite.sql
//                                up.postgresql.sql  down.postgresql.sql
//                                up.mysql.sql       down.mysql.sql
//                                up.dynamodb.json   down.dynamodb.json
//                                snapshot.json      (the schema after this migration)
// The database records what it has applied in the table _toasty_migrations (id, name,
// checksum of the up SQL, applied_at, duration). Each migration runs in one transaction on
// SQLite and PostgreSQL (all of it or none); MySQL/MariaDB commit each DDL statement, so
// there progress is recorded per statement and a failure says exactly how far it got.
// Two programs migrating at once take turns on the database's own lock (PostgreSQL
// advisory lock, MySQL GET_LOCK, SQLite's write lock): every migration runs once.
// DynamoDB has no SQL: its files hold steps (create a table, add or drop an index, fill an
// attribute, ...) that run one at a time, recorded in the history table like MySQL's
// statements, under a lock item in that table. An index DynamoDB builds in the background
// is waited for (MigrateOptions::waiting hears how it goes). What DynamoDB cannot change in
// place (a key, a table's name) is a step that refuses, with what to do instead.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/db.hpp"
#include "toasty/error.hpp"

namespace toasty {

struct Migration {
  std::string id;    // "0003": its order
  std::string name;  // "add_bio"
  struct Sql {
    std::string up, down;
  };
  Sql sqlite, postgresql, mysql;
  // DynamoDB's steps as JSON (up.dynamodb.json); empty when the directory has none (a
  // migration written by hand for the SQL databases only).
  Sql dynamodb;
  std::string snapshot;  // JSON: the schema after this migration (what the next one is diffed against)

  // The SQL of a driver ("sqlite", "postgresql", "mysql"), or DynamoDB's steps ("dynamodb");
  // throws MigrationError for another driver, or for "dynamodb" when it has no steps.
  const Sql& sql_for(std::string_view driver) const;
  std::string full_name() const { return id + "_" + name; }  // "0003_add_bio"
};

// Every migration of a directory, in id order. Throws MigrationError for a directory that
// does not exist, a subdirectory not named NNNN_name, two with one id, a missing SQL file
// (the DynamoDB files may be missing).
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// One migration applied or rolled back (or, with dry_run, that would be).
struct MigrationStep {
  std::string id, name;
  std::vector<std::string> statements;  // as run, in order (DynamoDB: each step as JSON)
  std::chrono::milliseconds duration{0};
};

struct MigrateOptions {
  // Apply up to and including this id ("0003" or "0003_add_bio"); empty: all.
  std::string to = {};
  // Run nothing; return what would run.
  bool dry_run = false;
  // Called before each statement: (migration, statement number from 1, statements in it).
  std::function<void(const Migration&, std::size_t, std::size_t)> progress = {};
  // Called after each migration is applied (also when a later one then fails).
  std::function<void(const MigrationStep&)> done = {};
  // Called while a step waits for the database (DynamoDB building an index, filling an
  // attribute on every item): what it waits for, e.g. "creating index ...: CREATING".
  std::function<void(const Migration&, std::string_view)> waiting = {};
};

struct RollbackOptions {
  // Roll back the last `steps` applied migrations; or, when `to` is given, every one
  // applied after that id ("0" or "0000": all of them).
  std::size_t steps = 1;
  std::string to = {};
  bool dry_run = false;
  std::function<void(const Migration&, std::size_t, std::size_t)> progress = {};
  std::function<void(const MigrationStep&)> done = {};
  std::function<void(const Migration&, std::string_view)> waiting = {};
};

// Applies the migrations the database has not applied yet, in order. Throws MigrationError
// when one fails (the ones before it stay applied), when an applied one's up SQL was edited
// since (checksum), or when the database has applied one the list does not have.
std::vector<MigrationStep> migrate(Db& db, std::span<const Migration> migrations, const MigrateOptions& options = {});
std::vector<MigrationStep> migrate(Db& db, const std::filesystem::path& dir, const MigrateOptions& options = {});

// Runs the down SQL of the last applied migrations, newest first, and forgets them.
std::vector<MigrationStep> rollback(Db& db, std::span<const Migration> migrations, const RollbackOptions& options = {});

struct MigrationStatus {
  enum class State {
    Pending,  // not applied
    Applied,
    Edited,   // applied, and its up SQL changed since (checksums differ)
    Partial,  // MySQL, DynamoDB: failed after some of its statements ran (see detail)
    Unknown,  // applied, but not among the migrations given (a newer program's?)
  };
  std::string id, name;
  State state = State::Pending;
  std::string applied_at;  // ISO-8601 UTC; empty when pending
  std::chrono::milliseconds duration{0};
  std::string detail;  // Partial: how far it got
};
std::string_view to_string(MigrationStatus::State state);

// Each migration's state, in id order (those the database knows but the list does not, last).
std::vector<MigrationStatus> migration_status(Db& db, std::span<const Migration> migrations);

}  // namespace toasty
