#pragma once
// Semantic analysis: resolves types and attributes of the syntax tree, enforces the
// schema rules (keys, #[auto], defaults, names usable in C++) and builds the Schema
// that code generation reads. Every problem found is reported to `diags`; the returned
// Schema is only meaningful when no error was reported.
#include "toasty-gen/ast.hpp"
#include "toasty-gen/diagnostics.hpp"
#include "toasty-gen/schema.hpp"

namespace toasty_gen {

Schema check(const ast::File& file, Diagnostics& diags);

}  // namespace toasty_gen
