// toasty on MySQL/MariaDB (TOASTY_BENCH_MYSQL_URL), on the shared dataset.
#include "common.hpp"
#include "schema.toasty.hpp"
#include "server_dataset.hpp"
#include "toasty_side.hpp"

namespace bench {
namespace {

toasty::Db& mysql_toasty_db() {
  static toasty::Db db = [] {
    mysql_dataset();
    return toasty::Db::connect(server_url("mysql"), benchdb::models());
  }();
  return db;
}

const bool registered = [] {
  if (server_url("mysql").empty()) return false;
  register_toasty("mysql", &mysql_toasty_db);
  return true;
}();

}  // namespace
}  // namespace bench
