// LIKE patterns from users: rewritten with the one escape character every backend is given
// (ExprTextMatch::kLikeEscape), so that no dialect's string-literal rules (MySQL's
// backslashes) touch it.
#include <string>
#include <string_view>

#include "toasty/error.hpp"
#include "toasty/model/path.hpp"

namespace toasty::detail {

std::string like_pattern(std::string_view pattern, char escape) {
  constexpr char kEsc = stmt::ExprTextMatch::kLikeEscape;
  const auto c = static_cast<unsigned char>(escape);
  const bool alnum = (escape >= 'a' && escape <= 'z') || (escape >= 'A' && escape <= 'Z') || (escape >= '0' && escape <= '9');
  if (c < 0x21 || c > 0x7E || alnum || escape == '%' || escape == '_' || escape == '\'' || escape == '"')
    throw InvalidStatement(std::string("toasty: like(): the escape character must be a printable ASCII symbol other than "
                                       "%, _ and quotes (got ") +
                           (c >= 0x21 && c <= 0x7E ? std::string(1, escape) : "byte " + std::to_string(c)) + ")");
  std::string out;
  out.reserve(pattern.size() + 4);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char ch = pattern[i];
    if (ch == escape) {
      if (i + 1 == pattern.size())
        throw InvalidStatement("toasty: like(): the pattern ends with its escape character '" + std::string(1, escape) +
                               "' (escape % as " + std::string(1, escape) + "%, the escape itself as " +
                               std::string(2, escape) + ")");
      out += kEsc;
      out += pattern[++i];
    } else if (ch == kEsc) {
      out += kEsc;  // a literal '!' of the user's pattern
      out += kEsc;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace toasty::detail
