#pragma once
// Reads what was written with the database's own command-line client (sqlite3,
// psql, mariadb) instead of through toasty, so a test can check the real tables.
#include <optional>
#include <string>

namespace toasty_test {

// Runs `sql` with the CLI matching `url`; returns its tab-separated output (one row
// per line), or nullopt with `why` set when the client is not installed.
std::optional<std::string> client_query(const std::string& url, const std::string& sql,
                                        std::string* why);

}  // namespace toasty_test
