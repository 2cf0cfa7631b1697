// SOCI on PostgreSQL (TOASTY_BENCH_POSTGRESQL_URL), on the shared dataset.
#include "soci_include.hpp"
#include <soci/postgresql/soci-postgresql.h>

#include "common.hpp"
#include "server_dataset.hpp"
#include "soci_side.hpp"

namespace bench {
namespace {

// SOCI reads "key=value" connection strings (it mangles a postgresql:// URL).
std::string soci_connect_string() {
  const ServerUrl u = parse_server_url(server_url("postgresql"));
  std::string s = "host=" + u.host + " dbname=" + u.database + " user=" + u.user;
  if (u.port != 0) s += " port=" + std::to_string(u.port);
  if (!u.password.empty()) s += " password='" + u.password + "'";
  return s;
}

soci::session& pg_soci_session() {
  static const bool loaded = (pg_dataset(), true);
  (void)loaded;
  // Never destroyed (see soci_side.cpp).
  static soci::session* sql = new soci::session(*soci::factory_postgresql(), soci_connect_string());
  return *sql;
}

const bool registered = [] {
  if (server_url("postgresql").empty()) return false;
  register_soci(SociBackend{"postgresql", true}, &pg_soci_session);
  return true;
}();

}  // namespace
}  // namespace bench
