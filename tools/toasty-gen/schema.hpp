#pragma once
// The checked schema that code generation works from: every name resolved, every
// attribute validated. Built by check() from the syntax tree.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toasty-gen/ast.hpp"
#include "toasty-gen/diagnostics.hpp"

namespace toasty_gen {

enum class ScalarKind : std::uint8_t {
  Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, String, Bytes, Uuid, Timestamp, Date, DateTime, Time,
  Json,  // Json<T> or Json: Field::json_type is the C++ type
  Decimal,
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
  // Text: a date and time or Decimal default, in the canonical text the runtime parses.
  enum class Kind { Int, Uint, Float, Bool, String, Text };
  Kind kind = Kind::Int;
  std::int64_t i = 0;   // Int (signed integer fields)
  std::uint64_t u = 0;  // Uint (unsigned integer fields)
  double f = 0;         // Float
  bool b = false;       // Bool
  std::string s;        // String, Text
};

// A relation field (#[has_many], #[has_one], #[belongs_to]). The first part is what the
// schema says; the second is resolved by check() across models, with the meaning of
// toasty::app::Relation ("records of target whose target_fields equal this record's
// source_fields").
struct Relation {
  enum class Kind { HasMany, HasOne, BelongsTo };
  Kind kind = Kind::HasMany;
  std::string target;             // model name
  bool optional = false;          // as written: Option<BelongsTo<T>> / HasOne<Option<T>>
  Loc attr_loc;                   // of the relation attribute
  std::vector<std::string> key;         // belongs_to(key = ...)
  std::vector<Loc> key_locs;
  std::vector<std::string> references;  // belongs_to(references = ...)
  std::vector<Loc> references_locs;
  std::string pair;                     // has_many(pair = ...)
  Loc pair_loc;
  std::vector<std::string> via;         // has_many(via = a.b): relation steps
  Loc via_loc;
  bool attr_error = false;  // the attribute had errors (already reported)

  // ---- resolved ----
  bool resolved = false;                 // false after an error: codegen never sees that
  std::size_t target_model = 0;          // position in Schema::models
  std::vector<std::size_t> source_fields;  // field positions in this model
  std::vector<std::size_t> target_fields;  // field positions in the target model
  bool key_optional = false;             // app::Relation::optional: the foreign key is Option
  struct Step {
    std::size_t model;     // position in Schema::models
    std::size_t relation;  // position in that model's `relations`
  };
  std::vector<Step> steps;  // via relations: the relations walked, from this model
  std::string setter;       // Create's nested-create setter; empty for via relations
};

// One rule of #[validate(...)]: what the runtime's app::Rule holds, as written.
struct FieldRule {
  enum class Kind { Length, Range, Regex, Email, OneOf };
  Kind kind = Kind::Length;
  std::optional<std::uint64_t> min_length, max_length;  // Length
  std::optional<ast::Literal> min, max;                 // Range
  std::string pattern;                                  // Regex
  std::vector<ast::Literal> one_of;                     // OneOf
  std::string text;                                     // "length(min = 1, max = 100)"
};

struct Field {
  std::string name;
  Loc loc;
  ScalarKind type = ScalarKind::I64;  // for an enum field, its storage
  std::string enum_name;              // the schema enum it holds; empty for scalars
  std::string json_type;              // Json<T>: "T" as written (qualified C++); Json: "toasty::Json"
  std::string newtype_name;           // a schema newtype (type is the scalar it wraps)
  // An embed's own field holding another embed (a model's embed fields are flattened
  // into columns, below).
  std::string embed_name;
  // A model's column flattened from an embedded struct: the Model::embeds member it
  // belongs to.
  std::optional<std::size_t> in_embed;
  // A column of a data-carrying enum (its discriminant or a variant's field) or of a
  // ZonedDateTime: set only with the whole value, never on its own.
  bool set_whole = false;
  bool optional = false;  // Option<T>
  bool list = false;      // Vec<T>: a list of the scalar, enum or newtype above
  bool deferred = false;  // Deferred<T>: read by a query only when include()d
  bool key = false;       // part of the primary key
  // #[auto]: auto-increment (integer), UUID v7 (Uuid), the time of the create (Timestamp:
  // also #[default(now)])
  bool auto_generated = false;
  bool update_now = false;  // #[update(now)], or #[auto] on `updated_at`: the time of every update
  // #[version]: an integer the ORM sets to 1 at create and adds 1 to at every update; an
  // update or removal by instance applies only while it still holds the instance's value
  // (optimistic locking).
  bool version = false;
  std::vector<FieldRule> rules;  // #[validate(...)]
  bool soft_delete = false;      // #[soft_delete] on an Option<Timestamp>
  int uuid_version = 7;     // #[auto] on a Uuid: v7, or v4 with #[auto(uuid(v4))]
  bool unique = false;
  bool index = false;
  std::optional<DefaultValue> default_value;
  std::string column;  // #[column("...")]; empty = the field name
  // #[renamed_from("old")]: the column's name before (migrations rename it, keeping the data).
  std::string renamed_from;
  // #[column(type = ...)]: as written ("varchar(64)"), and what it means.
  std::string column_type;
  std::uint32_t max_length = 0;              // varchar(n) characters / varbinary(n) bytes
  std::optional<ScalarKind> column_storage;  // an integer width other than the field's
  bool json_text = false;                    // json rather than jsonb
  std::uint8_t decimal_precision = 0;        // numeric(p, s) on a Decimal; 0: unconstrained
  std::uint8_t decimal_scale = 0;
  std::optional<Relation> relation;  // set on the entries of Model::relations only
};

// The schema type name of a field: its enum's name, or its scalar's ("u64", "String").
std::string type_name(const Field& f);

// `enum Status { Active, OnHold = 3 }`: a C++ enum class stored by label or by value.
struct EnumVariant {
  std::string name;  // the C++ enumerator
  Loc loc;
  std::string label;     // its text (stored by label enums; to_string/parse)
  std::int64_t value = 0;  // the C++ enumerator's value (stored by integer enums)
  std::string filter;      // its path's filter: "is_on_hold"
};

struct Enum {
  std::string name;
  Loc loc;
  bool integer = false;                     // stored as the value, not the label
  ScalarKind storage = ScalarKind::String;  // String, or the integer type
  std::vector<EnumVariant> variants;
  std::string native_name;  // #[column(type = enum)]: PostgreSQL's enum type (empty: text)
};

// `newtype ContactId(Uuid)`: a distinct C++ struct with one member, `value`, stored as it.
struct Newtype {
  std::string name;
  Loc loc;
  ScalarKind inner = ScalarKind::I64;
};

// One variant of a data-carrying enum.
struct DataVariant {
  std::string name;      // the C++ name: ContactInfo::Email
  std::string embed;     // its struct (an Embed, "ContactInfo_Email"); empty for a unit variant
  std::string accessor;  // its path in the enum's Fields: email() (data variants)
  std::string filter;    // is_email()
};

// `embed Address { street: String, city: String }`: a struct stored in its model's table,
// one column per (nested) field.
//
// Also a data-carrying enum, `enum ContactInfo { Email { address: String }, Unknown }`:
// a std::variant of one struct per variant, stored as a discriminant column (its `Kind`
// enum: fields[0], unnamed) and the data variants' columns (fields[1..], unnamed, one
// per data variant, nullable).
struct Embed {
  std::string name;
  Loc loc;
  std::vector<Field> fields;  // scalars, enums and embeds (embed_name), in order
  std::size_t width = 0;      // columns, counting nested embeds'
  std::string kind_enum;      // a data-carrying enum: the unit enum of its discriminant
  std::vector<DataVariant> variants;  // a data-carrying enum's, in order
  std::string variant_of;             // the struct of a variant (Enum_Variant): "Enum::Variant"
  bool builtin = false;               // toasty::ZonedDateTime: the library defines the struct
  bool is_data_enum() const { return !kind_enum.empty(); }
};

// A model's member holding an embed: columns [first, first + width) of Model::fields.
struct EmbedMember {
  std::string name;   // "address"
  Loc loc;
  std::string embed;  // "Address"
  bool optional = false;
  std::size_t first = 0;
  std::size_t width = 0;
};

struct Index {
  std::vector<std::size_t> fields;
  bool unique = false;
  bool model_level = false;  // #[index(a, b)] on the model rather than #[index] on a field
  std::string name;          // #[index(name = "...", ...)]; empty = generated
};

struct Model {
  std::string name;
  Loc loc;
  std::string table;                // #[table("...")]; empty = default
  std::string renamed_from;         // #[renamed_from("old_table")]: the table's name before
  std::vector<std::string> mixins;  // qualified class templates, in order
  std::vector<Field> fields;        // columns, in declaration order (no relations)
  // Relation fields in declaration order; the position is the app::Model relation index.
  std::vector<Field> relations;
  std::vector<EmbedMember> embeds;  // embedded structs, in order; their columns are in `fields`
  bool incomplete = false;          // the body had a syntax error
  std::vector<std::size_t> primary_key;  // field positions, in key order
  // Field-level #[unique]/#[index] in field order, then model-level ones as declared.
  std::vector<Index> indexes;
};

struct Schema {
  std::vector<std::string> namespace_parts;  // {"blog"} or {"a", "b"}
  std::vector<std::string> includes;         // as written in `include "..."`
  std::vector<Model> models;
  std::vector<Enum> enums;
  std::vector<Embed> embeds;  // nested ones before those that hold them
  std::vector<Newtype> newtypes;

  std::string namespace_name() const;  // "a::b"
  const Embed* find_embed(std::string_view name) const;
};

}  // namespace toasty_gen
