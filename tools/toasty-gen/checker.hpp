#pragma once
// The schema checker's internals, shared by its files (check.cpp: entry point, names;
// check_models.cpp, check_types.cpp, check_relations.cpp). See check.hpp for what it does.
#include <algorithm>
#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <string_view>

#include "toasty-gen/ast.hpp"
#include "toasty-gen/diagnostics.hpp"
#include "toasty-gen/schema.hpp"

namespace toasty_gen::check_detail {

inline constexpr std::string_view kTypeList =
    "bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, String, Bytes, Uuid, Timestamp, Date, DateTime, Time, "
    "Decimal, Json<T>, Json, Option<T> and the file's enums and embeds";

struct AttrSpec {
  std::string_view name;
  bool on_model;
  bool on_field;
  bool repeatable;
};
// Every attribute the language knows.
std::span<const AttrSpec> attributes();
const AttrSpec* find_attr(std::string_view name);
std::string lower(std::string_view s);
// `s` in backticks, as messages quote names. (Built by appending: GCC 12 at -O2 warns
// falsely, -Wrestrict, on "`" + std::string(...).)
inline std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '`';
  out += s;
  out += '`';
  return out;
}
// Types people write out of habit from C++ or Rust, and what they mean here.
std::optional<std::string_view> known_alias(std::string_view name);
bool is_relation_type_name(std::string_view n);

struct ResolvedType {
  bool ok = false;
  ScalarKind scalar = ScalarKind::I64;
  bool optional = false;
  bool list = false;  // Vec<T>
  bool deferred = false;  // Deferred<T>
  std::optional<Relation> relation;
  std::string enum_name;  // a schema enum (scalar is its storage)
  std::string embed_name;  // an embedded struct
  std::string json_type;   // Json<T> / Json
  std::string newtype_name;
  std::string display;  // "Option<String>"
};

// ZonedDateTime: a library struct the generator treats as an embed of two columns, the
// instant (named after the member) and `<member>_offset` (minutes east of UTC).
inline constexpr std::string_view kZonedType = "toasty::ZonedDateTime";
Embed zoned_embed();

// Whether an enum has a variant with fields (a data-carrying enum, checked as an embed).
bool has_data_variants(const ast::Enum& ae);

class Checker {
 public:
  // ---- the passes (check.cpp) ----
  explicit Checker(Diagnostics& diags) : d_(diags) {}
  Schema run(const ast::File& file);
 private:
  // ---- names (check.cpp) ----
  // A name that becomes a C++ identifier: keyword, macro, reserved. Returns false after
  // reporting.
  bool check_identifier(std::string_view name, Loc loc, std::string_view what,
                        bool suggest_column);
  void check_namespace(const ast::File& file, Schema& schema);
  void check_includes(const ast::File& file, Schema& schema);
  // ---- attributes (check_types.cpp) ----
  // Sorts attributes by name, reporting unknown, misplaced and duplicate ones.
  std::map<std::string, std::vector<const ast::Attribute*>> collect_attrs(
      const std::vector<ast::Attribute>& attrs, bool on_model);
  static const ast::Attribute* one(
      const std::map<std::string, std::vector<const ast::Attribute*>>& attrs,
      const std::string& name);
  // An attribute that takes no arguments.
  bool expect_no_args(const ast::Attribute& a);
  // An attribute with exactly one positional string argument.
  std::optional<std::string> expect_string_arg(const ast::Attribute& a);
  // #[column("name")], #[column(type = varchar(64))] or both, on a field whose type is
  // resolved when `type_ok` (check_column_types.cpp).
  void check_column_attr(const ast::Attribute& a, Field& f, bool type_ok);
  void check_column_type(const ast::AttrArg& arg, Field& f);
  void check_numeric_type(const ast::AttrArg& arg, Field& f);
  static bool time_literal_ok(std::string_view s, ScalarKind type);
  static bool decimal_default(std::string& text, const Field& f);
  // ---- types (check_types.cpp) ----
  ResolvedType resolve_type(const ast::TypeRef& t);
  ResolvedType resolve_option(const ast::TypeRef& t, ResolvedType& r);
  ResolvedType resolve_vec(const ast::TypeRef& t, ResolvedType& r);
  ResolvedType resolve_json(const ast::TypeRef& t, ResolvedType& r);
  ResolvedType resolve_deferred(const ast::TypeRef& t, ResolvedType& r);
  ResolvedType resolve_relation(const ast::TypeRef& t, ResolvedType& r, bool optional);
  // ---- relations: the shape of one relation field (resolved across models later) (check_relations.cpp) ----
  void check_relation(Field& f, const ResolvedType& type,
                      const std::map<std::string, std::vector<const ast::Attribute*>>& attrs,
                      Loc loc);
  // ---- relations across models (check_relations.cpp) ----
  // Resolves every relation to field positions (the app::Relation the runtime gets):
  // belongs_to first (they only need this model's and the target's fields), then the
  // has_many/has_one that pair with them, then `via` relations, which walk the others.
  void resolve_relations(Schema& s);
  static std::vector<std::string_view> names_of(const std::vector<Field>& fields);
  static std::optional<std::size_t> position(const std::vector<Field>& fields,
                                             const std::string& name);
  static std::string type_text(const Field& f);
  static std::string snake_case(std::string_view name);
  static std::string list_text(const std::vector<std::string>& names);
  // `#[belongs_to(key = user_id, references = id)] user: BelongsTo<User>` for a parent.
  static std::string belongs_to_example(const Model& parent);
  // Whether `fields` (in any order) are the leading fields of the key or of an index.
  static bool indexed(const Model& m, const std::vector<std::size_t>& fields);
  // Whether `fields` (in any order) are exactly the key or a unique index.
  static bool unique_fields(const Model& m, std::vector<std::size_t> fields);
  // Field positions for the names of `key = ...` / `references = ...`.
  std::optional<std::vector<std::size_t>> field_list(const Model& m,
                                                     const std::vector<std::string>& names,
                                                     const std::vector<Loc>& locs,
                                                     const char* arg);
  void resolve_belongs_to(const Schema& s, std::size_t mi, Field& f);
  // has_many / has_one: the foreign key is that of the belongs_to on the target that
  // points back here.
  void resolve_paired(const Schema& s, std::size_t mi, Field& f);
  void resolve_via(const Schema& s, std::size_t mi, Field& f);
  // Create's setter for a nested record: the field name for has_one and belongs_to, the
  // singular of it for has_many (add_<singular> when that is taken); none for `via`.
  void assign_setters(Model& m);
  // ---- enums (check_enums.cpp) ----
  Enum check_enum(const ast::Enum& e);
  // #[default(Variant)] on a field holding an enum.
  std::optional<DefaultValue> check_enum_default(const ast::Attribute& a, const Field& f);
  const Enum* find_enum(const std::string& name) const;
  // ---- data-carrying enums (check_data_enums.cpp) ----
  // The embed of a data-carrying enum (and its variants' structs), after its Kind enum.
  void add_data_enum(const ast::Enum& ae, std::vector<Embed>& embeds);
  // ---- embeds (check_embeds.cpp) ----
  Embed check_embed(const ast::Model& e);
  void order_embeds(std::vector<Embed>& embeds);
  bool has_required_field(const Embed& e) const;
  const Embed* find_checked_embed(const std::string& name) const;
  void flatten(const Embed& e, const std::string& name_prefix, const std::string& column_prefix, bool optional,
               std::size_t member, Loc loc, std::vector<Field>& out, bool set_whole = false);
  // A model field holding an embed: its columns appended to the model's fields.
  void add_embed_member(const ast::Field& af, const ResolvedType& type,
                        const std::map<std::string, std::vector<const ast::Attribute*>>& attrs, Model& model,
                        std::vector<bool>& type_ok,
                        std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& field_attrs,
                        std::map<std::string, Loc>& field_seen);
  // ---- #[validate(...)] (check_rules.cpp) ----
  void check_validate(const ast::Attribute& a, Field& f);
  // ---- #[default] (check_types.cpp) ----
  std::optional<DefaultValue> check_default(const ast::Attribute& a, const Field& f);
  // ---- models (check_models.cpp) ----
  Model check_model(const ast::Model& am);
  // Relation fields are not columns: they move to model.relations, and the field
  // positions in the key and the indexes are renumbered to count columns only.
  void split_relations(Model& model, const std::vector<bool>& type_ok);
  // #[index(a, b)] / #[unique(a, b, name = "...")] on a model.
  void check_model_index(const ast::Attribute& a, const ast::Model& am, Model& model);
  void check_mixin(const ast::Attribute& a, Model& model, std::set<std::string>& seen);
  // The strategy written in #[auto(...)]: "" (none: chosen by the type), "increment",
  // "uuid", or nullopt for anything else.
  static std::optional<std::string> auto_strategy(const ast::Attribute& a);
  void check_auto_args(const ast::Attribute& a);
  // `#[default(now)]` / `#[update(now)]` (`form`) on a Timestamp field: true when it is one.
  bool check_now_arg(const ast::Attribute& a, const Field& f, const char* form);
  void check_field_name(const std::string& name, Loc loc, const std::string& model);
  void check_key(const ast::Model& am, Model& model, const ast::Attribute* model_key,
                 const std::vector<bool>& type_ok);
  void check_field_rules(
      const Model& model,
      const std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& attrs,
      const std::vector<bool>& type_ok);
  void check_columns(
      const Model& model,
      const std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& attrs);
  void check_lookup_collisions(const Model& model);
  std::optional<std::size_t> named_field(const ast::AttrArg& arg, const std::string& attr, const ast::Model& am,
                                         const Model& model);
  Diagnostics& d_;
  std::vector<std::string> model_names_;
  std::vector<Enum> enums_;  // checked before the models, which refer to them
  std::vector<std::string> embed_names_;  // every declared embed, before their fields are checked
  std::vector<Embed> embeds_;             // checked and ordered, before the models
  std::vector<Newtype> newtypes_;         // checked first: embeds and models hold them
  Loc table_loc_;
  // Per checked model (Schema::models order), per column: whether its type resolved.
  std::vector<std::vector<bool>> field_ok_;
  std::vector<bool> last_field_ok_;
};

}  // namespace toasty_gen::check_detail
