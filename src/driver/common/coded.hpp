#pragma once
// Throwing a toasty error that carries the database's own code (Error::code, sqlstate,
// retryable): shared by the drivers.
#include <string>

#include "toasty/error.hpp"

namespace toasty::driver_common {

template <class E>
[[noreturn]] void throw_coded(E error, std::string code, std::string sqlstate, bool retryable) {
  error.set_database_code(std::move(code), std::move(sqlstate), retryable);
  throw error;
}

}  // namespace toasty::driver_common
