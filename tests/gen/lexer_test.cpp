#include "toasty-gen/lexer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using toasty_gen::Diagnostics;
using toasty_gen::lex;
using toasty_gen::Token;
using K = toasty_gen::TokenKind;

std::vector<K> kinds(const std::vector<Token>& toks) {
  std::vector<K> out;
  for (const auto& t : toks) out.push_back(t.kind);
  return out;
}

TEST(Lexer, PunctuationAndIdentifiers) {
  Diagnostics d;
  auto toks = lex("#[key] id: u64, Option<String> a::b ; = - ( ) { }", d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(kinds(toks),
            (std::vector<K>{K::Hash, K::LBracket, K::Ident, K::RBracket, K::Ident, K::Colon,
                            K::Ident, K::Comma, K::Ident, K::Lt, K::Ident, K::Gt, K::Ident,
                            K::ColonColon, K::Ident, K::Semi, K::Eq, K::Minus, K::LParen,
                            K::RParen, K::LBrace, K::RBrace, K::Eof}));
  EXPECT_EQ(toks[2].text, "key");
  EXPECT_EQ(toks[12].text, "a");
}

TEST(Lexer, NestedGenericsCloseWithTwoTokens) {
  Diagnostics d;
  auto toks = lex("Option<BelongsTo<User>>", d);
  EXPECT_EQ(kinds(toks), (std::vector<K>{K::Ident, K::Lt, K::Ident, K::Lt, K::Ident, K::Gt,
                                         K::Gt, K::Eof}));
}

TEST(Lexer, LocationsAreOneBased) {
  Diagnostics d;
  auto toks = lex("model\n  User {", d);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[0].loc.line, 1u);
  EXPECT_EQ(toks[0].loc.col, 1u);
  EXPECT_EQ(toks[1].loc.line, 2u);
  EXPECT_EQ(toks[1].loc.col, 3u);
  EXPECT_EQ(toks[2].loc.col, 8u);
  EXPECT_EQ(toks[3].kind, K::Eof);
}

TEST(Lexer, ColumnsCountCodePointsNotBytes) {
  Diagnostics d;
  auto toks = lex("\"é\" x", d);  // é is two bytes in UTF-8
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[1].loc.col, 5u);
}

TEST(Lexer, SkipsCommentsAndByteOrderMark) {
  Diagnostics d;
  auto toks = lex("\xEF\xBB\xBF// line comment\n/* block\ncomment */ a // trailing\n", d);
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].text, "a");
  EXPECT_EQ(toks[0].loc.line, 3u);
  EXPECT_EQ(toks[0].loc.col, 12u);
}

TEST(Lexer, CrLfLineEndings) {
  Diagnostics d;
  auto toks = lex("a\r\nb", d);
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[1].loc.line, 2u);
  EXPECT_EQ(toks[1].loc.col, 1u);
}

TEST(Lexer, Numbers) {
  Diagnostics d;
  auto toks = lex("0 42 1.5 2e10 3.25E-2 7.", d);  // "7." is 7 then a dot
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(kinds(toks), (std::vector<K>{K::Int, K::Int, K::Float, K::Float, K::Float, K::Int,
                                         K::Dot, K::Eof}));
  EXPECT_EQ(toks[1].text, "42");
  EXPECT_EQ(toks[2].text, "1.5");
  EXPECT_EQ(toks[3].text, "2e10");
  EXPECT_EQ(toks[4].text, "3.25E-2");
}

TEST(Lexer, StringEscapes) {
  Diagnostics d;
  auto toks = lex(R"("a\"b\\c\nd\te\r")", d);
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(toks[0].kind, K::String);
  EXPECT_EQ(toks[0].text, "a\"b\\c\nd\te\r");
}

TEST(Lexer, UnknownEscape) {
  Diagnostics d;
  lex(R"(x "ab\qc")", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:6: error: unknown escape sequence `\\q` (supported: \\\" \\\\ \\n \\t \\r)\n");
}

TEST(Lexer, UnterminatedString) {
  Diagnostics d;
  auto toks = lex("a \"abc\nb", d);
  EXPECT_EQ(d.format("t.toasty"), "t.toasty:1:3: error: unterminated string literal\n");
  // Lexing continues on the next line.
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[2].text, "b");
}

TEST(Lexer, UnterminatedBlockComment) {
  Diagnostics d;
  lex("a /* never closed", d);
  EXPECT_EQ(d.format("t.toasty"), "t.toasty:1:3: error: unterminated block comment\n");
}

TEST(Lexer, UnexpectedCharacterIsSkipped) {
  Diagnostics d;
  auto toks = lex("a $ b", d);
  EXPECT_EQ(d.format("t.toasty"), "t.toasty:1:3: error: unexpected character `$`\n");
  EXPECT_EQ(kinds(toks), (std::vector<K>{K::Ident, K::Ident, K::Eof}));
}

TEST(Lexer, UnexpectedNonAsciiCharacter) {
  Diagnostics d;
  lex("a é", d);
  EXPECT_EQ(d.format("t.toasty"), "t.toasty:1:3: error: unexpected character `é`\n");
}

TEST(Lexer, NumberWithSuffix) {
  Diagnostics d;
  lex("12abc", d);
  EXPECT_EQ(d.format("t.toasty"), "t.toasty:1:3: error: invalid suffix `abc` on number `12`\n");
}

TEST(Lexer, DescribeTokens) {
  Diagnostics d;
  auto toks = lex("name 12 \"s\" {", d);
  EXPECT_EQ(toasty_gen::describe(toks[0]), "identifier `name`");
  EXPECT_EQ(toasty_gen::describe(toks[1]), "integer `12`");
  EXPECT_EQ(toasty_gen::describe(toks[2]), "string literal");
  EXPECT_EQ(toasty_gen::describe(toks[3]), "`{`");
  EXPECT_EQ(toasty_gen::describe(toks[4]), "end of file");
}

}  // namespace
