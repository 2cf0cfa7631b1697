#pragma once
// The SQL of a Diff in one dialect: what `migration generate` writes into up.<dialect>.sql
// (and, for the diff turned around, down.<dialect>.sql).
//
// Per dialect: PostgreSQL alters columns in place (ALTER COLUMN ... TYPE ... USING,
// SET/DROP NOT NULL) and keeps enum types (CREATE TYPE / DROP TYPE); MySQL/MariaDB MODIFY
// a column (also when only its index membership changes its type: an indexed text column
// is VARCHAR(191), an unindexed one LONGTEXT); SQLite, which cannot alter a column, rebuilds
// the table (create the new one, copy the rows, drop the old, rename, recreate the indexes)
// inside the migration's transaction.
#include <string>
#include <string_view>
#include <vector>

#include "migrate/diff.hpp"
#include "sql/serializer.hpp"

namespace toasty::migrations {

std::vector<std::string> alter_sql(const Diff& diff, sql::Dialect dialect,
                                   std::string_view mysql_collation = sql::kMariadbCollation);

// `value` as a SQL literal of `column`'s type, the way the dialect's driver stores it (a
// migration's fill values and defaults are schema text, written into the file). Throws
// InvalidSchema for what has no literal form here (a non-empty list, a non-finite float).
std::string sql_literal(const Value& value, const db::Column& column, sql::Dialect dialect);

}  // namespace toasty::migrations
