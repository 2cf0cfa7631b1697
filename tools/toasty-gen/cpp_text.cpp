#include "toasty-gen/cpp_text.hpp"

#include <algorithm>
#include <iterator>

namespace toasty_gen {
namespace {

constexpr std::string_view kKeywords[] = {
    "alignas",      "alignof",      "and",          "and_eq",        "asm",
    "auto",         "bitand",       "bitor",        "bool",          "break",
    "case",         "catch",        "char",         "char16_t",      "char32_t",
    "char8_t",      "class",        "co_await",     "co_return",     "co_yield",
    "compl",        "concept",      "const",        "const_cast",    "consteval",
    "constexpr",    "constinit",    "continue",     "decltype",      "default",
    "delete",       "do",           "double",       "dynamic_cast",  "else",
    "enum",         "explicit",     "export",       "extern",        "false",
    "float",        "for",          "friend",       "goto",          "if",
    "import",       "inline",       "int",          "long",          "module",
    "mutable",      "namespace",    "new",          "noexcept",      "not",
    "not_eq",       "nullptr",      "operator",     "or",            "or_eq",
    "private",      "protected",    "public",       "register",      "reinterpret_cast",
    "requires",     "return",       "short",        "signed",        "sizeof",
    "static",       "static_assert","static_cast",  "struct",        "switch",
    "template",     "this",         "thread_local", "throw",         "true",
    "try",          "typedef",      "typeid",       "typename",      "union",
    "unsigned",     "using",        "virtual",      "void",          "volatile",
    "wchar_t",      "while",        "xor",          "xor_eq",        "final",
    "override",     "restrict",
};

constexpr std::string_view kMacros[] = {
    "EOF",  "NULL",   "assert",  "errno",  "i386",     "linux", "offsetof",
    "unix", "va_arg", "va_copy", "va_end", "va_start", "setjmp",
};

}  // namespace

bool is_cpp_keyword(std::string_view name) {
  // `final`, `override`, `import` and `module` are contextual; they are legal member
  // names but confusing enough that we treat them like keywords. `restrict` is a
  // keyword in C and an extension in C++ compilers.
  return std::find(std::begin(kKeywords), std::end(kKeywords), name) != std::end(kKeywords);
}

bool is_std_macro(std::string_view name) {
  return std::find(std::begin(kMacros), std::end(kMacros), name) != std::end(kMacros);
}

bool is_reserved_identifier(std::string_view name) {
  if (name.find("__") != std::string_view::npos) return true;
  return name.size() >= 2 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z';
}

std::string cpp_string_literal(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          out += '\\';
          out += static_cast<char>('0' + ((c >> 6) & 7));
          out += static_cast<char>('0' + ((c >> 3) & 7));
          out += static_cast<char>('0' + (c & 7));
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace toasty_gen
