#include "toasty-gen/check.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>

#include "toasty-gen/cpp_text.hpp"
#include "toasty-gen/lookups.hpp"
#include "toasty-gen/suggest.hpp"

namespace toasty_gen {
namespace {

constexpr std::string_view kTypeList =
    "bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, String, Bytes, Uuid, Option<T>";

struct AttrSpec {
  std::string_view name;
  bool on_model;
  bool on_field;
  bool repeatable;
};

constexpr AttrSpec kAttrs[] = {
    {"key", true, true, false},        {"auto", false, true, false},
    {"unique", true, true, false},     {"index", true, true, false},
    {"column", false, true, false},    {"default", false, true, false},
    {"table", true, false, false},     {"mixin", true, false, true},
    {"has_many", false, true, false},  {"has_one", false, true, false},
    {"belongs_to", false, true, false},
};

const AttrSpec* find_attr(std::string_view name) {
  for (const auto& a : kAttrs) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Types people write out of habit from C++ or Rust, and what they mean here.
std::optional<std::string_view> known_alias(std::string_view name) {
  static const std::map<std::string_view, std::string_view> aliases = {
      {"int", "i32"},          {"long", "i64"},          {"short", "i16"},
      {"double", "f64"},       {"float", "f32"},         {"usize", "u64"},
      {"isize", "i64"},        {"char", "i8"},           {"int8_t", "i8"},
      {"int16_t", "i16"},      {"int32_t", "i32"},       {"int64_t", "i64"},
      {"uint8_t", "u8"},       {"uint16_t", "u16"},      {"uint32_t", "u32"},
      {"uint64_t", "u64"},     {"std::int8_t", "i8"},    {"std::int16_t", "i16"},
      {"std::int32_t", "i32"}, {"std::int64_t", "i64"},  {"std::uint8_t", "u8"},
      {"std::uint16_t", "u16"}, {"std::uint32_t", "u32"}, {"std::uint64_t", "u64"},
      {"std::string", "String"}, {"str", "String"},      {"Vec", "Bytes"},
      {"std::vector", "Bytes"}, {"toasty::Bytes", "Bytes"}, {"std::optional", "Option<T>"},
      {"optional", "Option<T>"},
  };
  auto it = aliases.find(name);
  if (it == aliases.end()) return std::nullopt;
  return it->second;
}

bool is_relation_type_name(std::string_view n) {
  return n == "HasMany" || n == "HasOne" || n == "BelongsTo";
}

struct ResolvedType {
  bool ok = false;
  ScalarKind scalar = ScalarKind::I64;
  bool optional = false;
  std::optional<Relation> relation;
  std::string display;  // "Option<String>"
};

class Checker {
 public:
  explicit Checker(Diagnostics& diags) : d_(diags) {}

  Schema run(const ast::File& file) {
    Schema schema;
    check_namespace(file, schema);
    check_includes(file, schema);

    // All model names first: relation types may name a model declared further down.
    std::map<std::string, Loc> seen;
    for (const ast::Model& m : file.models) {
      if (seen.emplace(m.name, m.loc).second) model_names_.push_back(m.name);
    }
    std::map<std::string, Loc> first_model;
    std::map<std::string, std::pair<std::string, Loc>> tables;  // lower(table) -> model
    for (const ast::Model& am : file.models) {
      auto [it, inserted] = first_model.emplace(am.name, am.loc);
      if (!inserted) {
        d_.error(am.loc, "duplicate model `" + am.name + "` (first defined at " +
                             to_string(it->second) + ")");
        continue;
      }
      Model model = check_model(am);
      field_ok_.push_back(std::move(last_field_ok_));
      if (!model.table.empty()) {
        auto [t, fresh] = tables.emplace(lower(model.table), std::make_pair(model.name, table_loc_));
        if (!fresh) {
          d_.error(table_loc_, "table `" + model.table + "` is already used by model `" +
                                   t->second.first + "`");
        }
      }
      schema.models.push_back(std::move(model));
    }
    resolve_relations(schema);
    return schema;
  }

 private:
  // ---- names ----
  // A name that becomes a C++ identifier: keyword, macro, reserved. Returns false after
  // reporting.
  bool check_identifier(std::string_view name, Loc loc, std::string_view what,
                        bool suggest_column) {
    std::string tail = suggest_column ? "; rename the field and keep the column name with "
                                        "#[column(\"" + std::string(name) + "\")]"
                                      : "; choose another name";
    if (is_cpp_keyword(name)) {
      d_.error(loc, "`" + std::string(name) + "` is a C++ keyword and cannot be " +
                        std::string(what) + tail);
      return false;
    }
    if (is_std_macro(name)) {
      d_.error(loc, "`" + std::string(name) + "` is a macro in the C/C++ standard library and "
                    "cannot be " + std::string(what) + tail);
      return false;
    }
    if (is_reserved_identifier(name)) {
      d_.error(loc, "`" + std::string(name) + "` is reserved in C++ (it contains `__` or starts "
                    "with `_` and an uppercase letter) and cannot be " + std::string(what) + tail);
      return false;
    }
    return true;
  }

  void check_namespace(const ast::File& file, Schema& schema) {
    if (file.namespaces.empty()) {
      d_.error(Loc{}, "missing namespace declaration: add `namespace <name>;` (e.g. `namespace "
                      "myapp;`) so the generated code has a namespace");
      return;
    }
    const ast::Namespace& ns = file.namespaces[0];
    for (std::size_t i = 1; i < file.namespaces.size(); ++i) {
      d_.error(file.namespaces[i].loc, "duplicate namespace declaration (first declared at " +
                                           to_string(ns.loc) + ")");
    }
    if (ns.path.global) {
      d_.error(ns.path.loc, "the namespace name cannot start with `::`");
    }
    bool ok = true;
    for (const std::string& part : ns.path.parts) {
      if (!check_identifier(part, ns.path.loc, "a namespace name", false)) {
        ok = false;
      } else if (part == "std" || part == "toasty") {
        d_.error(ns.path.loc, "namespace `" + ns.path.str() + "` would hide the `" + part +
                                  "` namespace from the generated code; choose another name");
        ok = false;
      }
    }
    if (ok) schema.namespace_parts = ns.path.parts;
  }

  void check_includes(const ast::File& file, Schema& schema) {
    std::map<std::string, Loc> seen;
    for (const ast::Include& inc : file.includes) {
      if (inc.path.empty()) {
        d_.error(inc.loc, "empty include path");
        continue;
      }
      bool bad = std::any_of(inc.path.begin(), inc.path.end(), [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
      });
      if (bad) {
        d_.error(inc.loc, "include path " + cpp_string_literal(inc.path) +
                              " cannot contain quotes, backslashes or control characters "
                              "(use `/` to separate directories)");
        continue;
      }
      auto [it, fresh] = seen.emplace(inc.path, inc.loc);
      if (!fresh) {
        d_.error(inc.loc, "duplicate include " + cpp_string_literal(inc.path) +
                              " (first included at " + to_string(it->second) + ")");
        continue;
      }
      schema.includes.push_back(inc.path);
    }
  }

  // ---- attributes ----
  // Sorts attributes by name, reporting unknown, misplaced and duplicate ones.
  std::map<std::string, std::vector<const ast::Attribute*>> collect_attrs(
      const std::vector<ast::Attribute>& attrs, bool on_model) {
    std::map<std::string, std::vector<const ast::Attribute*>> out;
    for (const ast::Attribute& a : attrs) {
      const AttrSpec* spec = find_attr(a.name);
      if (!spec) {
        std::vector<std::string_view> names;
        for (const auto& s : kAttrs) {
          if (on_model ? s.on_model : s.on_field) names.push_back(s.name);
        }
        std::string msg = "unknown attribute `#[" + a.name + "]`";
        if (auto m = closest_match(a.name, names)) msg += " (did you mean `#[" + *m + "]`?)";
        d_.error(a.loc, msg);
        continue;
      }
      if (on_model && !spec->on_model) {
        d_.error(a.loc, "`#[" + a.name + "]` is a field attribute and cannot be used on a model");
        continue;
      }
      if (!on_model && !spec->on_field) {
        d_.error(a.loc, "`#[" + a.name + "]` is a model attribute and cannot be used on a field");
        continue;
      }
      // A model may have several composite indexes.
      const bool repeatable = spec->repeatable || (on_model && (a.name == "index" || a.name == "unique"));
      auto& list = out[a.name];
      if (!list.empty() && !repeatable) {
        d_.error(a.loc, "duplicate attribute `#[" + a.name + "]`");
        continue;
      }
      list.push_back(&a);
    }
    return out;
  }

  static const ast::Attribute* one(
      const std::map<std::string, std::vector<const ast::Attribute*>>& attrs,
      const std::string& name) {
    auto it = attrs.find(name);
    return it == attrs.end() ? nullptr : it->second.front();
  }

  // An attribute that takes no arguments.
  bool expect_no_args(const ast::Attribute& a) {
    if (!a.has_args) return true;
    d_.error(a.loc, "`#[" + a.name + "]` takes no arguments");
    return false;
  }

  // An attribute with exactly one positional string argument.
  std::optional<std::string> expect_string_arg(const ast::Attribute& a) {
    if (a.args.size() == 1 && !a.args[0].name &&
        a.args[0].value.kind == ast::AttrValue::Kind::Literal &&
        a.args[0].value.literal.kind == ast::Literal::Kind::String) {
      const std::string& s = a.args[0].value.literal.text;
      if (s.empty()) {
        d_.error(a.args[0].loc, "`#[" + a.name + "]` needs a non-empty name");
        return std::nullopt;
      }
      return s;
    }
    if (a.name == "column") {
      for (const auto& arg : a.args) {
        if (arg.name && *arg.name == "type") {
          d_.error(arg.loc, "column types (`#[column(type = ...)]`) are not supported by this "
                            "toasty-gen yet");
          return std::nullopt;
        }
      }
    }
    d_.error(a.loc, "`#[" + a.name + "]` expects one string argument: #[" + a.name +
                        "(\"name\")]");
    return std::nullopt;
  }

  // ---- types ----
  ResolvedType resolve_type(const ast::TypeRef& t) {
    ResolvedType r;
    r.display = t.str();
    const std::string name = t.name.str();
    if (t.name.is_simple()) {
      if (auto scalar = scalar_from_name(name)) {
        if (!t.args.empty()) {
          d_.error(t.loc(), "type `" + name + "` takes no type arguments");
          return r;
        }
        r.ok = true;
        r.scalar = *scalar;
        return r;
      }
      if (name == "Option") return resolve_option(t, r);
      if (is_relation_type_name(name)) return resolve_relation(t, r, false);
      if (std::find(model_names_.begin(), model_names_.end(), name) != model_names_.end()) {
        d_.error(t.loc(), "a field cannot have the model type `" + name +
                              "`; relations are declared as BelongsTo<" + name + ">, HasOne<" +
                              name + "> or HasMany<" + name + ">");
        return r;
      }
    }
    std::string msg = "unknown type `" + t.str() + "`";
    if (t.str() == "Vec<u8>") {
      msg += " (use `Bytes`)";
    } else if (auto alias = known_alias(name)) {
      msg += " (use `" + std::string(*alias) + "`)";
    } else if (auto m = closest_match(name, {"bool", "i8", "i16", "i32", "i64", "u8", "u16",
                                             "u32", "u64", "f32", "f64", "String", "Bytes",
                                             "Uuid", "Option"})) {
      msg += " (did you mean `" + *m + "`?)";
    } else {
      msg += " (field types are " + std::string(kTypeList) + ")";
    }
    d_.error(t.loc(), msg);
    return r;
  }

  ResolvedType resolve_option(const ast::TypeRef& t, ResolvedType& r) {
    if (t.args.size() != 1) {
      d_.error(t.loc(), "`Option` takes exactly one type argument: Option<T>");
      return r;
    }
    const ast::TypeRef& inner = t.args[0];
    const std::string inner_name = inner.name.str();
    if (inner.name.is_simple() && inner_name == "Option") {
      d_.error(t.loc(), "`Option<Option<...>>` is not supported");
      return r;
    }
    if (inner.name.is_simple() && inner_name == "BelongsTo") {
      return resolve_relation(inner, r, true);
    }
    if (inner.name.is_simple() && (inner_name == "HasMany" || inner_name == "HasOne")) {
      d_.error(t.loc(), inner_name == "HasOne"
                            ? "write an optional has-one relation as `HasOne<Option<T>>`"
                            : "`HasMany<T>` cannot be optional (it may simply be empty)");
      return r;
    }
    ResolvedType in = resolve_type(inner);
    if (!in.ok) return r;
    r.ok = true;
    r.scalar = in.scalar;
    r.optional = true;
    return r;
  }

  ResolvedType resolve_relation(const ast::TypeRef& t, ResolvedType& r, bool optional) {
    const std::string kind = t.name.str();
    if (t.args.size() != 1) {
      d_.error(t.loc(), "`" + kind + "` takes exactly one type argument: " + kind + "<Model>");
      return r;
    }
    const ast::TypeRef* target = &t.args[0];
    if (kind != "HasMany" && target->name.is_simple() && target->name.str() == "Option" &&
        target->args.size() == 1) {
      if (optional) {
        d_.error(t.loc(), "`Option<" + kind + "<Option<...>>>` is optional twice");
        return r;
      }
      optional = true;
      target = &target->args[0];
    }
    const std::string target_name = target->name.str();
    if (!target->name.is_simple() || !target->args.empty()) {
      d_.error(target->loc(), "`" + kind + "<...>` needs a model name, found `" + target->str() + "`");
      return r;
    }
    if (std::find(model_names_.begin(), model_names_.end(), target_name) == model_names_.end()) {
      std::vector<std::string_view> names(model_names_.begin(), model_names_.end());
      std::string msg = "unknown model `" + target_name + "` in `" + t.str() + "`";
      if (auto m = closest_match(target_name, names)) msg += " (did you mean `" + *m + "`?)";
      d_.error(target->loc(), msg);
      return r;
    }
    Relation rel;
    rel.kind = kind == "HasMany"  ? Relation::Kind::HasMany
               : kind == "HasOne" ? Relation::Kind::HasOne
                                  : Relation::Kind::BelongsTo;
    rel.target = target_name;
    rel.optional = optional;
    r.ok = true;
    r.relation = std::move(rel);
    return r;
  }

  // ---- relations: the shape of one relation field (resolved across models later) ----
  void check_relation(Field& f, const ResolvedType& type,
                      const std::map<std::string, std::vector<const ast::Attribute*>>& attrs,
                      Loc loc) {
    static const char* const kAttrFor[] = {"has_many", "has_one", "belongs_to"};
    static const char* const kTypeFor[] = {"HasMany", "HasOne", "BelongsTo"};
    const ast::Attribute* rel_attr = nullptr;
    for (const char* n : kAttrFor) {
      if (const ast::Attribute* a = one(attrs, n)) {
        if (rel_attr) {
          d_.error(a->loc, "a field can have only one relation attribute");
          return;
        }
        rel_attr = a;
      }
    }
    if (!type.relation) {
      if (rel_attr) {
        std::size_t k = std::find(std::begin(kAttrFor), std::end(kAttrFor), rel_attr->name) -
                        std::begin(kAttrFor);
        d_.error(rel_attr->loc, "`#[" + rel_attr->name + "]` needs a field of type " +
                                    kTypeFor[k] + "<Model>, but `" + f.name + "` has type " +
                                    type.display);
      }
      return;
    }
    Relation rel = *type.relation;
    auto k = static_cast<std::size_t>(rel.kind);
    if (!rel_attr || rel_attr->name != kAttrFor[k]) {
      d_.error(rel_attr ? rel_attr->loc : loc, "a field of type " + type.display + " needs `#[" +
                                                   kAttrFor[k] + "]`");
      return;
    }
    rel.attr_loc = rel_attr->loc;
    for (const char* n : {"key", "auto", "unique", "index", "column", "default"}) {
      if (const ast::Attribute* a = one(attrs, n)) {
        d_.error(a->loc, "`#[" + std::string(n) + "]` cannot be used on a relation field");
      }
    }
    std::set<std::string> given;
    for (const ast::AttrArg& arg : rel_attr->args) {
      // Field names: `a` or `[a, b]`, with their locations.
      auto names = [&](const ast::AttrValue& v, std::vector<Loc>& locs) {
        std::vector<std::string> out;
        auto add = [&](const ast::AttrValue& x) {
          if (x.kind == ast::AttrValue::Kind::Path && x.path.is_simple() && !x.path.dotted) {
            out.push_back(x.path.parts[0]);
            locs.push_back(x.loc);
          } else {
            d_.error(x.loc, "expected a field name in `#[" + rel_attr->name + "(...)]`");
            rel.attr_error = true;
          }
        };
        if (v.kind == ast::AttrValue::Kind::List) {
          for (const auto& x : v.list) add(x);
          if (v.list.empty()) {
            d_.error(v.loc, "expected at least one field name in `[...]`");
            rel.attr_error = true;
          }
        } else {
          add(v);
        }
        return out;
      };
      std::string n = arg.name.value_or("");
      const bool known = rel.kind == Relation::Kind::BelongsTo
                             ? (n == "key" || n == "references")
                             : (n == "via" || n == "pair");
      if (known && !given.insert(n).second) {
        d_.error(arg.loc, "duplicate `" + n + " = ...` in `#[" + rel_attr->name + "(...)]`");
        rel.attr_error = true;
      } else if (rel.kind == Relation::Kind::BelongsTo && n == "key") {
        rel.key = names(arg.value, rel.key_locs);
      } else if (rel.kind == Relation::Kind::BelongsTo && n == "references") {
        rel.references = names(arg.value, rel.references_locs);
      } else if (rel.kind != Relation::Kind::BelongsTo && n == "via") {
        const ast::Path& p = arg.value.path;
        rel.via_loc = arg.value.loc;
        if (arg.value.kind != ast::AttrValue::Kind::Path || p.global ||
            (!p.dotted && p.parts.size() > 1)) {
          d_.error(arg.value.loc, "expected a relation path in `via = ...`, e.g. via = memberships.group");
          rel.attr_error = true;
        } else if (p.parts.size() < 2) {
          d_.error(arg.value.loc, "`via = " + p.str() + "` needs the relations to go through, at "
                                  "least two: via = " + p.str() + ".<relation of its target>");
          rel.attr_error = true;
        } else {
          rel.via = p.parts;
        }
      } else if (rel.kind != Relation::Kind::BelongsTo && n == "pair") {
        std::vector<Loc> locs;
        auto v = names(arg.value, locs);
        if (v.size() > 1) {
          d_.error(arg.value.loc, "`pair = ...` names one belongs_to relation");
          rel.attr_error = true;
        } else if (v.size() == 1) {
          rel.pair = v[0];
          rel.pair_loc = locs[0];
        }
      } else {
        d_.error(arg.loc, std::string("unexpected argument in `#[") + rel_attr->name + "(...)]` (" +
                              (rel.kind == Relation::Kind::BelongsTo
                                   ? "expected `key = ...` and `references = ...`"
                                   : "expected `pair = ...` or `via = ...`") +
                              ")");
        rel.attr_error = true;
      }
    }
    f.relation = std::move(rel);
  }

  // ---- relations across models ----
  // Resolves every relation to field positions (the app::Relation the runtime gets):
  // belongs_to first (they only need this model's and the target's fields), then the
  // has_many/has_one that pair with them, then `via` relations, which walk the others.
  void resolve_relations(Schema& s) {
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < s.models.size(); ++i) by_name.emplace(s.models[i].name, i);
    auto target_of = [&](const Relation& r) -> std::optional<std::size_t> {
      auto it = by_name.find(r.target);
      if (it == by_name.end()) return std::nullopt;
      return it->second;
    };
    for (int pass = 0; pass < 3; ++pass) {
      for (std::size_t mi = 0; mi < s.models.size(); ++mi) {
        for (Field& f : s.models[mi].relations) {
          Relation& r = *f.relation;
          if (r.attr_error) continue;
          auto ti = target_of(r);
          if (!ti) continue;
          r.target_model = *ti;
          const bool belongs = r.kind == Relation::Kind::BelongsTo;
          if (pass == 0 && belongs) resolve_belongs_to(s, mi, f);
          if (pass == 1 && !belongs && r.via.empty()) resolve_paired(s, mi, f);
          if (pass == 2 && !belongs && !r.via.empty()) resolve_via(s, mi, f);
        }
      }
    }
    for (Model& m : s.models) assign_setters(m);
  }

  static std::vector<std::string_view> names_of(const std::vector<Field>& fields) {
    std::vector<std::string_view> out;
    for (const Field& f : fields) out.push_back(f.name);
    return out;
  }
  static std::optional<std::size_t> position(const std::vector<Field>& fields,
                                             const std::string& name) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) return i;
    }
    return std::nullopt;
  }
  static std::string type_text(const Field& f) {
    std::string t(schema_name(f.type));
    return f.optional ? "Option<" + t + ">" : t;
  }
  static std::string snake_case(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
      auto c = static_cast<unsigned char>(name[i]);
      if (std::isupper(c)) {
        if (i > 0 && name[i - 1] != '_') out += '_';
        out += static_cast<char>(std::tolower(c));
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }
  static std::string list_text(const std::vector<std::string>& names) {
    if (names.size() == 1) return names[0];
    std::string out = "[";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + "]";
  }
  // `#[belongs_to(key = user_id, references = id)] user: BelongsTo<User>` for a parent.
  static std::string belongs_to_example(const Model& parent) {
    std::vector<std::string> key, refs;
    const std::string base = snake_case(parent.name);
    for (std::size_t i : parent.primary_key) {
      refs.push_back(parent.fields[i].name);
      key.push_back(base + "_" + parent.fields[i].name);
    }
    if (refs.empty()) {
      refs.push_back("id");
      key.push_back(base + "_id");
    }
    return "#[belongs_to(key = " + list_text(key) + ", references = " + list_text(refs) + ")] " +
           base + ": BelongsTo<" + parent.name + ">";
  }
  // Whether `fields` (in any order) are the leading fields of the key or of an index.
  static bool indexed(const Model& m, const std::vector<std::size_t>& fields) {
    auto leads = [&](const std::vector<std::size_t>& ix) {
      if (ix.size() < fields.size()) return false;
      std::vector<std::size_t> a(ix.begin(), ix.begin() + static_cast<std::ptrdiff_t>(fields.size()));
      std::vector<std::size_t> b = fields;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    };
    if (leads(m.primary_key)) return true;
    return std::any_of(m.indexes.begin(), m.indexes.end(),
                       [&](const Index& ix) { return leads(ix.fields); });
  }
  // Whether `fields` (in any order) are exactly the key or a unique index.
  static bool unique_fields(const Model& m, std::vector<std::size_t> fields) {
    std::sort(fields.begin(), fields.end());
    auto same = [&](std::vector<std::size_t> ix) {
      std::sort(ix.begin(), ix.end());
      return ix == fields;
    };
    if (same(m.primary_key)) return true;
    return std::any_of(m.indexes.begin(), m.indexes.end(),
                       [&](const Index& ix) { return ix.unique && same(ix.fields); });
  }

  // Field positions for the names of `key = ...` / `references = ...`.
  std::optional<std::vector<std::size_t>> field_list(const Model& m,
                                                     const std::vector<std::string>& names,
                                                     const std::vector<Loc>& locs,
                                                     const char* arg) {
    std::vector<std::size_t> out;
    bool ok = true;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string& n = names[i];
      auto pos = position(m.fields, n);
      if (!pos) {
        if (position(m.relations, n)) {
          d_.error(locs[i], "`" + std::string(arg) + " = " + n + "` names the relation `" + m.name +
                                "." + n + "`; it needs the fields that hold the key, e.g. `" + n +
                                "_id`");
        } else if (!m.incomplete) {
          std::string msg = "`" + std::string(arg) + " = " + n + "`: model `" + m.name +
                            "` has no field `" + n + "`";
          if (auto c = closest_match(n, names_of(m.fields))) msg += " (did you mean `" + *c + "`?)";
          d_.error(locs[i], msg);
        }
        ok = false;
        continue;
      }
      if (std::find(out.begin(), out.end(), *pos) != out.end()) {
        d_.error(locs[i], "field `" + n + "` appears twice in `" + std::string(arg) + " = [...]`");
        ok = false;
        continue;
      }
      out.push_back(*pos);
    }
    if (!ok) return std::nullopt;
    return out;
  }

  void resolve_belongs_to(const Schema& s, std::size_t mi, Field& f) {
    const Model& m = s.models[mi];
    Relation& r = *f.relation;
    const Model& t = s.models[r.target_model];
    if (r.key.empty() || r.references.empty()) {
      const std::string example = belongs_to_example(t);
      d_.error(r.attr_loc, "`#[belongs_to]` needs the foreign key fields of `" + m.name +
                               "` and the fields of `" + t.name + "` they hold: " +
                               example.substr(0, example.find(")]") + 2));
      return;
    }
    if (r.key.size() != r.references.size()) {
      d_.error(r.attr_loc, "`key = ...` lists " + std::to_string(r.key.size()) +
                               " field" + (r.key.size() == 1 ? "" : "s") + " but `references = ...` lists " +
                               std::to_string(r.references.size()) +
                               "; each key field holds one referenced field");
      return;
    }
    auto src = field_list(m, r.key, r.key_locs, "key");
    auto dst = field_list(t, r.references, r.references_locs, "references");
    if (!src || !dst) return;
    bool ok = true;
    const std::string rel_type = (r.optional ? "Option<BelongsTo<" : "BelongsTo<") + t.name +
                                 (r.optional ? ">>" : ">");
    for (std::size_t i = 0; i < src->size(); ++i) {
      const Field& kf = m.fields[(*src)[i]];
      const Field& rf = t.fields[(*dst)[i]];
      const bool k_ok = field_ok_[mi][(*src)[i]];
      const bool r_ok = field_ok_[r.target_model][(*dst)[i]];
      if (k_ok && r_ok && kf.type != rf.type) {
        d_.error(r.key_locs[i], "key field `" + m.name + "." + kf.name + "` has type " +
                                    std::string(schema_name(kf.type)) + " but `" + t.name + "." +
                                    rf.name + "`, which it references, has type " +
                                    std::string(schema_name(rf.type)) + "; they must be the same");
        ok = false;
      }
      if (!k_ok) {
        ok = false;
      } else if (r.optional && !kf.optional) {
        d_.error(f.loc, "`" + f.name + "` is " + rel_type + ", so its key field `" + kf.name +
                            "` must be optional too: make it Option<" +
                            std::string(schema_name(kf.type)) + "> (or the relation BelongsTo<" +
                            t.name + ">)");
        ok = false;
      } else if (!r.optional && kf.optional) {
        d_.error(f.loc, "`" + f.name + "` is " + rel_type + " (required), but its key field `" +
                            kf.name + "` is " + type_text(kf) + ": make the relation Option<BelongsTo<" +
                            t.name + ">> (or the key " + std::string(schema_name(kf.type)) + ")");
        ok = false;
      }
    }
    if (!ok) return;
    if (!unique_fields(t, *dst)) {
      d_.warning(r.references_locs[0],
                 "`references = " + list_text(r.references) + "` is not the primary key or a "
                 "#[unique] field of `" + t.name + "`, so `" + m.name + "." + f.name +
                 "` may match several records");
    }
    r.source_fields = *src;
    r.target_fields = *dst;
    r.key_optional = r.optional;
    r.resolved = true;
  }

  // has_many / has_one: the foreign key is that of the belongs_to on the target that
  // points back here.
  void resolve_paired(const Schema& s, std::size_t mi, Field& f) {
    const Model& m = s.models[mi];
    Relation& r = *f.relation;
    const Model& t = s.models[r.target_model];
    const char* attr = r.kind == Relation::Kind::HasMany ? "has_many" : "has_one";
    const Field* back = nullptr;
    if (!r.pair.empty()) {
      auto pos = position(t.relations, r.pair);
      if (!pos) {
        std::string msg = "`pair = " + r.pair + "`: model `" + t.name + "` has no relation `" +
                          r.pair + "`";
        if (auto fp = position(t.fields, r.pair)) {
          if (!field_ok_[r.target_model][*fp]) return;  // a relation type with an error
          msg = "`pair = " + r.pair + "` must name a belongs_to relation of `" + t.name +
                "`, but `" + r.pair + "` is a field";
        } else if (auto c = closest_match(r.pair, names_of(t.relations))) {
          msg += " (did you mean `" + *c + "`?)";
        }
        if (!t.incomplete || position(t.fields, r.pair)) d_.error(r.pair_loc, msg);
        return;
      }
      const Field& cand = t.relations[*pos];
      if (cand.relation->kind != Relation::Kind::BelongsTo) {
        d_.error(r.pair_loc, "`pair = " + r.pair + "` must name a belongs_to relation of `" + t.name +
                                 "`, but `" + t.name + "." + r.pair + "` is a " +
                                 (cand.relation->kind == Relation::Kind::HasMany ? "has_many" : "has_one") +
                                 " relation");
        return;
      }
      if (cand.relation->target != m.name) {
        d_.error(r.pair_loc, "`pair = " + r.pair + "`: `" + t.name + "." + r.pair +
                                 "` belongs to `" + cand.relation->target + "`, not to `" + m.name + "`");
        return;
      }
      back = &cand;
    } else {
      std::vector<const Field*> cands;
      for (const Field& c : t.relations) {
        if (c.relation->kind == Relation::Kind::BelongsTo && c.relation->target == m.name) {
          cands.push_back(&c);
        }
      }
      if (cands.empty()) {
        d_.error(f.loc, "`" + m.name + "." + f.name + "` needs a belongs_to relation on `" + t.name +
                            "` that points back to `" + m.name + "`, e.g. " + belongs_to_example(m));
        return;
      }
      if (cands.size() > 1) {
        std::string list;
        for (const Field* c : cands) list += (list.empty() ? "`" : ", `") + c->name + "`";
        d_.error(f.loc, "`" + m.name + "." + f.name + "` could pair with several belongs_to "
                            "relations of `" + t.name + "` (" + list + "); pick one with #[" + attr +
                            "(pair = " + cands[0]->name + ")]");
        return;
      }
      back = cands[0];
    }
    const Relation& b = *back->relation;
    if (!b.resolved) return;  // its own error was reported
    r.source_fields = b.target_fields;
    r.target_fields = b.source_fields;
    r.key_optional = b.key_optional;
    r.resolved = true;
    if (r.kind == Relation::Kind::HasMany && !indexed(t, r.target_fields)) {
      std::string where, fix;
      if (r.target_fields.size() == 1) {
        const std::string& n = t.fields[r.target_fields[0]].name;
        where = "`" + t.name + "." + n + "`";
        fix = "add #[index] to `" + n + "` in model `" + t.name + "`";
      } else {
        std::vector<std::string> names;
        for (std::size_t i : r.target_fields) names.push_back(t.fields[i].name);
        std::string joined;
        for (const std::string& n : names) joined += (joined.empty() ? "" : ", ") + n;
        where = "`" + t.name + ".(" + joined + ")`";
        fix = "add #[index(" + joined + ")] to model `" + t.name + "`";
      }
      d_.warning(f.loc, "the foreign key of `" + m.name + "." + f.name + "`, " + where +
                            ", has no index, so loading or removing " + f.name +
                            " scans the whole table; " + fix);
    }
  }

  void resolve_via(const Schema& s, std::size_t mi, Field& f) {
    Relation& r = *f.relation;
    std::string path;
    for (const std::string& p : r.via) path += (path.empty() ? "" : ".") + p;
    if (!r.pair.empty()) {
      d_.error(r.pair_loc, "`pair` and `via` cannot be combined: a `via` relation follows other "
                           "relations, not a foreign key");
      return;
    }
    std::size_t cur = mi;
    std::vector<Relation::Step> steps;
    for (const std::string& name : r.via) {
      const Model& cm = s.models[cur];
      auto pos = position(cm.relations, name);
      if (!pos) {
        std::string msg;
        if (auto fp = position(cm.fields, name)) {
          if (!field_ok_[cur][*fp]) return;  // a relation type with an error, reported
          msg = "`via = " + path + "`: `" + cm.name + "." + name + "` is a field, not a relation";
        } else {
          msg = "`via = " + path + "`: model `" + cm.name + "` has no relation `" + name + "`";
          if (auto c = closest_match(name, names_of(cm.relations))) msg += " (did you mean `" + *c + "`?)";
          if (cm.incomplete) return;
        }
        d_.error(r.via_loc, msg);
        return;
      }
      const Relation& step = *cm.relations[*pos].relation;
      if (!step.via.empty() || (&cm.relations[*pos] == &f)) {
        d_.error(r.via_loc, "`via = " + path + "` cannot go through `" + cm.name + "." + name +
                                "`, which is itself a `via` relation; list the relations it goes "
                                "through instead");
        return;
      }
      if (step.attr_error) return;
      steps.push_back({cur, *pos});
      cur = step.target_model;  // set for every relation before this pass
    }
    if (s.models[cur].name != r.target) {
      d_.error(r.via_loc, "`via = " + path + "` ends at model `" + s.models[cur].name + "`, but `" +
                              f.name + "` is " + (r.kind == Relation::Kind::HasMany ? "HasMany<" : "HasOne<") +
                              r.target + ">");
      return;
    }
    r.steps = std::move(steps);
    r.resolved = true;
  }

  // Create's setter for a nested record: the field name for has_one and belongs_to, the
  // singular of it for has_many (add_<singular> when that is taken); none for `via`.
  void assign_setters(Model& m) {
    std::set<std::string> taken = {"Create", "exec", "builder", "b_"};
    for (const FixedMember& fm : fixed_members()) taken.insert(fm.name);
    for (const Field& f : m.fields) taken.insert(f.name);
    for (const Field& f : m.relations) taken.insert(f.name);
    for (Field& f : m.relations) {
      Relation& r = *f.relation;
      if (!r.via.empty()) continue;
      if (r.kind != Relation::Kind::HasMany) {
        r.setter = f.name;
        continue;
      }
      std::string one = singular(f.name);
      auto usable = [&](const std::string& n) {
        return (n == f.name || !taken.count(n)) && !is_cpp_keyword(n) && !is_std_macro(n) &&
               !is_reserved_identifier(n);
      };
      if (!usable(one)) one = "add_" + one;
      if (!usable(one)) {
        d_.error(f.loc, "the nested-create setter of `" + f.name + "` would be `Create::" + one +
                            "()`, which is already taken; rename `" + one + "` or the relation");
        continue;
      }
      taken.insert(one);
      r.setter = one;
    }
  }

  // ---- #[default] ----
  std::optional<DefaultValue> check_default(const ast::Attribute& a, const Field& f) {
    if (a.args.size() != 1 || a.args[0].name ||
        a.args[0].value.kind != ast::AttrValue::Kind::Literal) {
      d_.error(a.loc, "`#[default]` expects one literal argument, e.g. #[default(0)], "
                      "#[default(\"text\")] or #[default(false)]");
      return std::nullopt;
    }
    const ast::Literal& lit = a.args[0].value.literal;
    const std::string type = std::string(schema_name(f.type));
    auto mismatch = [&]() {
      d_.error(lit.loc, "#[default] value " + lit.display() + " does not match type " + type +
                            " of field `" + f.name + "`");
      return std::nullopt;
    };
    auto out_of_range = [&]() {
      d_.error(lit.loc, "#[default] value " + lit.display() + " is out of range for " + type);
      return std::nullopt;
    };
    DefaultValue v;
    switch (f.type) {
      case ScalarKind::Bytes:
        d_.error(a.loc, "`#[default]` is not supported on Bytes fields");
        return std::nullopt;
      case ScalarKind::Uuid:
        d_.error(a.loc, "`#[default]` is not supported on Uuid fields (a Uuid key takes #[auto])");
        return std::nullopt;
      case ScalarKind::Bool:
        if (lit.kind != ast::Literal::Kind::Bool) return mismatch();
        v.kind = DefaultValue::Kind::Bool;
        v.b = lit.bool_value;
        return v;
      case ScalarKind::String:
        if (lit.kind != ast::Literal::Kind::String) return mismatch();
        v.kind = DefaultValue::Kind::String;
        v.s = lit.text;
        return v;
      case ScalarKind::F32:
      case ScalarKind::F64: {
        if (lit.kind != ast::Literal::Kind::Int && lit.kind != ast::Literal::Kind::Float) {
          return mismatch();
        }
        double d = 0;
        auto res = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), d);
        if (res.ec == std::errc::result_out_of_range) {
          // Underflow (tiny values) is fine; overflow is not.
          if (std::strtod(lit.text.c_str(), nullptr) != 0.0) return out_of_range();
          d = 0;
        } else if (res.ec != std::errc() || res.ptr != lit.text.data() + lit.text.size()) {
          return mismatch();
        }
        if (!std::isfinite(d) || (f.type == ScalarKind::F32 && d > FLT_MAX)) return out_of_range();
        v.kind = DefaultValue::Kind::Float;
        v.f = lit.negative ? -d : d;
        return v;
      }
      default:
        break;
    }
    // Integers.
    if (lit.kind != ast::Literal::Kind::Int) return mismatch();
    std::uint64_t mag = 0;
    auto res = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), mag);
    if (res.ec != std::errc() || res.ptr != lit.text.data() + lit.text.size()) return out_of_range();
    if (is_signed_integer(f.type)) {
      int bits = f.type == ScalarKind::I8 ? 8 : f.type == ScalarKind::I16 ? 16 : f.type == ScalarKind::I32 ? 32 : 64;
      std::uint64_t limit = std::uint64_t{1} << (bits - 1);  // |min|; max = limit - 1
      if (lit.negative ? mag > limit : mag >= limit) return out_of_range();
      v.kind = DefaultValue::Kind::Int;
      v.i = lit.negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
      return v;
    }
    int bits = f.type == ScalarKind::U8 ? 8 : f.type == ScalarKind::U16 ? 16 : f.type == ScalarKind::U32 ? 32 : 64;
    std::uint64_t max = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
    if ((lit.negative && mag != 0) || mag > max) return out_of_range();
    v.kind = DefaultValue::Kind::Uint;
    v.u = mag;
    return v;
  }

  // ---- models ----
  Model check_model(const ast::Model& am) {
    Model model;
    model.name = am.name;
    model.loc = am.loc;
    if (check_identifier(am.name, am.loc, "a model name", false)) {
      if (am.name == "models") {
        d_.error(am.loc, "model name `models` collides with the generated function `models()`; "
                         "choose another name");
      } else if (am.name == "std" || am.name == "toasty") {
        d_.error(am.loc, "model name `" + am.name + "` would hide the `" + am.name +
                             "` namespace from the generated code; choose another name");
      }
    }

    // Model attributes.
    auto mattrs = collect_attrs(am.attrs, true);
    table_loc_ = am.loc;
    if (const ast::Attribute* t = one(mattrs, "table")) {
      table_loc_ = t->loc;
      if (auto name = expect_string_arg(*t)) model.table = *name;
    }
    if (auto it = mattrs.find("mixin"); it != mattrs.end()) {
      std::set<std::string> seen;
      for (const ast::Attribute* a : it->second) check_mixin(*a, model, seen);
    }
    const ast::Attribute* model_key = one(mattrs, "key");

    // Fields.
    std::map<std::string, Loc> field_seen;
    std::vector<bool> type_ok;
    std::vector<std::map<std::string, std::vector<const ast::Attribute*>>> field_attrs;
    for (const ast::Field& af : am.fields) {
      auto [it, fresh] = field_seen.emplace(af.name, af.loc);
      if (!fresh) {
        d_.error(af.loc, "duplicate field `" + af.name + "` in model `" + am.name +
                             "` (first defined at " + to_string(it->second) + ")");
        continue;
      }
      check_field_name(af.name, af.loc, am.name);
      Field f;
      f.name = af.name;
      f.loc = af.loc;
      auto attrs = collect_attrs(af.attrs, false);
      ResolvedType type = resolve_type(af.type);
      if (type.ok && !type.relation) {
        f.type = type.scalar;
        f.optional = type.optional;
      }
      if (type.ok) check_relation(f, type, attrs, af.loc);
      if (!f.relation) {
        if (const ast::Attribute* a = one(attrs, "key")) {
          expect_no_args(*a);
          f.key = true;
        }
        if (const ast::Attribute* a = one(attrs, "auto")) {
          f.auto_generated = true;
          check_auto_args(*a);
        }
        if (const ast::Attribute* a = one(attrs, "unique")) {
          expect_no_args(*a);
          f.unique = true;
        }
        if (const ast::Attribute* a = one(attrs, "index")) {
          expect_no_args(*a);
          f.index = true;
        }
        if (const ast::Attribute* a = one(attrs, "column")) {
          if (auto c = expect_string_arg(*a)) f.column = *c;
        }
        if (const ast::Attribute* a = one(attrs, "default"); a && type.ok) {
          f.default_value = check_default(*a, f);
        }
      }
      model.fields.push_back(std::move(f));
      type_ok.push_back(type.ok);
      field_attrs.push_back(std::move(attrs));
    }

    check_key(am, model, model_key, type_ok);
    check_field_rules(model, field_attrs, type_ok);
    check_columns(model, field_attrs);

    for (std::size_t i = 0; i < model.fields.size(); ++i) {
      const Field& f = model.fields[i];
      bool single_key = model.primary_key.size() == 1 && model.primary_key[0] == i;
      if (f.relation || single_key) continue;
      if (f.unique) {
        model.indexes.push_back({{i}, true, false, ""});
      } else if (f.index) {
        model.indexes.push_back({{i}, false, false, ""});
      }
    }
    // Model-level (composite) indexes, in declaration order.
    for (const ast::Attribute& a : am.attrs) {
      if (a.name != "index" && a.name != "unique") continue;
      auto it = mattrs.find(a.name);
      if (it != mattrs.end() &&
          std::find(it->second.begin(), it->second.end(), &a) != it->second.end()) {
        check_model_index(a, am, model);
      }
    }
    split_relations(model, type_ok);
    model.incomplete = am.incomplete;
    check_lookup_collisions(model);
    return model;
  }

  // Relation fields are not columns: they move to model.relations, and the field
  // positions in the key and the indexes are renumbered to count columns only.
  void split_relations(Model& model, const std::vector<bool>& type_ok) {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<std::size_t> remap(model.fields.size(), kNone);
    std::vector<Field> columns;
    last_field_ok_.clear();
    for (std::size_t i = 0; i < model.fields.size(); ++i) {
      if (model.fields[i].relation) {
        model.relations.push_back(std::move(model.fields[i]));
      } else {
        remap[i] = columns.size();
        columns.push_back(std::move(model.fields[i]));
        last_field_ok_.push_back(i < type_ok.size() && type_ok[i]);
      }
    }
    model.fields = std::move(columns);
    auto renumber = [&](std::vector<std::size_t>& v) {
      std::vector<std::size_t> out;
      for (std::size_t i : v) {
        if (remap[i] != kNone) out.push_back(remap[i]);
      }
      v = std::move(out);
    };
    renumber(model.primary_key);
    for (Index& ix : model.indexes) renumber(ix.fields);
  }

  // #[index(a, b)] / #[unique(a, b, name = "...")] on a model.
  void check_model_index(const ast::Attribute& a, const ast::Model& am, Model& model) {
    Index ix;
    ix.unique = a.name == "unique";
    ix.model_level = true;
    bool ok = true;
    for (const ast::AttrArg& arg : a.args) {
      if (arg.name && *arg.name == "name") {
        if (arg.value.kind == ast::AttrValue::Kind::Literal &&
            arg.value.literal.kind == ast::Literal::Kind::String && !arg.value.literal.text.empty()) {
          ix.name = arg.value.literal.text;
        } else {
          d_.error(arg.loc, "expected a non-empty string in `name = ...`");
          ok = false;
        }
        continue;
      }
      if (arg.name || arg.value.kind != ast::AttrValue::Kind::Path || !arg.value.path.is_simple()) {
        d_.error(arg.loc, "expected a field name in `#[" + a.name + "(...)]`");
        ok = false;
        continue;
      }
      const std::string& fname = arg.value.path.parts[0];
      auto it = std::find_if(model.fields.begin(), model.fields.end(),
                             [&](const Field& f) { return f.name == fname; });
      if (it == model.fields.end()) {
        if (!am.incomplete) {
          d_.error(arg.loc, "#[" + a.name + "(...)] names unknown field `" + fname + "` in model `" +
                                model.name + "`");
        }
        ok = false;
        continue;
      }
      auto idx = static_cast<std::size_t>(it - model.fields.begin());
      if (it->relation) {
        d_.error(arg.loc, "relation field `" + fname + "` cannot be indexed");
        ok = false;
      } else if (std::find(ix.fields.begin(), ix.fields.end(), idx) != ix.fields.end()) {
        d_.error(arg.loc, "field `" + fname + "` appears twice in #[" + a.name + "(...)]");
        ok = false;
      } else {
        ix.fields.push_back(idx);
      }
    }
    if (ix.fields.empty()) {
      if (ok) {
        d_.error(a.loc, "`#[" + a.name + "(...)]` on a model needs the indexed fields: #[" +
                            a.name + "(a, b)]");
      }
      return;
    }
    if (!ok) return;
    if (ix.fields == model.primary_key) {
      d_.error(a.loc, "`#[" + a.name + "(...)]` is redundant: its fields are the primary key");
      return;
    }
    for (const Index& other : model.indexes) {
      if (other.fields == ix.fields) {
        d_.error(a.loc, "`#[" + a.name + "(...)]` repeats an index on the same fields");
        return;
      }
    }
    model.indexes.push_back(std::move(ix));
  }

  void check_mixin(const ast::Attribute& a, Model& model, std::set<std::string>& seen) {
    if (a.args.size() != 1 || a.args[0].name ||
        a.args[0].value.kind != ast::AttrValue::Kind::Path) {
      d_.error(a.loc, "`#[mixin]` expects one class template name: #[mixin(my_ns::MyMethods)]");
      return;
    }
    const ast::Path& p = a.args[0].value.path;
    if (p.dotted) {
      d_.error(a.loc, "`#[mixin]` expects one class template name: #[mixin(my_ns::MyMethods)]");
      return;
    }
    for (const std::string& part : p.parts) {
      if (!check_identifier(part, p.loc, "part of a mixin name", false)) return;
    }
    std::string name = p.str();
    if (!seen.insert(name).second) {
      d_.error(a.loc, "duplicate mixin `" + name + "`");
      return;
    }
    model.mixins.push_back(name);
  }

  // The strategy written in #[auto(...)]: "" (none: chosen by the type), "increment",
  // "uuid", or nullopt for anything else.
  static std::optional<std::string> auto_strategy(const ast::Attribute& a) {
    if (!a.has_args) return std::string();
    if (a.args.size() == 1 && !a.args[0].name &&
        a.args[0].value.kind == ast::AttrValue::Kind::Path && a.args[0].value.path.is_simple()) {
      const std::string& p = a.args[0].value.path.parts[0];
      if (p == "increment" || p == "uuid") return p;
    }
    return std::nullopt;
  }

  void check_auto_args(const ast::Attribute& a) {
    if (auto_strategy(a)) return;
    d_.error(a.loc, "`#[auto]` takes no argument, `increment` (integer keys) or `uuid` (Uuid keys, "
                    "UUID v7)");
  }

  void check_field_name(const std::string& name, Loc loc, const std::string& model) {
    if (!check_identifier(name, loc, "a field name", true)) return;
    std::string column_hint =
        "; rename the field and keep the column name with #[column(\"" + name + "\")]";
    if (name == model) {
      d_.error(loc, "field `" + name + "` has the same name as its model, which C++ does not "
                    "allow" + column_hint);
      return;
    }
    for (const FixedMember& m : fixed_members()) {
      if (name == m.name) {
        std::string what = m.what;
        for (std::size_t p; (p = what.find("{}")) != std::string::npos;) what.replace(p, 2, model);
        d_.error(loc, "field name `" + name + "` collides with " + what + column_hint);
        return;
      }
    }
  }

  void check_key(const ast::Model& am, Model& model, const ast::Attribute* model_key,
                 const std::vector<bool>& type_ok) {
    std::vector<std::size_t> field_keys;
    for (std::size_t i = 0; i < model.fields.size(); ++i) {
      if (model.fields[i].key) field_keys.push_back(i);
    }
    if (model_key) {
      std::vector<std::size_t> keys;
      if (!model_key->has_args || model_key->args.empty()) {
        d_.error(model_key->loc, "`#[key(...)]` on a model needs the key fields: #[key(a, b)]");
      }
      for (const ast::AttrArg& arg : model_key->args) {
        if (arg.name) {
          d_.error(arg.loc, "`#[key(" + *arg.name + " = ...)]` is not supported; list the key "
                            "fields: #[key(a, b)]");
            continue;
        }
        if (arg.value.kind != ast::AttrValue::Kind::Path || !arg.value.path.is_simple()) {
          d_.error(arg.loc, "expected a field name in `#[key(...)]`");
            continue;
        }
        const std::string& fname = arg.value.path.parts[0];
        auto it = std::find_if(model.fields.begin(), model.fields.end(),
                               [&](const Field& f) { return f.name == fname; });
        if (it == model.fields.end()) {
          if (!am.incomplete) {
            d_.error(arg.loc, "#[key(...)] names unknown field `" + fname + "` in model `" +
                                  model.name + "`");
          }
            continue;
        }
        auto idx = static_cast<std::size_t>(it - model.fields.begin());
        if (std::find(keys.begin(), keys.end(), idx) != keys.end()) {
          d_.error(arg.loc, "field `" + fname + "` appears twice in #[key(...)]");
            continue;
        }
        if (it->relation) {
          d_.error(arg.loc, "relation field `" + fname + "` cannot be part of the primary key");
            continue;
        }
        keys.push_back(idx);
      }
      if (!field_keys.empty()) {
        d_.error(model_key->loc, "model `" + model.name + "` has both `#[key(...)]` and `#[key]` on "
                                 "field `" + model.fields[field_keys[0]].name +
                                 "`; use one or the other");
      }
      // Keep the fields that resolved, even after an error, so later checks stay quiet.
      for (std::size_t i : field_keys) model.fields[i].key = false;
      for (std::size_t i : keys) model.fields[i].key = true;
      model.primary_key = keys;
    } else {
      model.primary_key = field_keys;
    }
    if (!model_key && model.primary_key.empty() && !am.incomplete) {
      d_.error(am.loc, "model `" + model.name + "` has no primary key: mark a field with "
                       "#[key] or list the key fields with #[key(a, b)] on the model");
    }
    for (std::size_t i : model.primary_key) {
      const Field& f = model.fields[i];
      if (type_ok[i] && f.optional) {
        d_.error(f.loc, "primary key field `" + f.name + "` cannot be optional (Option<" +
                            std::string(schema_name(f.type)) + ">)");
      }
    }
  }

  void check_field_rules(
      const Model& model,
      const std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& attrs,
      const std::vector<bool>& type_ok) {
    const bool composite = model.primary_key.size() > 1;
    for (std::size_t i = 0; i < model.fields.size(); ++i) {
      const Field& f = model.fields[i];
      if (f.relation) continue;
      const std::string type = (f.optional ? "Option<" : "") + std::string(schema_name(f.type)) +
                               (f.optional ? ">" : "");
      if (const ast::Attribute* a = one(attrs[i], "auto"); a && type_ok[i]) {
        const auto strategy = auto_strategy(*a);
        const bool uuid = f.type == ScalarKind::Uuid;
        if ((!is_integer(f.type) && !uuid) || f.optional) {
          d_.error(a->loc, "#[auto] requires an integer or Uuid field, but `" + f.name +
                               "` has type " + type);
        } else if (strategy == "increment" && uuid) {
          d_.error(a->loc, "#[auto(increment)] requires an integer field; `" + f.name +
                               "` is a Uuid (use #[auto] or #[auto(uuid)]: a UUID v7)");
        } else if (strategy == "uuid" && !uuid) {
          d_.error(a->loc, "#[auto(uuid)] requires a Uuid field, but `" + f.name + "` has type " +
                               type);
        } else if (!f.key) {
          d_.error(a->loc, "#[auto] is only allowed on the primary key field; `" + f.name +
                               "` is not part of the primary key");
        } else if (composite) {
          d_.error(a->loc, "#[auto] is not allowed on a composite primary key (field `" + f.name +
                               "`)");
        }
        if (const ast::Attribute* d = one(attrs[i], "default")) {
          d_.error(d->loc, "#[default] cannot be combined with #[auto] (field `" + f.name + "`)");
        }
      }
      const bool single_key = model.primary_key.size() == 1 && f.key;
      for (const char* n : {"unique", "index"}) {
        const ast::Attribute* a = one(attrs[i], n);
        if (a && single_key) {
          d_.error(a->loc, "`#[" + std::string(n) + "]` is redundant on the primary key field `" +
                               f.name + "`");
        }
      }
      if (const ast::Attribute* a = one(attrs[i], "index"); a && f.unique && !single_key) {
        d_.error(a->loc, "`#[index]` is redundant next to `#[unique]` on field `" + f.name + "`");
      }
    }
  }

  void check_columns(
      const Model& model,
      const std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& attrs) {
    std::map<std::string, std::size_t> used;  // lower(column) -> field
    for (std::size_t i = 0; i < model.fields.size(); ++i) {
      const Field& f = model.fields[i];
      if (f.relation) continue;
      const std::string& col = f.column.empty() ? f.name : f.column;
      auto [it, fresh] = used.emplace(lower(col), i);
      if (!fresh) {
        const ast::Attribute* a = one(attrs[i], "column");
        d_.error(a ? a->loc : f.loc, "column `" + col + "` of field `" + f.name +
                                         "` is already used by field `" +
                                         model.fields[it->second].name +
                                         "` (column names are compared case-insensitively)");
      }
    }
  }

  void check_lookup_collisions(const Model& model) {
    LookupPlan plan = plan_lookups(model);
    std::vector<std::string> names = lookup_member_names(model, plan);
    for (const Field& f : model.fields) {
      if (std::find(names.begin(), names.end(), f.name) != names.end()) {
        d_.error(f.loc, "field name `" + f.name + "` collides with the generated member `" +
                            model.name + "::" + f.name + "()`; rename the field and keep the "
                            "column name with #[column(\"" + f.name + "\")]");
      }
    }
    for (const Field& f : model.relations) {
      if (std::find(names.begin(), names.end(), f.name) != names.end()) {
        d_.error(f.loc, "relation name `" + f.name + "` collides with the generated member `" +
                            model.name + "::" + f.name + "()`; rename the relation");
      }
    }
  }

  Diagnostics& d_;
  std::vector<std::string> model_names_;
  Loc table_loc_;
  // Per checked model (Schema::models order), per column: whether its type resolved.
  std::vector<std::vector<bool>> field_ok_;
  std::vector<bool> last_field_ok_;
};

}  // namespace

Schema check(const ast::File& file, Diagnostics& diags) { return Checker(diags).run(file); }

}  // namespace toasty_gen
