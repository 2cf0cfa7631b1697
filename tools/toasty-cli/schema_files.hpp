#pragma once
// The .toasty schema files as the database schema they describe: the same tables,
// columns and indexes that the generated code's models give Db::push_schema(), plus
// what migrations need beyond them (renames, the values new required columns get).
#include <string>
#include <vector>

#include "migrate/diff.hpp"
#include "toasty/schema/db.hpp"

namespace toasty_cli {

struct SchemaFiles {
  toasty::db::Schema schema;
  toasty::migrations::Hints hints;
};

// Reads and checks every file (as toasty-gen does). On a schema error returns false with
// `diagnostics` holding "file:line:column: error: ..." lines; other problems (a file that
// cannot be read, two models on one table) too, as "file: error: ..." lines.
bool load_schema_files(const std::vector<std::string>& paths, SchemaFiles& out, std::string& diagnostics);

}  // namespace toasty_cli
