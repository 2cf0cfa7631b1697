#include "core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "toasty/error.hpp"

namespace toasty::text {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equals_ci(s.substr(0, prefix.size()), prefix);
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::vector<QueryItem> query_items(std::string_view query) {
  std::vector<QueryItem> out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      out.push_back({item, {}, false});
    } else {
      out.push_back({item.substr(0, eq), item.substr(eq + 1), true});
    }
  }
  return out;
}

std::optional<std::size_t> invalid_text_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time, none of them NUL: the common case.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr std::uint64_t kHigh = 0x8080808080808080ull, kOnes = 0x0101010101010101ull;
      if ((w & kHigh) == 0 && ((w - kOnes) & ~w & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return i;
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;        // no overlong forms
      else if (c == 0xED) hi = 0x9F;   // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;        // no overlong forms
      else if (c == 0xF4) hi = 0x8F;   // nothing beyond U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::nullopt;
}

void require_text(std::string_view s) {
  auto at = invalid_text_at(s);
  if (!at) return;
  bool nul = s[*at] == '\0';
  throw TypeConversion(std::string("toasty: a String value must be UTF-8 text without NUL characters; this one has ") +
                       (nul ? "a NUL character" : "invalid UTF-8") + " at byte " + std::to_string(*at) + " of " +
                       std::to_string(s.size()) + " (binary data belongs in a Bytes field)");
}

namespace {
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64_value(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}
}  // namespace

std::string base64_encode(std::string_view bytes, bool url) {
  const char* alphabet = url ? kBase64Url : kBase64;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t bits = 0;
  int pending = 0;  // bits held in `bits`
  for (char ch : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(ch);
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out.push_back(alphabet[(bits >> pending) & 63]);
    }
  }
  if (pending > 0) out.push_back(alphabet[(bits << (6 - pending)) & 63]);
  if (!url)
    while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, bool url, std::size_t* error_at) {
  auto fail = [&](std::size_t at) -> std::optional<std::string> {
    if (error_at) *error_at = at;
    return std::nullopt;
  };
  std::size_t data = text.size();
  if (!url) {
    if (text.size() % 4 != 0) return fail(text.size());
    // At most two `=`, only at the end.
    while (data > 0 && text.size() - data < 2 && text[data - 1] == '=') --data;
  }
  if (data % 4 == 1) return fail(text.size());  // no whole byte in the last group
  std::string out;
  out.reserve(data / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int pending = 0;
  for (std::size_t i = 0; i < data; ++i) {
    int v = base64_value(text[i], url);
    if (v < 0) return fail(i);
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out.push_back(static_cast<char>((bits >> pending) & 0xFF));
    }
  }
  // The bits left over must be zero: each text has one encoding.
  if (pending > 0 && (bits & ((1u << pending) - 1)) != 0) return fail(data - 1);
  return out;
}

namespace {
// Bytes of the UTF-8 character starting with `c` (1 for a stray continuation byte).
std::size_t utf8_length(char c) {
  const auto b = static_cast<unsigned char>(c);
  if (b < 0xC0) return 1;
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 3;
  return 4;
}
}  // namespace

std::size_t utf8_characters(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;  // not a UTF-8 continuation byte
  return n;
}

bool like_match(std::string_view text, std::string_view pattern, char escape) {
  // Iterative matching with one backtrack point (the last `%`): linear space, and no
  // exponential blow-up on patterns such as "%a%a%a%b".
  std::size_t t = 0, p = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '%') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '_') {
        t += std::min(utf8_length(text[t]), text.size() - t);
        ++p;
        continue;
      }
      std::size_t lit = p;
      if (c == escape && p + 1 < pattern.size()) lit = p + 1;
      const std::size_t n = std::min(utf8_length(pattern[lit]), pattern.size() - lit);
      if (text.compare(t, n, pattern, lit, n) == 0) {
        t += n;
        p = lit + n;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    // Let the last `%` take one more character and try again from there.
    star_t += std::min(utf8_length(text[star_t]), text.size() - star_t);
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace toasty::text
