#pragma once
// Facts about C++ source text the generator must respect: keywords, macros that would
// swallow a member name, reserved identifiers, and string-literal escaping.
#include <string>
#include <string_view>

namespace toasty_gen {

// A C++20 keyword or alternative token (`class`, `delete`, `and`, ...).
bool is_cpp_keyword(std::string_view name);

// A name the C/C++ standard library (or GCC/Clang in GNU mode) defines as a macro,
// e.g. `errno`, `assert`, `linux`: a member with that name would not compile.
bool is_std_macro(std::string_view name);

// Reserved for the implementation: contains `__` or starts with `_` + uppercase.
bool is_reserved_identifier(std::string_view name);

// `s` as a C++ string literal, quotes included. Non-printable and non-ASCII bytes are
// written as three-digit octal escapes so the output is plain ASCII.
std::string cpp_string_literal(std::string_view s);

}  // namespace toasty_gen
