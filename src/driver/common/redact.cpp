#include "driver/common/redact.hpp"

#include "core/text.hpp"

namespace toasty::driver_common {

namespace {

bool secret_name(std::string_view raw) {
  std::string name = text::ascii_lower(text::percent_decode(raw).value_or(std::string(raw)));
  for (std::string_view word : {"password", "secret", "token", "passwd"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  std::size_t scheme_end = out.find("://");
  std::size_t query = out.find_first_of("?#", scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (scheme_end != std::string::npos) {
    std::size_t auth_begin = scheme_end + 3;
    std::size_t end = query == std::string::npos ? out.size() : query;
    std::size_t at = end > auth_begin ? out.rfind('@', end - 1) : std::string::npos;
    if (at != std::string::npos && at >= auth_begin) {
      std::size_t colon = out.find(':', auth_begin);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "***");
        query = out.find_first_of("?#", colon + 4);
      }
    }
  }
  if (query == std::string::npos || out[query] != '?') return out;
  // key=value pairs, separated by & (or ;), up to a fragment.
  std::size_t pos = query + 1;
  while (pos < out.size() && out[pos] != '#') {
    std::size_t end = out.find_first_of("&;#", pos);
    if (end == std::string::npos) end = out.size();
    std::size_t eq = out.find('=', pos);
    if (eq != std::string::npos && eq < end && secret_name(std::string_view(out).substr(pos, eq - pos))) {
      out.replace(eq + 1, end - eq - 1, "***");
      end = eq + 4;
    }
    if (end >= out.size() || out[end] == '#') break;
    pos = end + 1;
  }
  return out;
}

std::string redact_secret(std::string msg, std::string_view secret, std::string_view user) {
  if (secret.size() < 3 || secret == user) return msg;
  for (std::size_t pos = msg.find(secret); pos != std::string::npos; pos = msg.find(secret, pos + 3))
    msg.replace(pos, secret.size(), "***");
  return msg;
}

}  // namespace toasty::driver_common
