#include "toasty-gen/parser.hpp"

#include <utility>

namespace toasty_gen {
namespace {

using K = TokenKind;

class Parser {
 public:
  Parser(const std::vector<Token>& toks, Diagnostics& diags) : toks_(toks), diags_(diags) {}

  ast::File run() {
    ast::File file;
    while (!at(K::Eof)) {
      if (at_ident("include")) {
        parse_include(file);
      } else if (at_ident("namespace")) {
        parse_namespace(file);
      } else if (at_ident("newtype")) {
        parse_newtype(file);
      } else if (at_declaration_keyword() || at(K::Hash)) {
        parse_declaration(file);
      } else {
        std::string msg = "expected `model`, `embed`, `enum`, `newtype`, `namespace` or `include`, found " + describe(cur());
        if (at_ident("struct") || at_ident("class")) {
          msg += " (declare models with `model " + (peek(1).kind == K::Ident ? peek(1).text : "Name") +
                 " { ... }`)";
        }
        diags_.error(cur().loc, msg);
        take();
        sync_top();
      }
    }
    return file;
  }

 private:
  // ---- token access ----
  const Token& cur() const { return toks_[i_]; }
  const Token& peek(std::size_t n) const {
    return i_ + n < toks_.size() ? toks_[i_ + n] : toks_.back();
  }
  bool at(K k) const { return cur().kind == k; }
  bool at_ident(std::string_view text) const { return at(K::Ident) && cur().text == text; }
  const Token& take() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
  }
  bool accept(K k) {
    if (!at(k)) return false;
    take();
    return true;
  }
  // Reports "expected <what>, found <token>" and returns false when the current token
  // is not `k`; consumes it otherwise.
  bool expect(K k, const std::string& what) {
    if (accept(k)) return true;
    error_expected(what);
    return false;
  }
  void error_expected(const std::string& what) {
    diags_.error(cur().loc, "expected " + what + ", found " + describe(cur()));
  }
  // Items separated by `,` up to `close`, the opener already taken; `item` parses one.
  // `separator` names what may follow an item, for the error.
  template <class Item>
  bool parse_separated(K close, const std::string& separator, Item&& item) {
    while (!accept(close)) {
      if (!item()) return false;
      if (accept(K::Comma)) continue;
      if (accept(close)) break;
      error_expected(separator);
      return false;
    }
    return true;
  }

  // `model Name {` (or `enum Name {`) starts a new declaration even where we did not
  // expect one (a missing `}`).
  bool at_model_start() const {
    return at_declaration_keyword() && peek(1).kind == K::Ident && peek(2).kind == K::LBrace;
  }
  bool at_declaration_keyword() const { return at_ident("model") || at_ident("embed") || at_ident("enum"); }

  // ---- recovery ----
  // Skips to something that can start a top-level item, outside any braces.
  void sync_top() {
    int depth = 0;
    while (!at(K::Eof)) {
      if (depth == 0 && (at_declaration_keyword() || at_ident("namespace") || at_ident("include") ||
                         at_ident("newtype") || at(K::Hash))) {
        return;
      }
      if (at(K::LBrace)) ++depth;
      if (at(K::RBrace) && depth > 0) --depth;
      take();
    }
  }
  // Inside a model body: skips to the `,` or `}` that ends the broken field. Brackets
  // and parentheses nest; a `}` always ends the body unless a `{` opened inside it.
  void sync_field() {
    int braces = 0;
    int brackets = 0;
    while (!at(K::Eof)) {
      if (braces == 0 && (at(K::RBrace) || at_model_start())) return;
      if (braces == 0 && brackets == 0 && at(K::Comma)) return;
      if (at(K::LParen) || at(K::LBracket)) ++brackets;
      if ((at(K::RParen) || at(K::RBracket)) && brackets > 0) --brackets;
      if (at(K::LBrace)) ++braces;
      if (at(K::RBrace)) --braces;
      take();
    }
  }

  // ---- items ----
  void parse_include(ast::File& file) {
    Loc loc = take().loc;  // include
    if (!at(K::String)) {
      error_expected("a quoted header name after `include` (include \"my_ext.hpp\";)");
      sync_top();
      return;
    }
    file.includes.push_back({take().text, loc});
    if (!expect(K::Semi, "`;` after the include")) sync_top();
  }

  void parse_namespace(ast::File& file) {
    ast::Namespace ns;
    ns.loc = take().loc;  // namespace
    if (!parse_path(ns.path, "a namespace name after `namespace`")) {
      sync_top();
      return;
    }
    file.namespaces.push_back(std::move(ns));
    if (!expect(K::Semi, "`;` after the namespace name")) sync_top();
  }

  void parse_newtype(ast::File& file) {
    take();  // newtype
    ast::Newtype n;
    if (!at(K::Ident)) {
      error_expected("a name after `newtype`");
      sync_top();
      return;
    }
    n.loc = cur().loc;
    n.name = take().text;
    if (!expect(K::LParen, "`(` after `newtype " + n.name + "` (newtype " + n.name + "(Uuid))") ||
        !parse_type(n.inner) || !expect(K::RParen, "`)` after the type of `newtype " + n.name + "`")) {
      sync_top();
      return;
    }
    accept(K::Semi);
    file.newtypes.push_back(std::move(n));
  }

  // Attributes, then the model or enum they belong to.
  void parse_declaration(ast::File& file) {
    std::vector<ast::Attribute> attrs;
    while (at(K::Hash)) {
      ast::Attribute attr;
      if (!parse_attribute(attr)) {
        sync_top();
        if (!at_declaration_keyword() && !at(K::Hash)) return;
        continue;
      }
      attrs.push_back(std::move(attr));
    }
    if (at_ident("enum")) return parse_enum(file, std::move(attrs));
    if (!at_ident("model") && !at_ident("embed")) {
      error_expected("`model`, `embed` or `enum` after attributes");
      sync_top();
      return;
    }
    parse_model(file, std::move(attrs));
  }

  // A model, or an embed (the same body).
  void parse_model(ast::File& file, std::vector<ast::Attribute> attrs) {
    ast::Model model;
    model.attrs = std::move(attrs);
    const std::string keyword = take().text;  // model / embed
    if (!at(K::Ident)) {
      error_expected(keyword == "embed" ? "an embed name after `embed`" : "a model name after `model`");
      sync_top();
      return;
    }
    model.loc = cur().loc;
    model.name = take().text;
    if (!expect(K::LBrace, "`{` after `" + keyword + " " + model.name + "`")) {
      // A forgotten `{` before something that looks like a field: parse the body anyway.
      if (!at(K::Hash) && !(at(K::Ident) && peek(1).kind == K::Colon)) {
        sync_top();
        return;
      }
    }
    parse_fields(model, keyword);
    (keyword == "embed" ? file.embeds : file.models).push_back(std::move(model));
  }

  void parse_enum(ast::File& file, std::vector<ast::Attribute> attrs) {
    ast::Enum e;
    e.attrs = std::move(attrs);
    take();  // enum
    if (!at(K::Ident)) {
      error_expected("an enum name after `enum`");
      sync_top();
      return;
    }
    e.loc = cur().loc;
    e.name = take().text;
    if (!expect(K::LBrace, "`{` after `enum " + e.name + "`")) {
      sync_top();
      return;
    }
    for (;;) {
      if (accept(K::RBrace)) break;
      if (at(K::Eof) || at_model_start()) {
        error_expected("`}` to close enum `" + e.name + "`");
        e.incomplete = true;
        break;
      }
      ast::Variant v;
      if (!parse_variant(v)) {
        e.incomplete = true;
        sync_field();
        accept(K::Comma);
        continue;
      }
      e.variants.push_back(std::move(v));
      if (accept(K::Comma) || at(K::RBrace)) continue;
      error_expected("`,` or `}` after variant `" + e.variants.back().name + "`");
      e.incomplete = true;
      sync_field();
      accept(K::Comma);
    }
    file.enums.push_back(std::move(e));
  }

  bool parse_variant(ast::Variant& v) {
    while (at(K::Hash)) {
      ast::Attribute attr;
      if (!parse_attribute(attr)) return false;
      v.attrs.push_back(std::move(attr));
    }
    if (!at(K::Ident)) {
      error_expected(v.attrs.empty() ? "a variant name or `}`" : "a variant name after attributes");
      return false;
    }
    v.loc = cur().loc;
    v.name = take().text;
    if (at(K::Colon)) {
      diags_.error(cur().loc, "enum variants have no type: write `" + v.name + ",` (a variant), not a field");
      return false;
    }
    if (at(K::LParen)) {
      diags_.error(cur().loc, "variant `" + v.name + "` has unnamed fields; name them: `" + v.name +
                                  " { value: String }`");
      return false;
    }
    if (accept(K::LBrace)) {
      ast::Model body;
      body.name = v.name;
      parse_fields(body, "variant");
      if (body.incomplete) return false;
      v.fields = std::move(body.fields);
    }
    if (!accept(K::Eq)) return true;
    ast::Literal lit;
    lit.loc = cur().loc;
    if (accept(K::Minus)) lit.negative = true;
    if (!at(K::Int)) {
      error_expected("an integer after `" + v.name + " =`");
      return false;
    }
    lit.kind = ast::Literal::Kind::Int;
    lit.text = take().text;
    v.value = std::move(lit);
    return true;
  }

  void parse_fields(ast::Model& model, const std::string& keyword) {
    for (;;) {
      if (accept(K::RBrace)) return;
      if (at(K::Eof) || at_model_start()) {
        error_expected("`}` to close " + keyword + " `" + model.name + "`");
        model.incomplete = true;
        return;
      }
      ast::Field field;
      if (!parse_field(field)) {
        model.incomplete = true;
        sync_field();
        accept(K::Comma);
        continue;
      }
      model.fields.push_back(std::move(field));
      if (accept(K::Comma) || at(K::RBrace) || at(K::Eof) || at_model_start()) continue;
      const std::string& name = model.fields.back().name;
      error_expected("`,` or `}` after field `" + name + "`");
      // A missing comma before the next field: carry on with that field.
      if (at(K::Hash) || (at(K::Ident) && peek(1).kind == K::Colon)) continue;
      model.incomplete = true;
      sync_field();
      accept(K::Comma);
    }
  }

  bool parse_field(ast::Field& field) {
    while (at(K::Hash)) {
      ast::Attribute attr;
      if (!parse_attribute(attr)) return false;
      field.attrs.push_back(std::move(attr));
    }
    if (!at(K::Ident)) {
      error_expected(field.attrs.empty() ? "a field name or `}`" : "a field name after attributes");
      return false;
    }
    field.loc = cur().loc;
    field.name = take().text;
    if (!expect(K::Colon, "`:` after field name `" + field.name + "`")) return false;
    return parse_type(field.type);
  }

  bool parse_type(ast::TypeRef& type) {
    if (!parse_path(type.name, "a type")) return false;
    if (!accept(K::Lt)) return true;
    for (;;) {
      ast::TypeRef arg;
      if (!parse_type(arg)) return false;
      type.args.push_back(std::move(arg));
      if (accept(K::Gt)) return true;
      if (!expect(K::Comma, "`>` or `,` in the type arguments of `" + type.name.str() + "`")) {
        return false;
      }
    }
  }

  bool parse_path(ast::Path& path, const std::string& what) {
    path.loc = cur().loc;
    if (accept(K::ColonColon)) path.global = true;
    if (!at(K::Ident)) {
      error_expected(what);
      return false;
    }
    path.parts.push_back(take().text);
    return path_rest(path, K::ColonColon, "a name after `::`");
  }

  // `a.b.c` (current token is `a`, followed by a dot).
  bool parse_dotted(ast::Path& path) {
    path.loc = cur().loc;
    path.dotted = true;
    path.parts.push_back(take().text);
    return path_rest(path, K::Dot, "a name after `.`");
  }

  // The names after the first of a path, each after a `separator`.
  bool path_rest(ast::Path& path, K separator, const char* expected) {
    while (accept(separator)) {
      if (!at(K::Ident)) {
        error_expected(expected);
        return false;
      }
      path.parts.push_back(take().text);
    }
    return true;
  }

  // ---- attributes ----
  bool parse_attribute(ast::Attribute& attr) {
    attr.loc = take().loc;  // #
    if (!expect(K::LBracket, "`[` after `#`")) return false;
    if (!at(K::Ident)) {
      error_expected("an attribute name after `#[`");
      return false;
    }
    attr.name_loc = cur().loc;
    attr.name = take().text;
    if (accept(K::LParen)) {
      attr.has_args = true;
      bool ok = parse_separated(K::RParen, "`,` or `)` in `#[" + attr.name + "(...)]`", [&] {
        ast::AttrArg arg;
        if (!parse_attr_arg(arg)) return false;
        attr.args.push_back(std::move(arg));
        return true;
      });
      if (!ok) return false;
    } else if (accept(K::Eq)) {
      attr.has_args = true;
      ast::AttrArg arg;
      arg.loc = cur().loc;
      if (!parse_value(arg.value)) return false;
      attr.args.push_back(std::move(arg));
    }
    return expect(K::RBracket, "`]` to close `#[" + attr.name + "`");
  }

  bool parse_attr_arg(ast::AttrArg& arg) {
    arg.loc = cur().loc;
    if (at(K::Ident) && peek(1).kind == K::Eq) {
      arg.name = take().text;
      take();  // =
    }
    return parse_value(arg.value);
  }

  bool parse_value(ast::AttrValue& v) {
    v.loc = cur().loc;
    const Token& t = cur();
    switch (t.kind) {
      case K::String:
      case K::Int:
      case K::Float:
        v.kind = ast::AttrValue::Kind::Literal;
        v.literal.loc = t.loc;
        v.literal.kind = t.kind == K::String ? ast::Literal::Kind::String
                         : t.kind == K::Int  ? ast::Literal::Kind::Int
                                             : ast::Literal::Kind::Float;
        v.literal.text = take().text;
        return true;
      case K::Minus: {
        Loc loc = take().loc;
        if (!at(K::Int) && !at(K::Float)) {
          error_expected("a number after `-`");
          return false;
        }
        v.kind = ast::AttrValue::Kind::Literal;
        v.literal.loc = loc;
        v.literal.negative = true;
        v.literal.kind = at(K::Int) ? ast::Literal::Kind::Int : ast::Literal::Kind::Float;
        v.literal.text = take().text;
        return true;
      }
      case K::Ident:
        if ((t.text == "true" || t.text == "false") && peek(1).kind != K::ColonColon) {
          v.kind = ast::AttrValue::Kind::Literal;
          v.literal.loc = t.loc;
          v.literal.kind = ast::Literal::Kind::Bool;
          v.literal.bool_value = t.text == "true";
          v.literal.text = take().text;
          return true;
        }
        [[fallthrough]];
      case K::ColonColon: {
        v.kind = ast::AttrValue::Kind::Path;
        if (at(K::Ident) && peek(1).kind == K::Dot) return parse_dotted(v.path);
        if (!parse_path(v.path, "a name")) return false;
        if (!accept(K::LParen)) return true;
        // `varchar(64)`, `uuid(v4)`: a name with arguments.
        v.kind = ast::AttrValue::Kind::Call;
        return parse_separated(K::RParen, "`,` or `)` after the arguments of `" + v.path.str() + "`", [&] {
          std::string name;  // `length(min = 1)`: a named argument
          if (at(K::Ident) && peek(1).kind == K::Eq) {
            name = take().text;
            take();  // =
          }
          ast::AttrValue item;
          if (!parse_value(item)) return false;
          v.list.push_back(std::move(item));
          v.names.push_back(std::move(name));
          return true;
        });
      }
      case K::LBracket:
        take();
        v.kind = ast::AttrValue::Kind::List;
        return parse_separated(K::RBracket, "`,` or `]` in the list", [&] {
          ast::AttrValue item;
          if (!parse_value(item)) return false;
          v.list.push_back(std::move(item));
          return true;
        });
      default:
        error_expected("a value (a literal, a name or a [list])");
        return false;
    }
  }

  const std::vector<Token>& toks_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
};

}  // namespace

ast::File parse(const std::vector<Token>& tokens, Diagnostics& diags) {
  if (tokens.empty()) return {};
  return Parser(tokens, diags).run();
}

ast::File parse_source(std::string_view source, Diagnostics& diags) {
  std::vector<Token> tokens = lex(source, diags);
  return parse(tokens, diags);
}

}  // namespace toasty_gen
