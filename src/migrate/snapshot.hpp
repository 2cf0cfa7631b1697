#pragma once
// A db::Schema as JSON text: what a migration directory keeps as each migration's
// snapshot, and what the next `migration generate` diffs the schema files against.
// Stable: tables sorted by name, columns in table order, attributes at their defaults
// left out, so that an unchanged schema writes the same bytes.
#include <string>
#include <string_view>

#include "toasty/schema/db.hpp"

namespace toasty::migrations {

std::string snapshot_json(const db::Schema& schema);

// Throws InvalidSchema naming `file` (and line:column for a JSON syntax error) when the
// text is not a snapshot this version reads.
db::Schema parse_snapshot(std::string_view text, const std::string& file);

}  // namespace toasty::migrations
