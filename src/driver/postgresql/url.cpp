// PostgreSQL connection URLs: checked by libpq's own parser, the password kept aside so
// that connection failures can be redacted.
#include <cstring>

#include "core/text.hpp"
#include "pg_internal.hpp"
#include "toasty/error.hpp"

namespace toasty::postgresql::detail {

namespace {
constexpr std::string_view kExpectedForm =
    "expected postgresql://user:password@host:port/database?param=value (or postgres://...)";

// libpq's reason for refusing a URL may quote a piece of it (a password with a bad
// percent-encoding): quoted parts are hidden.
std::string unquoted(std::string why) {
  for (std::size_t open = why.find('"'); open != std::string::npos; open = why.find('"', open + 5)) {
    std::size_t close = why.find('"', open + 1);
    if (close == std::string::npos) break;
    why.replace(open + 1, close - open - 1, "***");
  }
  return why;
}
}  // namespace

CheckedUrl validate_url(std::string_view url) {
  if (!text::starts_with_ci(url, "postgresql://") && !text::starts_with_ci(url, "postgres://")) {
    throw InvalidUrl("postgresql: invalid connection URL '" + redact_url(url) + "': " +
                     std::string(kExpectedForm));
  }
  // libpq only knows the lower-case scheme.
  std::string text(url);
  for (std::size_t i = 0; text[i] != ':'; ++i) {
    if (text[i] >= 'A' && text[i] <= 'Z') text[i] = static_cast<char>(text[i] - 'A' + 'a');
  }
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(text.c_str(), &err);
  if (opts == nullptr) {
    std::string why = err ? err : "out of memory";
    if (err) PQfreemem(err);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw InvalidUrl("postgresql: invalid connection URL '" + redact_url(url) + "' (" + unquoted(why) +
                     "): " + std::string(kExpectedForm));
  }
  std::string password, user;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (std::strcmp(o->keyword, "password") == 0) password = o->val;
    if (std::strcmp(o->keyword, "user") == 0) user = o->val;
  }
  PQconninfoFree(opts);
  return CheckedUrl{std::move(text), std::move(password), std::move(user)};
}

}  // namespace toasty::postgresql::detail
