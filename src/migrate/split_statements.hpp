#pragma once
// A migration file's text as the statements it holds, split at each `;` that ends a
// statement: not one inside a quoted string ('...', "...", `...`), a comment (-- to the end
// of the line, /* ... */) or a PostgreSQL dollar-quoted body ($$ ... $$, $tag$ ... $tag$).
// A file is plain SQL that people review and edit, so this is the one place that reads it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace toasty::migrations {

struct SqlStatement {
  std::string text;  // without the closing `;`, trimmed; comments before it left out
  std::size_t line;  // 1-based line of its first character in the file
};

// Statements that are only comments or blank are left out. Throws InvalidSchema naming
// `file` and the line where an unterminated string, comment or dollar quote begins.
// `backslash_escapes`: a backslash escapes the next character inside quotes (MySQL's
// strings); elsewhere it is an ordinary character ('C:\' is a whole string).
std::vector<SqlStatement> split_statements(std::string_view text, const std::string& file,
                                           bool backslash_escapes = false);

}  // namespace toasty::migrations
