#pragma once
// One migration from two schemas: the SQL of every dialect and DynamoDB's steps (when the
// DynamoDB driver is built), both ways, and the snapshot.
// What `toasty migration generate` writes, and what the migration tests build.
#include <string>

#include "migrate/diff.hpp"
#include "toasty/migrate.hpp"

namespace toasty::migrations {

// `forward` is diff(before, after, hints) with its ambiguities settled (the hints say which
// are renames). Down is the same diff turned around. Throws InvalidSchema for what no
// migration can do (diff()'s refusals, a value without a SQL literal).
Migration make_migration(const db::Schema& before, const db::Schema& after, const Hints& hints, const Diff& forward,
                         std::string id, std::string name);

// Why DynamoDB cannot apply the migration (its up steps are a refusal), or empty: what
// `migration generate` warns about (the SQL databases can still apply it).
std::string dynamodb_refusal(const Migration& m);

}  // namespace toasty::migrations
