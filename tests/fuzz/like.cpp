// Fuzz target: LIKE patterns users type (untrusted text) and the text they are matched
// against. like_pattern() may only refuse with InvalidStatement; what it accepts, like_match
// must run on without reading out of bounds, and a pattern made of UTF-8 text itself (every
// wildcard escaped) must match the text. The first byte picks the escape character; the
// rest splits at the first NUL into pattern and text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "fuzz_target.hpp"
#include "toasty/error.hpp"
#include "toasty/model/path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char escape = static_cast<char>(data[0]);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t nul = rest.find('\0');
  const std::string_view pattern = rest.substr(0, nul);
  const std::string_view text = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
  constexpr char kEsc = toasty::stmt::ExprTextMatch::kLikeEscape;
  try {
    const std::string rewritten = toasty::detail::like_pattern(pattern, escape);
    (void)toasty::text::like_match(text, rewritten, kEsc);
    // UTF-8 text (what String fields hold), every wildcard escaped, matches exactly itself.
    if (toasty::text::invalid_text_at(text)) return 0;
    std::string literal;
    for (char c : text) {
      if (c == escape || c == '%' || c == '_') literal += escape;
      literal += c;
    }
    const std::string exact = toasty::detail::like_pattern(literal, escape);
    if (!toasty::text::like_match(text, exact, kEsc)) std::abort();
  } catch (const toasty::InvalidStatement&) {
  }
  return 0;
}
