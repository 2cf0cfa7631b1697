// toasty on SQLite in memory: a private in-memory database, loaded once.
#include <toasty/driver/sqlite.hpp>

#include "common.hpp"
#include "sqlite_load.hpp"
#include "schema.toasty.hpp"
#include "toasty_side.hpp"

namespace bench {
namespace {

toasty::Db& sqlite_toasty_db() {
  static toasty::Db db = [] {
    toasty::Db d = toasty::Db::connect("sqlite::memory:", benchdb::models());
    d.push_schema();
    // Same loader as the raw side, on toasty's own connection (setup is not measured).
    auto lease = d.pool().acquire();
    sqlite_load(toasty::sqlite::native_handle(*lease));
    return d;
  }();
  return db;
}

const bool registered = [] {
  register_toasty("sqlite", &sqlite_toasty_db);
  return true;
}();

}  // namespace
}  // namespace bench
