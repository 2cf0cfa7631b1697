#pragma once
// gtest printing of toasty::Value (found by ADL) for readable failure messages.
#include <ostream>

#include "toasty/core/value.hpp"

namespace toasty {
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.debug_string(); }
}  // namespace toasty
