#pragma once
// The SOCI side (the peer C++ database library) of every scenario, written once against a
// soci::session; sqlite_soci.cpp / pg_soci.cpp / mysql_soci.cpp supply the loaded session.
//
// SOCI is used the way its documentation recommends for speed: every statement is
// prepared once (`sql.prepare << ...`) with use()/into() bound to variables, executed
// per iteration, rows fetched one by one and copied into the plain structs. Keys of
// inserted rows come from get_last_insert_id() (SQLite, MySQL) or RETURNING (PostgreSQL).
#include <functional>
#include <string>

#include "soci_include.hpp"

namespace bench {

struct SociBackend {
  std::string name;             // "sqlite", "postgresql", "mysql"
  bool insert_returning = false;  // INSERT ... RETURNING id instead of get_last_insert_id
};

void register_soci(const SociBackend& backend, std::function<soci::session&()> session);

}  // namespace bench
