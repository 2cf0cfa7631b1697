// SOCI on MySQL/MariaDB (TOASTY_BENCH_MYSQL_URL), on the shared dataset.
#include "soci_include.hpp"
#include <soci/mysql/soci-mysql.h>

#include "common.hpp"
#include "server_dataset.hpp"
#include "soci_side.hpp"

namespace bench {
namespace {

std::string soci_connect_string() {
  const ServerUrl u = parse_server_url(server_url("mysql"));
  return "db=" + u.database + " user=" + u.user + " password='" + u.password + "' host=" +
         u.host + " port=" + std::to_string(u.port != 0 ? u.port : 3306) + " charset=utf8mb4";
}

soci::session& mysql_soci_session() {
  static const bool loaded = (mysql_dataset(), true);
  (void)loaded;
  // Never destroyed (see soci_side.cpp).
  static soci::session* sql = new soci::session(*soci::factory_mysql(), soci_connect_string());
  return *sql;
}

const bool registered = [] {
  if (server_url("mysql").empty()) return false;
  register_soci(SociBackend{"mysql", false}, &mysql_soci_session);
  return true;
}();

}  // namespace
}  // namespace bench
