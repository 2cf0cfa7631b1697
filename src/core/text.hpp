#pragma once
// ASCII text helpers every layer uses (URL schemes, headers, keys): case folding that
// does not depend on the C locale, hex digits, percent-decoding. Private to the build.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// SQL LIKE on UTF-8 text, case-sensitive: `%` matches any run of characters, `_` one
// character (a code point), `escape` makes the character after it literal. What SQLite's
// toasty_like() and DynamoDB's in-memory filters run, so that every backend matches alike.
// Characters of UTF-8 text (code points: the bytes that are not continuation bytes), as
// varchar(n) and #[validate(length(...))] count them.
std::size_t utf8_characters(std::string_view s);

bool like_match(std::string_view text, std::string_view pattern, char escape);

// One `key=value` item of a query string, as written (not decoded); `has_value` is false
// for an item without '='.
struct QueryItem {
  std::string_view key;
  std::string_view value;
  bool has_value = false;
};
// The non-empty items of `a=1&b=2`, in order.
std::vector<QueryItem> query_items(std::string_view query);

// Where `s` stops being UTF-8 text without NUL characters (the byte offset of a NUL or
// of the first byte of an invalid sequence: overlong, surrogate, beyond U+10FFFF,
// truncated), or nullopt when it is such text.
std::optional<std::size_t> invalid_text_at(std::string_view s);
// Throws TypeConversion unless `s` is UTF-8 text without NUL characters: what a String
// field holds on every backend (PostgreSQL and DynamoDB refuse anything else, MySQL would
// mangle it, SQLite would store it), checked before a value is sent anywhere.
void require_text(std::string_view s);

// RFC 4648 base64 of `bytes`: the standard alphabet with `=` padding, or (`url`) the
// URL-safe alphabet (`-` `_`) without padding, for text a web client hands back.
std::string base64_encode(std::string_view bytes, bool url = false);
// The bytes of `text` in that form, or nullopt; `error_at` then gets the offset of the
// first wrong character (text.size() when the length is wrong).
std::optional<std::string> base64_decode(std::string_view text, bool url = false, std::size_t* error_at = nullptr);

}  // namespace toasty::text
