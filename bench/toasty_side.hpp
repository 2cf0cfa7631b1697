#pragma once
// The toasty side of every scenario, written once against toasty::Db; each backend file
// (sqlite_toasty.cpp, pg_toasty.cpp, mysql_toasty.cpp) supplies the loaded database.
#include <functional>
#include <string>

#include <toasty/toasty.hpp>

namespace bench {

// Registers BM_<scenario>/<backend>/toasty for every scenario. `db()` is called inside
// each benchmark before its timed loop; it sets up and loads the database on first use.
void register_toasty(const std::string& backend, std::function<toasty::Db&()> db);

}  // namespace bench
