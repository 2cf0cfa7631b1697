#pragma once
// Recursive-descent parser for .toasty files (grammar in ast.hpp). Syntax errors are
// reported to `diags` and the parser resynchronises at the next field or model, so one
// run reports every independent syntax error.
#include <string_view>
#include <vector>

#include "toasty-gen/ast.hpp"
#include "toasty-gen/diagnostics.hpp"
#include "toasty-gen/lexer.hpp"

namespace toasty_gen {

ast::File parse(const std::vector<Token>& tokens, Diagnostics& diags);

// lex + parse.
ast::File parse_source(std::string_view source, Diagnostics& diags);

}  // namespace toasty_gen
