#pragma once
// Secrets out of messages: what every driver does before a URL or a server's message
// reaches an error or a log line.
#include <string>
#include <string_view>

namespace toasty::driver_common {

// The URL with the password of its user info and the values of secret query parameters
// (password, sslpassword, secret, token, ...: by their percent-decoded name, any case)
// replaced by ***. The user info ends at the last '@' before the query, so a password
// holding an unencoded '/' or '@' is still hidden.
std::string redact_url(std::string_view url);

// `msg` with every occurrence of `secret` replaced by ***; left as it is when the secret
// is shorter than 3 characters or equal to `user` (messages print user names).
std::string redact_secret(std::string msg, std::string_view secret, std::string_view user = {});

}  // namespace toasty::driver_common
