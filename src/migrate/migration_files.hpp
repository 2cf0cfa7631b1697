#pragma once
// Writing a migrations directory (reading it is the public load_migrations()).
#include <filesystem>
#include <string>

#include "toasty/migrate.hpp"

namespace toasty::migrations {

// The directory a migration lives in: <dir>/<id>_<name>.
std::filesystem::path migration_path(const std::filesystem::path& dir, const Migration& m);

// Writes the migration's files into a new subdirectory (its up/down SQL as statements
// ending in `;`, one per paragraph; DynamoDB's steps when it has them). Throws MigrationError when it exists.
void write_migration(const std::filesystem::path& dir, const Migration& m);

// "0001" for an empty directory, else one more than the highest id there.
std::string next_id(const std::vector<Migration>& existing);

// A migration name as a file name: lower case letters, digits and `_`; anything else
// becomes `_`. Throws MigrationError for an empty one.
std::string migration_name(std::string_view wanted);

// Statements as a file's text: each followed by `;` and a blank line, after a header comment.
std::string sql_file_text(const std::string& header, const std::vector<std::string>& statements);

}  // namespace toasty::migrations
