#pragma once
// The integration suite on a database built by migrations instead of push_schema(): with
// TOASTY_TEST_SCHEMA=migrations, fresh_db() empties the backend and applies the migration
// `toasty migration generate` would write for the models (the same generator, in process),
// so that every test then runs on the tables, types and indexes the migration files make.
#include <toasty/toasty.hpp>

namespace toasty_test {

// Whether TOASTY_TEST_SCHEMA asks for migrations.
bool schema_by_migrations();

// Drops the models' tables (and the migration history) and creates them by applying the
// generated initial migration.
void reset_by_migrations(toasty::Db& db);

}  // namespace toasty_test
