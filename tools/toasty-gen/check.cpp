// The schema checker: its entry point, the order of its passes, names, and the helpers
// its files share.
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

#include "toasty-gen/checker.hpp"
#include "toasty-gen/cpp_text.hpp"
#include "toasty-gen/lookups.hpp"
#include "toasty-gen/suggest.hpp"

namespace toasty_gen::check_detail {

namespace {
constexpr AttrSpec kAttrs[] = {
    {"key", true, true, false},        {"auto", false, true, false},
    {"unique", true, true, false},     {"index", true, true, false},
    {"column", false, true, false},    {"default", false, true, false},
    {"update", false, true, false},    {"version", false, true, false},
    {"validate", false, true, true},   {"soft_delete", false, true, false},
    {"table", true, false, false},     {"mixin", true, false, true},
    {"has_many", false, true, false},  {"has_one", false, true, false},
    {"belongs_to", false, true, false}, {"renamed_from", true, true, false},
};
}  // namespace

std::span<const AttrSpec> attributes() { return kAttrs; }

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
      {"optional", "Option<T>"}, {"BigDecimal", "Decimal"}, {"numeric", "Decimal"},
      {"decimal", "Decimal"},
  };
  auto it = aliases.find(name);
  if (it == aliases.end()) return std::nullopt;
  return it->second;
}

bool is_relation_type_name(std::string_view n) {
  return n == "HasMany" || n == "HasOne" || n == "BelongsTo";
}

Schema Checker::run(const ast::File& file) {
  Schema schema;
  check_namespace(file, schema);
  check_includes(file, schema);

  // All model names first: relation types may name a model declared further down.
  std::map<std::string, Loc> seen;
  for (const ast::Model& m : file.models) {
    if (seen.emplace(m.name, m.loc).second) model_names_.push_back(m.name);
  }
  // Newtypes first: enums, embeds and models may name them.
  std::map<std::string, Loc> newtype_seen;
  for (const ast::Newtype& an : file.newtypes) {
    if (auto it = seen.find(an.name); it != seen.end()) {
      d_.error(an.loc, "newtype `" + an.name + "` has the name of the model at " + to_string(it->second));
      continue;
    }
    if (auto [it, fresh] = newtype_seen.emplace(an.name, an.loc); !fresh) {
      d_.error(an.loc, "duplicate newtype `" + an.name + "` (first defined at " + to_string(it->second) + ")");
      continue;
    }
    if (!check_identifier(an.name, an.loc, "a newtype name", false)) continue;
    ResolvedType inner = resolve_type(an.inner);
    if (!inner.ok) continue;
    if (inner.optional || !inner.enum_name.empty() || !inner.embed_name.empty() || inner.relation ||
        !inner.newtype_name.empty() || inner.scalar == ScalarKind::Json) {
      d_.error(an.inner.loc(), "a newtype wraps one scalar type (an integer, String, Bytes, Uuid, Decimal or a date "
                               "and time type), not `" + inner.display + "`");
      continue;
    }
    newtypes_.push_back({an.name, an.loc, inner.scalar});
  }
  // Enums before the models whose fields hold them.
  std::map<std::string, Loc> enum_seen;
  std::vector<const ast::Enum*> data_enums;
  for (const ast::Enum& ae : file.enums) {
    if (auto it = seen.find(ae.name); it != seen.end()) {
      d_.error(ae.loc, "enum `" + ae.name + "` has the name of the model at " + to_string(it->second));
      continue;
    }
    if (auto nt = newtype_seen.find(ae.name); nt != newtype_seen.end()) {
      d_.error(ae.loc, "enum `" + ae.name + "` has the name of the newtype at " + to_string(nt->second));
      continue;
    }
    if (auto [it, fresh] = enum_seen.emplace(ae.name, ae.loc); !fresh) {
      d_.error(ae.loc, "duplicate enum `" + ae.name + "` (first defined at " + to_string(it->second) + ")");
      continue;
    }
    Enum e = check_enum(ae);
    if (has_data_variants(ae)) {
      // Checked as an embed below; its discriminant is the unit enum <Name>Kind.
      e.name = ae.name + "Kind";
      const bool taken = seen.count(e.name) || newtype_seen.count(e.name) ||
                         std::any_of(file.enums.begin(), file.enums.end(), [&](const ast::Enum& o) { return o.name == e.name; }) ||
                         std::any_of(file.embeds.begin(), file.embeds.end(), [&](const ast::Model& o) { return o.name == e.name; });
      if (taken) {
        d_.error(ae.loc, "enum `" + ae.name + "` has variants with fields, so it generates the enum `" + e.name +
                         "` for its discriminant, which is also declared in this file; rename one of them");
        continue;
      }
      embed_names_.push_back(ae.name);
      data_enums.push_back(&ae);
    }
    enums_.push_back(std::move(e));
  }
  // Embeds: every name first (an embed may hold one declared further down), then their
  // fields, then the nesting order.
  std::map<std::string, Loc> embed_seen;
  for (const ast::Model& ae : file.embeds) {
    if (auto it = seen.find(ae.name); it != seen.end()) {
      d_.error(ae.loc, "embed `" + ae.name + "` has the name of the model at " + to_string(it->second));
    } else if (auto e = enum_seen.find(ae.name); e != enum_seen.end()) {
      d_.error(ae.loc, "embed `" + ae.name + "` has the name of the enum at " + to_string(e->second));
    } else if (auto nt = newtype_seen.find(ae.name); nt != newtype_seen.end()) {
      d_.error(ae.loc, "embed `" + ae.name + "` has the name of the newtype at " + to_string(nt->second));
    } else if (auto [it2, fresh] = embed_seen.emplace(ae.name, ae.loc); !fresh) {
      d_.error(ae.loc, "duplicate embed `" + ae.name + "` (first defined at " + to_string(it2->second) + ")");
    } else {
      embed_names_.push_back(ae.name);
    }
  }
  {
    std::vector<Embed> embeds;
    for (const ast::Model& ae : file.embeds)
      if (std::find(embed_names_.begin(), embed_names_.end(), ae.name) != embed_names_.end() &&
          std::none_of(embeds.begin(), embeds.end(), [&](const Embed& e) { return e.name == ae.name; }))
        embeds.push_back(check_embed(ae));
    for (const ast::Enum* ae : data_enums) add_data_enum(*ae, embeds);
    embeds.push_back(zoned_embed());
    order_embeds(embeds);
    embeds_ = std::move(embeds);
  }
  // Each enum's filters live in a generated class <Enum>Path.
  for (const Enum& e : enums_) {
    const std::string path = e.name + "Path";
    if (seen.count(path) || enum_seen.count(path) || embed_seen.count(path))
      d_.error(e.loc, "enum `" + e.name + "` generates the class `" + path + "`, which is also a model or enum name");
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
  schema.enums = std::move(enums_);
  schema.embeds = std::move(embeds_);
  schema.newtypes = std::move(newtypes_);
  return schema;
}

// A name that becomes a C++ identifier: keyword, macro, reserved. Returns false after
// reporting.
bool Checker::check_identifier(std::string_view name, Loc loc, std::string_view what,
                               bool suggest_column) {
  std::string tail = suggest_column ? "; rename the field and keep the column name with "
                                      "#[column(\"" + std::string(name) + "\")]"
                                    : "; choose another name";
  if (is_cpp_keyword(name)) {
    d_.error(loc, quoted(name) + " is a C++ keyword and cannot be " +
                      std::string(what) + tail);
    return false;
  }
  if (is_std_macro(name)) {
    d_.error(loc, quoted(name) + " is a macro in the C/C++ standard library and "
                  "cannot be " + std::string(what) + tail);
    return false;
  }
  if (is_reserved_identifier(name)) {
    d_.error(loc, quoted(name) + " is reserved in C++ (it contains `__` or starts "
                  "with `_` and an uppercase letter) and cannot be " + std::string(what) + tail);
    return false;
  }
  return true;
}

void Checker::check_namespace(const ast::File& file, Schema& schema) {
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

void Checker::check_includes(const ast::File& file, Schema& schema) {
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

}  // namespace toasty_gen::check_detail

namespace toasty_gen {

Schema check(const ast::File& file, Diagnostics& diags) { return check_detail::Checker(diags).run(file); }

}  // namespace toasty_gen
