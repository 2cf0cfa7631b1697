#pragma once
// The checked schema that code generation works from: every name resolved, every
// attribute validated. Built by check() from the syntax tree.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toasty-gen/diagnostics.hpp"

namespace toasty_gen {

enum class ScalarKind : std::uint8_t {
  Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, String, Bytes,
};

// The schema-language spelling: "u64", "String".
std::string_view schema_name(ScalarKind k);
// Parses a schema-language scalar type name.
std::optional<ScalarKind> scalar_from_name(std::string_view name);
bool is_integer(ScalarKind k);
bool is_signed_integer(ScalarKind k);
bool is_float(ScalarKind k);

// A checked #[default(...)] literal, already converted to the field's type.
struct DefaultValue {
  enum class Kind { Int, Uint, Float, Bool, String };
  Kind kind = Kind::Int;
  std::int64_t i = 0;   // Int (signed integer fields)
  std::uint64_t u = 0;  // Uint (unsigned integer fields)
  double f = 0;         // Float
  bool b = false;       // Bool
  std::string s;        // String
};

// Relations are parsed and checked for shape, but code generation does not support
// them yet; check() reports an error for every relation field.
struct Relation {
  enum class Kind { HasMany, HasOne, BelongsTo };
  Kind kind = Kind::HasMany;
  std::string target;             // model name
  bool optional = false;          // Option<BelongsTo<T>> / HasOne<Option<T>>
  std::vector<std::string> key;         // belongs_to(key = ...)
  std::vector<std::string> references;  // belongs_to(references = ...)
  std::string pair;                     // has_many(pair = ...)
};

struct Field {
  std::string name;
  Loc loc;
  ScalarKind type = ScalarKind::I64;
  bool optional = false;  // Option<T>
  bool key = false;       // part of the primary key
  bool auto_increment = false;
  bool unique = false;
  bool index = false;
  std::optional<DefaultValue> default_value;
  std::string column;  // #[column("...")]; empty = the field name
  std::optional<Relation> relation;
};

struct Index {
  std::vector<std::size_t> fields;
  bool unique = false;
};

struct Model {
  std::string name;
  Loc loc;
  std::string table;                // #[table("...")]; empty = default
  std::vector<std::string> mixins;  // qualified class templates, in order
  std::vector<Field> fields;
  std::vector<std::size_t> primary_key;  // field positions, in key order
  std::vector<Index> indexes;            // #[unique] and #[index], in field order
};

struct Schema {
  std::vector<std::string> namespace_parts;  // {"blog"} or {"a", "b"}
  std::vector<std::string> includes;         // as written in `include "..."`
  std::vector<Model> models;

  std::string namespace_name() const;  // "a::b"
};

}  // namespace toasty_gen
