#pragma once
// The one path of Executor::exec_sql for a Db and a Transaction.
#include <span>
#include <string_view>

#include "toasty/db.hpp"

namespace toasty::detail {

ResultSet run_sql(driver::Connection& conn, const Schema& schema, std::string_view sql, std::span<const Value> params,
                  const app::Model* model);

}  // namespace toasty::detail
