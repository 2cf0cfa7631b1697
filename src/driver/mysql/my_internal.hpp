#pragma once
// Helpers of the MySQL driver that need no server; exposed for the driver's tests.
#include <string>
#include <string_view>

#include "driver/common/redact.hpp"

namespace toasty::mysql::detail {

enum class SslMode { Default, Disabled, Preferred, Required, VerifyIdentity };

struct Url {
  std::string host = "localhost";
  unsigned port = 3306;
  std::string user;
  std::string password;
  std::string database;  // "" = none
  std::string socket;    // unix socket path; "" = TCP
  unsigned connect_timeout = 10;
  SslMode ssl = SslMode::Default;
};

// Parses a mysql:// or mariadb:// URL; throws toasty::InvalidUrl naming the (redacted)
// URL, what is wrong and the expected form.
Url parse_url(std::string_view url);

// The URL with the password replaced by `***`, for messages.
// The URL for messages: driver/common/redact.hpp.
using driver_common::redact_url;

// The key named by a duplicate-entry message ("Duplicate entry 'x' for key 'idx'" or
// "... for key 'table.idx'"), as printed; "" when the message has another shape.
std::string duplicate_key_name(std::string_view message);

}  // namespace toasty::mysql::detail
