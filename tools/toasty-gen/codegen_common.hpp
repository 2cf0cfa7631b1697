#pragma once
// Helpers shared by codegen_header.cpp and codegen_source.cpp: C++ spellings of field
// types and values.
#include <string>
#include <string_view>
#include <vector>

#include "toasty-gen/codegen.hpp"
#include "toasty-gen/schema.hpp"

namespace toasty_gen::codegen {

// "std::uint64_t", "std::string", "toasty::Bytes".
std::string cpp_scalar_type(ScalarKind k);
// The struct member type: "std::optional<std::string>" for Option<String>.
std::string cpp_field_type(const Field& f);
// The type of its typed path: "toasty::Path<std::string>", "StatusPath<Status>" (an enum's
// path, with a filter per variant).
std::string cpp_path_type(const Field& f);
// An embed member's struct type ("Address", "std::optional<Address>") and its path type
// ("Address::Fields", "toasty::OptionalEmbedPath<Address::Fields>").
std::string cpp_embed_type(const EmbedMember& e);
std::string cpp_embed_path_type(const EmbedMember& e);
// The embed member whose first column is field `i`, or null (not a column of an embed,
// or not its first).
const EmbedMember* embed_starting_at(const Model& m, std::size_t i);
// Whether eq()/ne() compare the embed field by field: not when it holds JSON (which each
// database compares its own way), directly or in a nested embed.
bool embed_comparable(const Schema& s, const Embed& e);
// `base`, `base_`, ...: the first that is not the name of one of `fields`.
std::string unused_among(const std::vector<Field>& fields, std::string base);
// Parameter type of a get_by_/filter_by_ lookup: std::string_view for strings.
std::string cpp_lookup_type(const Field& f);
// "toasty::HasMany<Todo>": the struct member of a relation field.
std::string cpp_relation_type(const Field& f);
// "toasty::ManyPath<Todo>" (has_many) or "toasty::OnePath<User>": its Fields path.
std::string cpp_relation_path_type(const Field& f);
// Whether Create has setters for nested records; such a Create class is defined after
// every model struct, because its setters name other models' Create classes.
bool has_relation_setters(const Model& m);
// Whether update() edits relations (a has_many or has_one it owns): its Update class names
// other models' Create, so it follows every model struct too.
bool has_relation_edits(const Model& m);
// "toasty::ScalarType::U64".
std::string scalar_type_enum(ScalarKind k);
// Whether update() has <field>_add(v) / <field>_sub(v) (an atomic increment the database
// computes): a number, not optional, a list, an enum, a newtype, a key, deferred or part
// of an embed.
bool has_increment(const Field& f);
// Whether update() has <field>(Model::fields().other()): a copy of another field of the
// same type, computed by the database (plain scalar fields, not optional).
bool has_copy(const Field& f);
// The model's #[version] field, or null.
const Field* version_field(const Model& m);
// The model's #[soft_delete] field, if any.
const Field* soft_delete_field(const Model& m);
// Whether a value of the field's C++ type is worth std::move-ing.
bool is_movable(const Field& f);
// Whether a lookup parameter of the field is worth std::move-ing (Bytes by value).
bool is_movable_lookup(const Field& f);
// "toasty::Value(std::int64_t{0})".
std::string default_value_expr(const DefaultValue& v, ScalarKind type);
// The field's C++ value wrapped for a builder: toasty::Value(std::move(v)) / toasty::Value(v).
std::string value_of(const Field& f, std::string_view expr);

// Reads the field's C++ value from the Value `value` (an lvalue, moved from): enums and
// JSON name their column (field `index` of `model`) when the stored value does not fit.
std::string read_value(const Field& f, std::string_view value, std::string_view model, std::string_view index);

// `head` + items joined by `sep` + `tail` on one line when it fits in 100 columns;
// otherwise one item per line, aligned after `head` (which ends with the opening
// bracket) or, when `head` is long, indented four columns past `indent`.
std::string wrap_list(std::string_view head, const std::vector<std::string>& items,
                      std::string_view tail, std::string_view indent,
                      std::string_view sep = ", ");

// Splits a message into adjacent C++ string literals of moderate width, each on its own
// line after `indent` (the first without indentation).
std::string wrapped_string_literal(std::string_view text, std::string_view indent);

// What the header and the source emitters both hold: the schema, the options and the
// text written so far.
class Writer {
 public:
  Writer(const Schema& schema, const EmitOptions& opts) : s_(schema), opts_(opts) {}

 protected:
  const Schema& s_;
  const EmitOptions& opts_;
  std::string o_;
};

}  // namespace toasty_gen::codegen
