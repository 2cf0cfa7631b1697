// toasty on PostgreSQL (TOASTY_BENCH_POSTGRESQL_URL), on the shared dataset.
#include "common.hpp"
#include "schema.toasty.hpp"
#include "server_dataset.hpp"
#include "toasty_side.hpp"

namespace bench {
namespace {

toasty::Db& pg_toasty_db() {
  static toasty::Db db = [] {
    pg_dataset();
    return toasty::Db::connect(server_url("postgresql"), benchdb::models());
  }();
  return db;
}

const bool registered = [] {
  if (server_url("postgresql").empty()) return false;
  register_toasty("postgresql", &pg_toasty_db);
  return true;
}();

}  // namespace
}  // namespace bench
