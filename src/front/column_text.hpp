#pragma once
// "column `x` of table `t`": how errors about a stored value name where it came from.
#include <string>

#include "toasty/schema/app.hpp"

namespace toasty::detail {
std::string column_text(const app::Model& model, const app::Field& f);
}  // namespace toasty::detail
