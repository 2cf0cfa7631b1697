#pragma once
// Helpers shared by the toasty-gen tests.
#include <string>
#include <string_view>

#include "toasty-gen/generate.hpp"

namespace gen_test {

// Diagnostics for `src` as if read from "t.toasty" ("" when it is valid).
inline std::string errors_of(std::string_view src) {
  return toasty_gen::generate(src, "t.toasty", "t", false).diagnostics;
}

// Diagnostics of a body placed after `namespace t;` on line 1, so tests about one rule
// are not also about the namespace. Line numbers in `body` start at 2.
inline std::string errors_in(std::string_view body) {
  return errors_of("namespace t;\n" + std::string(body));
}

inline toasty_gen::GenerateResult gen(std::string_view src) {
  return toasty_gen::generate(src, "dir/t.toasty", "t", true);
}

}  // namespace gen_test
