#pragma once
// Tokens of the .toasty schema language. Keywords (`model`, `namespace`, `include`,
// `true`, `false`) are plain identifiers; the parser gives them meaning by context.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "toasty-gen/diagnostics.hpp"

namespace toasty_gen {

enum class TokenKind : std::uint8_t {
  Ident,       // name, String, model
  Int,         // 42 (text = the digits)
  Float,       // 1.5, 2e10 (text = as written)
  String,      // "..." (text = decoded value)
  Hash,        // #
  LBracket,    // [
  RBracket,    // ]
  LParen,      // (
  RParen,      // )
  LBrace,      // {
  RBrace,      // }
  Lt,          // <
  Gt,          // >
  Colon,       // :
  ColonColon,  // ::
  Comma,       // ,
  Semi,        // ;
  Eq,          // =
  Minus,       // -
  Dot,         // . (reserved for relation paths such as `via = a.b`)
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  Loc loc;
  std::string text;
};

// How a token reads in an error message: "identifier `foo`", "`{`", "end of file".
std::string describe(const Token& t);
// How a token kind reads in an "expected ..." message: "`{`", "an identifier".
std::string describe(TokenKind k);

// Splits `source` into tokens, always ending with one Eof token. Lexical errors
// (unexpected characters, bad escapes, unterminated strings) go to `diags`; the lexer
// skips the offending characters and carries on.
std::vector<Token> lex(std::string_view source, Diagnostics& diags);

}  // namespace toasty_gen
