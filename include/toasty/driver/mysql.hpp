#pragma once
// MySQL / MariaDB driver (MariaDB Connector/C).
//
//   auto driver = toasty::mysql::open("mysql://user:secret@127.0.0.1:3306/app");
//
// Accepted URLs: `mysql://[user[:password]@][host][:port][/database][?param=value&...]`
// and the same with `mariadb://`. User, password and database are percent-decoded; the
// port defaults to 3306; `localhost` (or no host) means TCP to the local machine, never
// the unix socket (pass `?socket=/path/to/sock` for that). Parameters:
// `ssl-mode=disabled|preferred|required|verify_identity` (verify_identity checks the
// server's certificate against `ssl-ca=PEM-FILE`, or the system's CAs, and its name),
// `ssl-cert=` / `ssl-key=` (a client certificate) and `connect_timeout=SECONDS`
// (default 10). A bad URL → toasty::InvalidUrl; connect() failure → toasty::ConnectionError
// (the password never appears in messages).
//
// Connections use utf8mb4, strict SQL mode and "found rows" semantics (an UPDATE reports
// the rows it matched, as PostgreSQL and SQLite do). Each distinct SQL text is prepared
// once per connection (server-side prepared statements) and reused. u64 values travel as
// unsigned 64-bit integers, so BIGINT UNSIGNED columns hold the full range
// (Capability::full_u64). MariaDB ≥ 10.5 supports INSERT ... RETURNING; UPDATE ... RETURNING
// is not supported (Capability::returning_from_update is false).
#include <memory>
#include <string_view>

#include "toasty/driver/driver.hpp"

namespace toasty::mysql {

std::unique_ptr<driver::Driver> open(std::string_view url);

}  // namespace toasty::mysql
