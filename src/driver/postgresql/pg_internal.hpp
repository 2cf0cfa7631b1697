#pragma once
// Helpers of the PostgreSQL driver that need no server; exposed for the driver's tests.
#include <string>
#include <string_view>

#include "driver/common/redact.hpp"
#include <vector>

namespace toasty::postgresql::detail {

// The URL with its password (user-info part and `password=` query parameter) replaced by
// `***`, for messages.
// The URL for messages: driver/common/redact.hpp.
using driver_common::redact_url;

struct CheckedUrl {
  std::string url;       // for libpq, with the scheme in lower case
  std::string password;  // decoded ("" when none), to redact it from messages
  std::string user;      // decoded ("" when none)
};

// Checks the scheme (case-insensitively) and lets libpq parse the rest; throws
// toasty::InvalidUrl naming the (redacted) URL and the expected form.
CheckedUrl validate_url(std::string_view url);

// Column names from a unique-violation detail such as
// `Key (email)=(a@b.c) already exists.` or `Key ("Email", org_id)=(x, 1) already exists.`.
// Empty when the text has another shape.
std::vector<std::string> parse_key_columns(std::string_view detail);

}  // namespace toasty::postgresql::detail
