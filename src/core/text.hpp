#pragma once
// ASCII text helpers every layer uses (URL schemes, headers, keys): case folding that
// does not depend on the C locale, hex digits, percent-decoding. Private to the build.
#include <optional>
#include <string>
#include <string_view>

namespace toasty::text {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string ascii_lower(std::string_view s);
// `s` starts with `prefix`, ignoring ASCII case (`prefix` given in lower case).
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);
// The value of a hex digit, or -1.
int hex_digit(char c);
// %XX sequences decoded; nullopt when one is malformed ("%zz", a trailing "%4").
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace toasty::text
