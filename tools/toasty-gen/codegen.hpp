#pragma once
// Emits the C++ for a checked schema, in the shape docs/dev/generated-code.md fixes.
// Output depends only on the schema and the options: same input, same bytes.
#include <string>

#include "toasty-gen/schema.hpp"

namespace toasty_gen {

struct EmitOptions {
  std::string source_name;  // input file name for the banner, e.g. "blog.toasty"
  std::string stem;         // output stem: the source includes "<stem>.toasty.hpp"
};

std::string emit_header(const Schema& schema, const EmitOptions& options);
std::string emit_source(const Schema& schema, const EmitOptions& options);

}  // namespace toasty_gen
