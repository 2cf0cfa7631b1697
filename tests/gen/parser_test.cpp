#include "toasty-gen/parser.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "toasty-gen/generate.hpp"

namespace {

using toasty_gen::Diagnostics;
using toasty_gen::parse_source;
namespace ast = toasty_gen::ast;

TEST(Parser, FullFile) {
  Diagnostics d;
  ast::File f = parse_source(R"(
// comment
include "blog_ext.hpp";
namespace blog::v1;

#[table("people")]
#[mixin(blog_ext::UserMethods)]
model User {
    #[key] #[auto] id: u64,
    #[column("display_name")] name: String,
    bio: Option<String>,
    #[default(-5)] karma: i64,
}

#[key(student_id, course_id)]
model Enrollment { student_id: u64, course_id: u64, grade: Option<f64> }
)", d);
  ASSERT_FALSE(d.has_errors()) << d.format("t");
  ASSERT_EQ(f.includes.size(), 1u);
  EXPECT_EQ(f.includes[0].path, "blog_ext.hpp");
  EXPECT_EQ(f.includes[0].loc.line, 3u);
  ASSERT_EQ(f.namespaces.size(), 1u);
  EXPECT_EQ(f.namespaces[0].path.str(), "blog::v1");
  ASSERT_EQ(f.models.size(), 2u);

  const ast::Model& user = f.models[0];
  EXPECT_EQ(user.name, "User");
  EXPECT_EQ(user.loc.line, 8u);
  EXPECT_EQ(user.loc.col, 7u);
  EXPECT_FALSE(user.incomplete);
  ASSERT_EQ(user.attrs.size(), 2u);
  EXPECT_EQ(user.attrs[0].name, "table");
  ASSERT_EQ(user.attrs[0].args.size(), 1u);
  EXPECT_EQ(user.attrs[0].args[0].value.literal.text, "people");
  EXPECT_EQ(user.attrs[1].args[0].value.path.str(), "blog_ext::UserMethods");
  ASSERT_EQ(user.fields.size(), 4u);
  EXPECT_EQ(user.fields[0].name, "id");
  ASSERT_EQ(user.fields[0].attrs.size(), 2u);
  EXPECT_EQ(user.fields[0].attrs[1].name, "auto");
  EXPECT_FALSE(user.fields[0].attrs[1].has_args);
  EXPECT_EQ(user.fields[2].type.str(), "Option<String>");
  const ast::Literal& lit = user.fields[3].attrs[0].args[0].value.literal;
  EXPECT_EQ(lit.kind, ast::Literal::Kind::Int);
  EXPECT_TRUE(lit.negative);
  EXPECT_EQ(lit.text, "5");
  EXPECT_EQ(lit.display(), "-5");

  const ast::Model& enr = f.models[1];
  ASSERT_EQ(enr.attrs.size(), 1u);
  ASSERT_EQ(enr.attrs[0].args.size(), 2u);
  EXPECT_EQ(enr.attrs[0].args[1].value.path.str(), "course_id");
  EXPECT_EQ(enr.fields.size(), 3u);
}

TEST(Parser, EmptyModelAndNoTrailingComma) {
  Diagnostics d;
  ast::File f = parse_source("namespace n; model A {} model B { #[key] a: i32 }", d);
  ASSERT_FALSE(d.has_errors()) << d.format("t");
  ASSERT_EQ(f.models.size(), 2u);
  EXPECT_TRUE(f.models[0].fields.empty());
  EXPECT_EQ(f.models[1].fields.size(), 1u);
}

TEST(Parser, AttributeArgumentForms) {
  Diagnostics d;
  ast::File f = parse_source(R"(model A {
    #[table = "t"] #[x(1.5, true, false, "s", ::a::b, [p, q], k = v, l = [m, n],)] a: i32,
  })", d);
  ASSERT_FALSE(d.has_errors()) << d.format("t");
  const auto& attrs = f.models[0].fields[0].attrs;
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_TRUE(attrs[0].has_args);
  ASSERT_EQ(attrs[0].args.size(), 1u);
  EXPECT_EQ(attrs[0].args[0].value.literal.text, "t");

  const auto& args = attrs[1].args;
  ASSERT_EQ(args.size(), 8u);
  EXPECT_EQ(args[0].value.literal.kind, ast::Literal::Kind::Float);
  EXPECT_EQ(args[1].value.literal.kind, ast::Literal::Kind::Bool);
  EXPECT_TRUE(args[1].value.literal.bool_value);
  EXPECT_FALSE(args[2].value.literal.bool_value);
  EXPECT_EQ(args[3].value.literal.kind, ast::Literal::Kind::String);
  EXPECT_EQ(args[4].value.kind, ast::AttrValue::Kind::Path);
  EXPECT_TRUE(args[4].value.path.global);
  EXPECT_EQ(args[4].value.path.str(), "::a::b");
  EXPECT_EQ(args[5].value.kind, ast::AttrValue::Kind::List);
  EXPECT_EQ(args[5].value.list.size(), 2u);
  EXPECT_EQ(args[6].name.value_or(""), "k");
  EXPECT_EQ(args[6].value.path.str(), "v");
  EXPECT_EQ(args[7].name.value_or(""), "l");
  EXPECT_EQ(args[7].value.list[1].path.str(), "n");
}

TEST(Parser, RelationsAreParsed) {
  Diagnostics d;
  ast::File f = parse_source(R"(model User {
    #[has_many] posts: HasMany<Post>,
    #[has_one] profile: HasOne<Option<Profile>>,
    #[belongs_to(key = org_id, references = id)] org: Option<BelongsTo<Org>>,
  })", d);
  ASSERT_FALSE(d.has_errors()) << d.format("t");
  const auto& fields = f.models[0].fields;
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].type.str(), "HasMany<Post>");
  EXPECT_EQ(fields[1].type.str(), "HasOne<Option<Profile>>");
  EXPECT_EQ(fields[2].type.str(), "Option<BelongsTo<Org>>");
  EXPECT_EQ(fields[2].attrs[0].args[0].name.value_or(""), "key");
}

TEST(Parser, DottedPathsInAttributes) {
  Diagnostics d;
  ast::File f = parse_source("model U { #[has_many(via = a.b.c)] x: HasMany<G> }", d);
  ASSERT_FALSE(d.has_errors()) << d.format("t");
  const ast::AttrValue& v = f.models[0].fields[0].attrs[0].args[0].value;
  EXPECT_EQ(v.kind, ast::AttrValue::Kind::Path);
  EXPECT_TRUE(v.path.dotted);
  EXPECT_EQ(v.path.parts, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(v.path.str(), "a.b.c");
}

TEST(Parser, MissingColon) {
  Diagnostics d;
  parse_source("model A { a i32 }", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:13: error: expected `:` after field name `a`, found identifier `i32`\n");
}

TEST(Parser, MissingCommaBetweenFieldsKeepsParsing) {
  Diagnostics d;
  ast::File f = parse_source("model A {\n  a: i32\n  b: i32\n}", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:3:3: error: expected `,` or `}` after field `a`, found identifier `b`\n");
  ASSERT_EQ(f.models.size(), 1u);
  EXPECT_EQ(f.models[0].fields.size(), 2u);
  EXPECT_FALSE(f.models[0].incomplete);
}

TEST(Parser, RecoversAtNextFieldAndModel) {
  Diagnostics d;
  ast::File f = parse_source(R"(model A { a: , b: i32, c: Option<i32 }
model B { #[key] x: u8, y: [ }
model C { z: i32 }
)", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:14: error: expected a type, found `,`\n"
            "t.toasty:1:38: error: expected `>` or `,` in the type arguments of `Option`, found `}`\n"
            "t.toasty:2:28: error: expected a type, found `[`\n");
  ASSERT_EQ(f.models.size(), 3u);
  EXPECT_TRUE(f.models[0].incomplete);
  ASSERT_EQ(f.models[0].fields.size(), 1u);
  EXPECT_EQ(f.models[0].fields[0].name, "b");
  EXPECT_TRUE(f.models[1].incomplete);
  EXPECT_FALSE(f.models[2].incomplete);
  EXPECT_EQ(f.models[2].fields.size(), 1u);
}

TEST(Parser, MissingClosingBraceBeforeNextModel) {
  Diagnostics d;
  ast::File f = parse_source("model A { a: i32,\nmodel B { b: i32 }", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:2:1: error: expected `}` to close model `A`, found identifier `model`\n");
  EXPECT_EQ(f.models.size(), 2u);
}

TEST(Parser, UnexpectedTopLevelToken) {
  Diagnostics d;
  ast::File f = parse_source("struct User { a: i32 }\nmodel B {}", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:1: error: expected `model`, `embed`, `enum`, `newtype`, `namespace` or `include`, found identifier "
            "`struct` (declare models with `model User { ... }`)\n");
  ASSERT_EQ(f.models.size(), 1u);
  EXPECT_EQ(f.models[0].name, "B");
}

TEST(Parser, AttributeWithoutModel) {
  Diagnostics d;
  parse_source("#[table(\"x\")]\n", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:2:1: error: expected `model`, `embed` or `enum` after attributes, found end of file\n");
}

TEST(Parser, UnclosedAttribute) {
  Diagnostics d;
  ast::File f = parse_source("#[table(\"x\"\nmodel A {}", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:2:1: error: expected `,` or `)` in `#[table(...)]`, found identifier "
            "`model`\n");
  EXPECT_EQ(f.models.size(), 1u);
}

TEST(Parser, IncludeNeedsQuotedName) {
  Diagnostics d;
  parse_source("include <x.hpp>;", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:9: error: expected a quoted header name after `include` (include "
            "\"my_ext.hpp\";), found `<`\n");
}

TEST(Parser, NamespaceNeedsSemicolon) {
  Diagnostics d;
  ast::File f = parse_source("namespace a::b\nmodel A {}", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:2:1: error: expected `;` after the namespace name, found identifier "
            "`model`\n");
  EXPECT_EQ(f.namespaces.size(), 1u);
  EXPECT_EQ(f.models.size(), 1u);
}

TEST(Parser, NegativeSignNeedsNumber) {
  Diagnostics d;
  parse_source("model A { #[default(-x)] a: i32 }", d);
  EXPECT_EQ(d.format("t.toasty"),
            "t.toasty:1:22: error: expected a number after `-`, found identifier `x`\n");
}


// Error recovery must always make progress and never crash, whatever the input.
TEST(ParserRobustness, EveryPrefixOfAValidFile) {
  std::ifstream in(std::string(TOASTY_GEN_SNAPSHOT_DIR) + "/kitchen_sink.toasty", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  std::size_t failures = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    auto r = toasty_gen::generate(text.substr(0, n), "t.toasty", "t", true);
    if (!r.ok) {
      ++failures;
      EXPECT_FALSE(r.diagnostics.empty());
    }
  }
  EXPECT_GT(failures, text.size() / 2);
  EXPECT_TRUE(toasty_gen::generate(text, "t.toasty", "t", false).ok);
}

TEST(ParserRobustness, TokenSoup) {
  // A fixed pseudo-random sequence of tokens from the language (deterministic).
  const char* pieces[] = {"model", "A", "{", "}", "#", "[", "]", "(", ")", "<", ">", ":", "::",
                          ",", ";", "=", "-", ".", "key", "auto", "Option", "String", "u64",
                          "\"s\"", "12", "1.5", "namespace", "include", "\n", "x", "enum", "embed", "newtype"};
  std::uint32_t seed = 12345;
  int refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::string src;
    for (int i = 0; i < 60; ++i) {
      seed = seed * 1103515245u + 12345u;
      src += pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
      src += ' ';
    }
    SCOPED_TRACE(src);
    auto r = toasty_gen::generate(src, "t.toasty", "t", true);
    if (r.ok) {
      EXPECT_FALSE(r.header.empty());
      continue;
    }
    ++refused;
    // A refusal says where and why, and emits nothing.
    EXPECT_TRUE(r.header.empty() && r.source.empty());
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_EQ(r.diagnostics.rfind("t.toasty:", 0), 0u) << r.diagnostics;
    EXPECT_NE(r.diagnostics.find(": error: "), std::string::npos) << r.diagnostics;
    // Every line names the file and a line:column position.
    std::size_t at = 0;
    while (at < r.diagnostics.size()) {
      std::size_t end = r.diagnostics.find('\n', at);
      if (end == std::string::npos) end = r.diagnostics.size();
      std::string line = r.diagnostics.substr(at, end - at);
      if (!line.empty() && line[0] != ' ' && line.rfind("t.toasty:", 0) == 0) {
        std::size_t colon1 = line.find(':', 9), colon2 = line.find(':', colon1 + 1);
        EXPECT_TRUE(colon1 != std::string::npos && colon2 != std::string::npos) << line;
        EXPECT_GT(std::stoi(line.substr(9, colon1 - 9)), 0) << line;
      }
      at = end + 1;
    }
  }
  EXPECT_GT(refused, 250);  // token soup is almost never a valid schema
}

}  // namespace
