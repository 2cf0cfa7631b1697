// MySQL / MariaDB connection URLs: mysql://user:password@host:port/database?options
// (or mariadb://), percent-decoded, with the options the driver understands.
#include "core/text.hpp"
#include "my_internal.hpp"
#include "toasty/error.hpp"

namespace toasty::mysql::detail {

namespace {

constexpr std::string_view kExpectedForm =
    "expected mysql://user:password@host:port/database (or mariadb://...)";

[[noreturn]] void invalid(std::string_view url, const std::string& why) {
  throw InvalidUrl("mysql: invalid connection URL '" + redact_url(url) + "': " + why + "; " +
                   std::string(kExpectedForm));
}

std::string percent_decode(std::string_view url, std::string_view s, const char* what) {
  auto out = text::percent_decode(s);
  if (!out) invalid(url, std::string("bad percent-encoding in the ") + what);
  return std::move(*out);
}

unsigned parse_number(std::string_view url, std::string_view s, unsigned max, const char* what) {
  const std::string bad = std::string("bad ") + what + " '" + std::string(s) + "'";
  if (s.empty() || s.size() > 9) invalid(url, bad);
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') invalid(url, bad);
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v == 0 || v > max) invalid(url, std::string(what) + " out of range: " + std::string(s));
  return v;
}

}  // namespace

Url parse_url(std::string_view url) {
  std::string_view rest;
  if (text::starts_with_ci(url, "mysql://")) {
    rest = url.substr(8);
  } else if (text::starts_with_ci(url, "mariadb://")) {
    rest = url.substr(10);
  } else {
    invalid(url, "the scheme must be mysql:// or mariadb://");
  }
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  Url out;
  std::size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view path, query;
  if (auth_end != std::string_view::npos) {
    std::string_view tail = rest.substr(auth_end);
    std::size_t q = tail.find('?');
    if (q != std::string_view::npos) {
      query = tail.substr(q + 1);
      tail = tail.substr(0, q);
    }
    if (!tail.empty()) path = tail.substr(1);  // drop the '/'
  }

  std::string_view hostport = authority;
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    hostport = authority.substr(at + 1);
    std::size_t colon = userinfo.find(':');
    out.user = percent_decode(url, userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos) {
      out.password = percent_decode(url, userinfo.substr(colon + 1), "password");
    }
  }
  std::string_view host = hostport, port;
  if (!hostport.empty() && hostport.front() == '[') {  // [IPv6]:port
    std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) invalid(url, "unterminated '[' in the host");
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') invalid(url, "unexpected text after ']'");
      port = after.substr(1);
      if (port.empty()) invalid(url, "empty port");
    }
  } else if (std::size_t colon = hostport.find(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
    if (port.empty()) invalid(url, "empty port");
  }
  if (!host.empty()) out.host = percent_decode(url, host, "host");
  if (!port.empty()) out.port = parse_number(url, port, 65535, "port");

  out.database = percent_decode(url, path, "database name");
  if (out.database.find('/') != std::string::npos) {
    invalid(url, "the path must be a single database name");
  }

  for (const text::QueryItem& item : text::query_items(query)) {
    if (!item.has_value) invalid(url, "parameter '" + std::string(item.key) + "' has no value");
    std::string key = text::ascii_lower(percent_decode(url, item.key, "parameter"));
    std::string value = percent_decode(url, item.value, "parameter");
    if (key == "ssl-mode" || key == "sslmode" || key == "ssl_mode") {
      std::string v = text::ascii_lower(value);
      for (char& c : v) {
        if (c == '-') c = '_';
      }
      if (v == "disabled" || v == "disable") {
        out.ssl = SslMode::Disabled;
      } else if (v == "preferred" || v == "prefer") {
        out.ssl = SslMode::Preferred;
      } else if (v == "required" || v == "require") {
        out.ssl = SslMode::Required;
      } else if (v == "verify_identity" || v == "verify_full" || v == "verify_ca") {
        out.ssl = SslMode::VerifyIdentity;
      } else {
        invalid(url, "unknown ssl-mode '" + value +
                         "' (disabled, preferred, required or verify_identity)");
      }
    } else if (key == "connect_timeout" || key == "connect-timeout") {
      out.connect_timeout = parse_number(url, value, 86400, "connect_timeout");
    } else if (key == "socket") {
      out.socket = value;
    } else if (key == "ssl-ca" || key == "ssl_ca" || key == "sslrootcert") {
      out.ssl_ca = value;
    } else if (key == "ssl-cert" || key == "ssl_cert" || key == "sslcert") {
      out.ssl_cert = value;
    } else if (key == "ssl-key" || key == "ssl_key" || key == "sslkey") {
      out.ssl_key = value;
    } else {
      invalid(url, "unknown parameter '" + key + "' (known: ssl-mode, ssl-ca, ssl-cert, ssl-key, connect_timeout, socket)");
    }
  }
  return out;
}

}  // namespace toasty::mysql::detail
