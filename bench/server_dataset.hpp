#pragma once
// PostgreSQL and MySQL/MariaDB: every side works on the same tables of one database (the
// one in TOASTY_BENCH_POSTGRESQL_URL / TOASTY_BENCH_MYSQL_URL). The first side to run calls
// these; they drop and recreate users/todos with toasty's DDL and load the dataset through
// the raw C API, once per process. Benchmarks that add or remove rows restore the dataset.
#include <cstdint>
#include <string>

namespace bench {

void pg_dataset();     // pg_raw.cpp
void mysql_dataset();  // mysql_raw.cpp

// scheme://user:password@host:port/database (no percent-decoding; enough for the URLs
// scripts/lib/servers.sh makes). Port 0 when absent.
struct ServerUrl {
  std::string user, password, host, database;
  unsigned port = 0;
};
ServerUrl parse_server_url(const std::string& url);  // common.cpp

}  // namespace bench
