#pragma once
// The whole pipeline in one call: lex, parse, check, emit. Used by the CLI and tests.
#include <string>
#include <string_view>

namespace toasty_gen {

struct GenerateResult {
  bool ok = false;
  // "file:line:column: error: ...\n" lines, and "warning:" lines (which leave ok true).
  std::string diagnostics;
  std::string header;       // <stem>.toasty.hpp (empty unless ok)
  std::string source;       // <stem>.toasty.cpp (empty unless ok)
};

// `path` is how diagnostics name the input (as given on the command line); the banner
// of the generated files names only its file name, so output does not depend on where
// the build runs. `stem` names the generated files. With `emit` false only the
// diagnostics are produced (--check).
GenerateResult generate(std::string_view text, std::string_view path, std::string_view stem,
                        bool emit = true);

// "dir/blog.toasty" -> "blog.toasty".
std::string file_name_of(std::string_view path);
// "dir/blog.toasty" -> "blog"; "dir/schema.txt" -> "schema".
std::string default_stem(std::string_view path);

}  // namespace toasty_gen
