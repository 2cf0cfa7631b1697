#pragma once
// PostgreSQL driver (libpq).
//
//   auto driver = toasty::postgresql::open("postgresql://user:secret@127.0.0.1:5432/app");
//
// Accepted URLs: `postgresql://` and `postgres://` URIs in libpq's syntax
// (`postgresql://[user[:password]@][host][:port][/database][?param=value&...]`, e.g.
// `?sslmode=require`, `?connect_timeout=5`). The URL is validated here (bad URL →
// toasty::InvalidUrl); connections are opened by Driver::connect() (failure →
// toasty::ConnectionError, with the password redacted from the message).
//
// Each connection prepares every distinct SQL text once (statements `toasty_s1`, ...) and
// then reuses it. PostgreSQL has no unsigned 64-bit type: u64 values above INT64_MAX are
// refused with toasty::TypeConversion (Capability::full_u64 is false).
#include <memory>
#include <string_view>

#include "toasty/driver/driver.hpp"

namespace toasty::postgresql {

std::unique_ptr<driver::Driver> open(std::string_view url);

}  // namespace toasty::postgresql
