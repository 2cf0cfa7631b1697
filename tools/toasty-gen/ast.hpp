#pragma once
// Syntax tree of a .toasty file, exactly as written. Nothing here is validated beyond
// the grammar: check.cpp resolves names, types and attributes into a Schema.
//
//   file       := item*
//   item       := include | namespace | model | embed | enum | newtype
//   include    := 'include' STRING ';'
//   namespace  := 'namespace' path ';'
//   model      := attribute* 'model' IDENT '{' (field (',' field)* ','?)? '}'
//   embed      := attribute* 'embed' IDENT '{' (field (',' field)* ','?)? '}'
//   enum       := attribute* 'enum' IDENT '{' (variant (',' variant)* ','?)? '}'
//   newtype    := 'newtype' IDENT '(' type ')' ';'?
//   variant    := attribute* IDENT ('{' (field (',' field)* ','?)? '}')? ('=' '-'? INT)?
//   field      := attribute* IDENT ':' type
//   type       := path ('<' type (',' type)* '>')?
//   attribute  := '#' '[' IDENT ( '(' (arg (',' arg)* ','?)? ')' | '=' value )? ']'
//   arg        := IDENT '=' value | value
//   value      := literal | path ('(' (callarg (',' callarg)* ','?)? ')')? | '[' (value (',' value)* ','?)? ']'
//   callarg    := (IDENT '=')? value
//   literal    := '-'? INT | '-'? FLOAT | STRING | 'true' | 'false'
//   path       := '::'? IDENT ('::' IDENT)*      (qualified C++ name)
//               | IDENT ('.' IDENT)+               (field path: via = memberships.group)
#include <optional>
#include <string>
#include <vector>

#include "toasty-gen/diagnostics.hpp"

namespace toasty_gen::ast {

// A possibly qualified name: `id`, `blog_ext::UserMethods`, `::ns::X`; or, in attribute
// values, a dotted field path: `memberships.group`.
struct Path {
  Loc loc;
  bool global = false;  // leading `::`
  bool dotted = false;  // parts separated by `.` instead of `::`
  std::vector<std::string> parts;

  bool is_simple() const { return !global && parts.size() == 1; }
  std::string str() const;  // as written: "a::b", "a.b"
};

struct Literal {
  enum class Kind { Int, Float, Bool, String };
  Kind kind = Kind::Int;
  Loc loc;
  bool negative = false;  // a leading `-` (Int and Float only)
  std::string text;       // Int/Float: the digits as written; String: the decoded value
  bool bool_value = false;

  std::string display() const;  // as in source: -5, 1.5, true, "x"
};

struct AttrValue {
  enum class Kind { Literal, Path, List, Call };
  Kind kind = Kind::Literal;
  Loc loc;
  ast::Literal literal;         // Kind::Literal
  ast::Path path;               // Kind::Path, Kind::Call: the name
  std::vector<AttrValue> list;  // Kind::List: `[a, b]`; Kind::Call: `varchar(64)`'s arguments
  // Kind::Call: each argument's name (`length(min = 1)`), empty for a positional one.
  std::vector<std::string> names;
};

// One argument of an attribute: positional (`"people"`, `user_id`) or named
// (`key = user_id`, `references = [org_id, id]`).
struct AttrArg {
  std::optional<std::string> name;
  Loc loc;  // of the name when named, else of the value
  AttrValue value;
};

// `#[name]`, `#[name(args...)]` or `#[name = value]` (same as one positional argument).
struct Attribute {
  std::string name;
  Loc loc;       // of the `#`
  Loc name_loc;  // of the name
  bool has_args = false;  // written with `(...)` or `= value`
  std::vector<AttrArg> args;
};

// `String`, `Option<String>`, `HasMany<Post>`, `Option<BelongsTo<User>>`.
struct TypeRef {
  Path name;
  std::vector<TypeRef> args;
  Loc loc() const { return name.loc; }
  std::string str() const;  // as written, normalised: "Option<String>"
};

struct Field {
  std::vector<Attribute> attrs;
  std::string name;
  Loc loc;  // of the name
  TypeRef type;
};

struct Model {
  std::vector<Attribute> attrs;
  std::string name;
  Loc loc;  // of the name
  std::vector<Field> fields;
  // The body had a syntax error, so some fields may be missing: checks that look at the
  // model as a whole (primary key, key lists) are skipped to avoid follow-on errors.
  bool incomplete = false;
};

// `#[column(variant = "on-hold")] OnHold = 2`, or `Email { address: String }`
struct Variant {
  std::vector<Attribute> attrs;
  std::string name;
  Loc loc;  // of the name
  std::optional<Literal> value;  // an explicit discriminant
  // The fields a data-carrying variant holds (written in braces, possibly none).
  std::optional<std::vector<Field>> fields;
};

struct Enum {
  std::vector<Attribute> attrs;
  std::string name;
  Loc loc;  // of the name
  std::vector<Variant> variants;
  bool incomplete = false;  // the body had a syntax error
};

// `newtype ContactId(Uuid)`: a distinct C++ type stored as its one value.
struct Newtype {
  std::string name;
  Loc loc;  // of the name
  TypeRef inner;
};

struct Include {
  std::string path;
  Loc loc;
};

struct Namespace {
  Path path;
  Loc loc;  // of the `namespace` keyword
};

struct File {
  std::vector<Include> includes;
  std::vector<Namespace> namespaces;  // more than one is an error reported by check
  std::vector<Model> models;
  std::vector<Model> embeds;  // `embed Address { ... }`: a model's shape, no table
  std::vector<Enum> enums;
  std::vector<Newtype> newtypes;
};

}  // namespace toasty_gen::ast
