// Fuzz target: the schema language front end (lexer, parser, checker, code generator).
// A refusal must name the file and a line:column; an accepted schema emits a header.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_target.hpp"
#include "toasty-gen/generate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  toasty_fuzz::only_toasty_errors([&] {
    auto r = toasty_gen::generate(text, "f.toasty", "f", true);
    if (r.ok && r.header.empty()) std::abort();
    if (!r.ok && (r.diagnostics.rfind("f.toasty:", 0) != 0 || !r.header.empty())) std::abort();
  });
  return 0;
}
