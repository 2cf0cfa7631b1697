// SOCI on SQLite in memory: its own private database, same tables (toasty's DDL) and data.
#include "soci_include.hpp"
#include <soci/sqlite3/soci-sqlite3.h>

#include "common.hpp"
#include "soci_side.hpp"
#include "sqlite_load.hpp"

namespace bench {
namespace {

soci::session& sqlite_soci_session() {
  // Never destroyed (see soci_side.cpp).
  static soci::session* sql = [] {
    auto* s = new soci::session(*soci::factory_sqlite3(), "db=:memory:");
    // Same loader as the other sides, on SOCI's own sqlite3 handle.
    auto* backend = static_cast<soci::sqlite3_session_backend*>(s->get_backend());
    sqlite_create_and_load_handle(static_cast<void*>(backend->conn_));
    return s;
  }();
  return *sql;
}

const bool registered = [] {
  register_soci(SociBackend{"sqlite", false}, &sqlite_soci_session);
  return true;
}();

}  // namespace
}  // namespace bench
