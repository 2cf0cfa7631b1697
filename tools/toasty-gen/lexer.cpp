#include "toasty-gen/lexer.hpp"

#include <cstdio>

namespace toasty_gen {
namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

class Lexer {
 public:
  Lexer(std::string_view src, Diagnostics& diags) : src_(src), diags_(diags) {
    // A UTF-8 byte order mark is not part of the text.
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_trivia();
      Token t;
      t.loc = loc_;
      if (at_end()) {
        t.kind = TokenKind::Eof;
        out.push_back(std::move(t));
        return out;
      }
      char c = peek();
      if (is_ident_start(c)) {
        t.kind = TokenKind::Ident;
        while (!at_end() && is_ident_char(peek())) t.text += advance();
      } else if (is_digit(c)) {
        lex_number(t);
      } else if (c == '"') {
        lex_string(t);
      } else if (!lex_punct(t)) {
        unexpected_char();
        continue;
      }
      out.push_back(std::move(t));
    }
  }

 private:
  bool at_end() const { return pos_ >= src_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }

  char advance() {
    char c = src_[pos_++];
    if (c == '\n') {
      ++loc_.line;
      loc_.col = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      // UTF-8 continuation bytes do not start a new column.
      ++loc_.col;
    }
    return c;
  }

  void skip_trivia() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        Loc start = loc_;
        advance();
        advance();
        for (;;) {
          if (at_end()) {
            diags_.error(start, "unterminated block comment");
            return;
          }
          if (peek() == '*' && peek(1) == '/') {
            advance();
            advance();
            break;
          }
          advance();
        }
      } else {
        return;
      }
    }
  }

  void lex_number(Token& t) {
    t.kind = TokenKind::Int;
    while (!at_end() && is_digit(peek())) t.text += advance();
    if (peek() == '.' && is_digit(peek(1))) {
      t.kind = TokenKind::Float;
      t.text += advance();
      while (!at_end() && is_digit(peek())) t.text += advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      t.kind = TokenKind::Float;
      t.text += advance();
      if (peek() == '+' || peek() == '-') t.text += advance();
      while (!at_end() && is_digit(peek())) t.text += advance();
    }
    if (!at_end() && is_ident_char(peek())) {
      Loc at = loc_;
      std::string suffix;
      while (!at_end() && is_ident_char(peek())) suffix += advance();
      diags_.error(at, "invalid suffix `" + suffix + "` on number `" + t.text + "`");
    }
  }

  void lex_string(Token& t) {
    t.kind = TokenKind::String;
    Loc start = loc_;
    advance();  // opening quote
    for (;;) {
      if (at_end() || peek() == '\n') {
        diags_.error(start, "unterminated string literal");
        return;
      }
      char c = advance();
      if (c == '"') return;
      if (c != '\\') {
        t.text += c;
        continue;
      }
      Loc esc = loc_;
      esc.col -= 1;  // point at the backslash
      if (at_end() || peek() == '\n') {
        diags_.error(start, "unterminated string literal");
        return;
      }
      char e = advance();
      switch (e) {
        case '"': t.text += '"'; break;
        case '\\': t.text += '\\'; break;
        case 'n': t.text += '\n'; break;
        case 't': t.text += '\t'; break;
        case 'r': t.text += '\r'; break;
        default:
          diags_.error(esc, std::string("unknown escape sequence `\\") + e +
                                "` (supported: \\\" \\\\ \\n \\t \\r)");
          break;
      }
    }
  }

  bool lex_punct(Token& t) {
    switch (peek()) {
      case '#': t.kind = TokenKind::Hash; break;
      case '[': t.kind = TokenKind::LBracket; break;
      case ']': t.kind = TokenKind::RBracket; break;
      case '(': t.kind = TokenKind::LParen; break;
      case ')': t.kind = TokenKind::RParen; break;
      case '{': t.kind = TokenKind::LBrace; break;
      case '}': t.kind = TokenKind::RBrace; break;
      case '<': t.kind = TokenKind::Lt; break;
      case '>': t.kind = TokenKind::Gt; break;
      case ',': t.kind = TokenKind::Comma; break;
      case ';': t.kind = TokenKind::Semi; break;
      case '=': t.kind = TokenKind::Eq; break;
      case '-': t.kind = TokenKind::Minus; break;
      case '.': t.kind = TokenKind::Dot; break;
      case ':':
        if (peek(1) == ':') {
          t.kind = TokenKind::ColonColon;
          t.text = "::";
          advance();
          advance();
          return true;
        }
        t.kind = TokenKind::Colon;
        break;
      default:
        return false;
    }
    t.text = std::string(1, advance());
    return true;
  }

  void unexpected_char() {
    Loc at = loc_;
    unsigned char c = static_cast<unsigned char>(peek());
    std::string shown;
    if (c >= 0x80) {
      // Show the whole UTF-8 sequence.
      shown += advance();
      while (!at_end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) shown += advance();
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      shown = buf;
      advance();
    } else {
      shown = std::string(1, advance());
    }
    diags_.error(at, "unexpected character `" + shown + "`");
  }

  std::string_view src_;
  Diagnostics& diags_;
  std::size_t pos_ = 0;
  Loc loc_;
};

}  // namespace

std::string describe(TokenKind k) {
  switch (k) {
    case TokenKind::Ident: return "an identifier";
    case TokenKind::Int: return "an integer";
    case TokenKind::Float: return "a number";
    case TokenKind::String: return "a string literal";
    case TokenKind::Hash: return "`#`";
    case TokenKind::LBracket: return "`[`";
    case TokenKind::RBracket: return "`]`";
    case TokenKind::LParen: return "`(`";
    case TokenKind::RParen: return "`)`";
    case TokenKind::LBrace: return "`{`";
    case TokenKind::RBrace: return "`}`";
    case TokenKind::Lt: return "`<`";
    case TokenKind::Gt: return "`>`";
    case TokenKind::Colon: return "`:`";
    case TokenKind::ColonColon: return "`::`";
    case TokenKind::Comma: return "`,`";
    case TokenKind::Semi: return "`;`";
    case TokenKind::Eq: return "`=`";
    case TokenKind::Minus: return "`-`";
    case TokenKind::Dot: return "`.`";
    case TokenKind::Eof: return "end of file";
  }
  return "?";
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::Ident: return "identifier `" + t.text + "`";
    case TokenKind::Int: return "integer `" + t.text + "`";
    case TokenKind::Float: return "number `" + t.text + "`";
    case TokenKind::String: return "string literal";
    default: return describe(t.kind);
  }
}

std::vector<Token> lex(std::string_view source, Diagnostics& diags) {
  return Lexer(source, diags).run();
}

}  // namespace toasty_gen
