// sqlite:... URLs.
#include <cctype>
#include <string>

#include "core/text.hpp"
#include "internal.hpp"
#include "toasty/error.hpp"

namespace toasty::sqlite::detail {

namespace {

[[noreturn]] void invalid(std::string_view url, std::string_view why) {
  std::string shown;  // what() stops at a NUL: show it escaped
  for (char c : url) {
    if (c == '\0') {
      shown += "\\0";
    } else {
      shown += c;
    }
  }
  throw InvalidUrl("toasty: invalid SQLite URL \"" + shown + "\": " + std::string(why) +
                   "; expected sqlite::memory:, sqlite://relative/path.db, "
                   "sqlite:///absolute/path.db or sqlite:path.db");
}

}  // namespace

Location parse_url(std::string_view url) {
  constexpr std::string_view scheme = "sqlite:";
  if (!text::starts_with_ci(url, scheme)) invalid(url, "the scheme is not sqlite:");
  std::string_view rest = url.substr(scheme.size());
  if (rest == ":memory:") return Location{true, {}};
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);  // sqlite://rel/path -> rel/path, sqlite:///abs -> /abs
    if (rest == ":memory:") return Location{true, {}};
  }
  if (rest.empty()) invalid(url, "no database path");
  if (rest.front() == ':') invalid(url, "unknown special name (only :memory: exists)");
  if (rest.find('\0') != std::string_view::npos) invalid(url, "the path contains a NUL character");
  std::string path(rest);
  // Never let SQLite read the path as a "file:" URI.
  if (text::starts_with_ci(path, "file:")) path.insert(0, "./");
  return Location{false, std::move(path)};
}

}  // namespace toasty::sqlite::detail
