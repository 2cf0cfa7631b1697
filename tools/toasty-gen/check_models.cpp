// The schema checker: models — fields, keys, indexes, mixins, columns, generated names.
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

Model Checker::check_model(const ast::Model& am) {
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
  if (const ast::Attribute* r = one(mattrs, "renamed_from")) {
    if (auto name = expect_string_arg(*r)) model.renamed_from = *name;
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
    if (type.ok && !type.embed_name.empty()) {
      add_embed_member(af, type, attrs, model, type_ok, field_attrs, field_seen);
      continue;
    }
    if (type.ok && !type.relation) {
      f.type = type.scalar;
      f.enum_name = type.enum_name;
      f.json_type = type.json_type;
      f.newtype_name = type.newtype_name;
      f.optional = type.optional;
      f.list = type.list;
      f.deferred = type.deferred;
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
        if (auto_strategy(*a) == "uuid_v4") f.uuid_version = 4;
        // Toasty's shorthand: `#[auto] updated_at` is also #[update(now)].
        if (type.ok && f.type == ScalarKind::Timestamp && f.name == "updated_at") f.update_now = true;
      }
      if (const ast::Attribute* a = one(attrs, "update"); a && type.ok) {
        if (check_now_arg(*a, f, "#[update(now)]")) f.update_now = true;
      }
      if (auto rules = attrs.find("validate"); rules != attrs.end() && type.ok)
        for (const ast::Attribute* a : rules->second) check_validate(*a, f);
      if (const ast::Attribute* a = one(attrs, "soft_delete")) {
        expect_no_args(*a);
        f.soft_delete = true;
        if (type.ok && !(f.type == ScalarKind::Timestamp && f.optional && !f.list && f.newtype_name.empty()))
          d_.error(a->loc, "#[soft_delete] takes an Option<Timestamp> field (the time of the removal); `" + f.name +
                               "` is " + (f.optional ? "Option<" + type_name(f) + ">" : type_name(f)));
        if (one(attrs, "key") || one(attrs, "unique") || one(attrs, "default"))
          d_.error(a->loc, "#[soft_delete] cannot be combined with #[key], #[unique] or #[default] (field `" + f.name + "`)");
      }
      if (const ast::Attribute* a = one(attrs, "version")) {
        expect_no_args(*a);
        f.version = true;
        const bool integer = type.ok && f.enum_name.empty() && f.newtype_name.empty() && !f.list && !f.deferred &&
                             (f.type == ScalarKind::I32 || f.type == ScalarKind::I64 || f.type == ScalarKind::U32 ||
                              f.type == ScalarKind::U64);
        if (type.ok && (!integer || f.optional))
          d_.error(a->loc, "#[version] takes an integer field (u64, i64, u32 or i32, not optional); `" + f.name +
                               "` is " + (f.optional ? "Option<" + type_name(f) + ">" : type_name(f)));
        if (one(attrs, "key") || one(attrs, "default") || one(attrs, "auto") || one(attrs, "unique"))
          d_.error(a->loc, "#[version] cannot be combined with #[key], #[default], #[auto] or #[unique] (field `" +
                               f.name + "`): the ORM sets its value, 1 at create");
      }
      if (const ast::Attribute* a = one(attrs, "unique")) {
        expect_no_args(*a);
        f.unique = true;
      }
      if (const ast::Attribute* a = one(attrs, "index")) {
        expect_no_args(*a);
        f.index = true;
      }
      if (const ast::Attribute* a = one(attrs, "column")) check_column_attr(*a, f, type.ok);
      if (const ast::Attribute* a = one(attrs, "renamed_from")) {
        if (auto name = expect_string_arg(*a)) f.renamed_from = *name;
      }
      if (const ast::Attribute* a = one(attrs, "default"); a && type.ok) {
        if (!f.enum_name.empty()) {
          f.default_value = check_enum_default(*a, f);
        } else if (f.type == ScalarKind::Timestamp && !(a->args.size() == 1 &&
                                                        a->args[0].value.kind == ast::AttrValue::Kind::Literal)) {
          if (check_now_arg(*a, f, "#[default(now)]")) f.auto_generated = true;  // made at create
        } else {
          f.default_value = check_default(*a, f);
        }
      }
    }
    model.fields.push_back(std::move(f));
    type_ok.push_back(type.ok);
    field_attrs.push_back(std::move(attrs));
  }

  check_key(am, model, model_key, type_ok);
  {
    std::size_t versions = 0;
    for (std::size_t i = 0; i < model.fields.size(); ++i)
      if (model.fields[i].version && ++versions == 2)
        d_.error(model.fields[i].loc, "model " + model.name + " has two #[version] fields; one counts its updates");
    std::size_t softs = 0;
    for (std::size_t i = 0; i < model.fields.size(); ++i)
      if (model.fields[i].soft_delete && ++softs == 2)
        d_.error(model.fields[i].loc, "model " + model.name + " has two #[soft_delete] fields; one marks a removal");
  }
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
void Checker::split_relations(Model& model, const std::vector<bool>& type_ok) {
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
  for (EmbedMember& e : model.embeds)
    if (e.width > 0) e.first = remap[e.first];
}

// #[index(a, b)] / #[unique(a, b, name = "...")] on a model.
void Checker::check_model_index(const ast::Attribute& a, const ast::Model& am, Model& model) {
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
    std::optional<std::size_t> named = named_field(arg, a.name, am, model);
    if (!named) {
      ok = false;
      continue;
    }
    const std::size_t idx = *named;
    const std::string& fname = model.fields[idx].name;
    if (model.fields[idx].relation) {
      d_.error(arg.loc, "relation field `" + fname + "` cannot be indexed");
      ok = false;
    } else if (model.fields[idx].type == ScalarKind::Json) {
      d_.error(arg.loc, "`" + fname + "` is " + type_name(model.fields[idx]) + ", which cannot be indexed (each "
                        "database stores JSON its own way)");
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

void Checker::check_mixin(const ast::Attribute& a, Model& model, std::set<std::string>& seen) {
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
std::optional<std::string> Checker::auto_strategy(const ast::Attribute& a) {
  if (!a.has_args) return std::string();
  if (a.args.size() != 1 || a.args[0].name || !a.args[0].value.path.is_simple()) return std::nullopt;
  const ast::AttrValue& v = a.args[0].value;
  const std::string& p = v.path.parts[0];
  if (v.kind == ast::AttrValue::Kind::Path && (p == "increment" || p == "uuid")) return p;
  // uuid(v7) / uuid(v4)
  if (v.kind == ast::AttrValue::Kind::Call && p == "uuid" && v.list.size() == 1 &&
      v.list[0].kind == ast::AttrValue::Kind::Path && v.list[0].path.is_simple()) {
    const std::string& version = v.list[0].path.parts[0];
    if (version == "v7") return std::string("uuid");
    if (version == "v4") return std::string("uuid_v4");
  }
  return std::nullopt;
}

bool Checker::check_now_arg(const ast::Attribute& a, const Field& f, const char* form) {
  const bool now = a.args.size() == 1 && !a.args[0].name && a.args[0].value.kind == ast::AttrValue::Kind::Path &&
                   a.args[0].value.path.is_simple() && a.args[0].value.path.parts[0] == "now";
  if (f.type != ScalarKind::Timestamp) {
    d_.error(a.loc, std::string(form) + " needs a Timestamp field, but `" + f.name + "` has type " +
                        type_name(f));
    return false;
  }
  if (!now) {
    d_.error(a.loc, "on a Timestamp field, `#[" + a.name + "]` takes `now` (the time of the " +
                        (a.name == "update" ? "update" : "create") + "): " + form);
    return false;
  }
  return true;
}

void Checker::check_auto_args(const ast::Attribute& a) {
  if (auto_strategy(a)) return;
  d_.error(a.loc, "`#[auto]` takes no argument, `increment` (integer keys), `uuid` or `uuid(v7)` (Uuid keys, "
                  "UUID v7) or `uuid(v4)` (Uuid keys, random UUID v4)");
}

void Checker::check_field_name(const std::string& name, Loc loc, const std::string& model) {
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

void Checker::check_key(const ast::Model& am, Model& model, const ast::Attribute* model_key,
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
      std::optional<std::size_t> named = named_field(arg, "key", am, model);
      if (!named) continue;
      const std::size_t idx = *named;
      const std::string& fname = model.fields[idx].name;
      if (std::find(keys.begin(), keys.end(), idx) != keys.end()) {
        d_.error(arg.loc, "field `" + fname + "` appears twice in #[key(...)]");
        continue;
      }
      if (model.fields[idx].relation) {
        d_.error(arg.loc, "relation field `" + fname + "` cannot be part of the primary key");
        continue;
      }
      if (model.fields[idx].in_embed) {
        d_.error(arg.loc, "`" + fname + "` is a column of the embedded `" + model.embeds[*model.fields[idx].in_embed].name +
                              "`, which cannot be part of the primary key yet");
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
                          type_name(f) + ">)");
    }
  }
}

void Checker::check_field_rules(
                                const Model& model,
                                const std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& attrs,
                                const std::vector<bool>& type_ok) {
  const bool composite = model.primary_key.size() > 1;
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const Field& f = model.fields[i];
    if (f.relation) continue;
    const std::string type = (f.optional ? "Option<" : "") + type_name(f) +
                             (f.optional ? ">" : "");
    if (const ast::Attribute* a = one(attrs[i], "auto"); a && type_ok[i]) {
      const auto strategy = auto_strategy(*a);
      const bool uuid = f.type == ScalarKind::Uuid;
      if (f.type == ScalarKind::Timestamp && !f.optional) {
        // Toasty's shorthand for the two conventional fields; any other name says which.
        if (f.name != "created_at" && f.name != "updated_at")
          d_.error(a->loc, "#[auto] on a Timestamp is the shorthand for `created_at` (#[default(now)]) and "
                           "`updated_at` (#[default(now)] #[update(now)]); write those on `" + f.name + "`");
        else if (a->has_args)
          d_.error(a->loc, "#[auto] on `" + f.name + "` takes no argument");
      } else if ((!is_integer(f.type) && !uuid) || f.optional || !f.enum_name.empty()) {
        d_.error(a->loc, "#[auto] requires an integer, Uuid or Timestamp field, but `" + f.name +
                             "` has type " + type);
      } else if (strategy == "increment" && uuid) {
        d_.error(a->loc, "#[auto(increment)] requires an integer field; `" + f.name +
                             "` is a Uuid (use #[auto] or #[auto(uuid)]: a UUID v7)");
      } else if ((strategy == "uuid" || strategy == "uuid_v4") && !uuid) {
        d_.error(a->loc, "#[auto(uuid)] requires a Uuid field, but `" + f.name + "` has type " +
                             type);
      } else if (!f.key && !uuid) {  // a Uuid is made by the client anywhere (a share token)
        d_.error(a->loc, "#[auto] on an integer is only allowed on the primary key field (the database "
                         "assigns it); `" + f.name + "` is not part of the primary key");
      } else if (composite) {
        d_.error(a->loc, "#[auto] is not allowed on a composite primary key (field `" + f.name +
                             "`)");
      }
      if (const ast::Attribute* d = one(attrs[i], "default")) {
        d_.error(d->loc, "#[default] cannot be combined with #[auto] (field `" + f.name + "`)");
      }
    }
    if (f.list && type_ok[i]) {
      for (const char* n : {"key", "unique", "index", "auto", "default", "update", "column"}) {
        const ast::Attribute* a = one(attrs[i], n);
        if (!a && !(f.key && std::string_view(n) == "key")) continue;
        if (std::string_view(n) == "column" && a->has_args && !a->args.empty() && !a->args[0].name) continue;  // a name
        d_.error(a ? a->loc : f.loc, "`" + f.name + "` is " + type_name(f) + ", which cannot take `#[" + n +
                                         "]`: a list is stored whole, as an array (PostgreSQL) or a JSON array, "
                                         "and is never a key or indexed");
      }
    }
    if (f.deferred && type_ok[i] && (f.key || f.unique || one(attrs[i], "auto") || one(attrs[i], "update"))) {
      const ast::Attribute* a = one(attrs[i], f.key ? "key" : f.unique ? "unique" : one(attrs[i], "auto") ? "auto" : "update");
      d_.error(a ? a->loc : f.loc, "`" + f.name + "` is Deferred, which cannot be " +
                                       (f.key ? "part of the key" : f.unique ? "unique (a get_by_ would need it)"
                                                                             : "made by the ORM") +
                                       "; defer a field the records do not need to be found or written by");
    }
    if (f.type == ScalarKind::Json && type_ok[i] && (f.key || f.unique || f.index)) {
      const ast::Attribute* a = one(attrs[i], f.key ? "key" : f.unique ? "unique" : "index");
      d_.error(a ? a->loc : f.loc, "`" + f.name + "` is " + type_name(f) + ", which cannot be " +
                                       (f.key ? "part of the key" : "indexed") +
                                       " (each database stores JSON its own way); key or index a field that holds the value");
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

void Checker::check_columns(
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

void Checker::check_lookup_collisions(const Model& model) {
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

// The field an attribute argument names (`#[index(a, b)]`, `#[key(a, b)]`), reporting an
// argument that is not a field name, or names no field of the model.
std::optional<std::size_t> Checker::named_field(const ast::AttrArg& arg, const std::string& attr,
                                                const ast::Model& am, const Model& model) {
  if (arg.name || arg.value.kind != ast::AttrValue::Kind::Path || !arg.value.path.is_simple()) {
    d_.error(arg.loc, "expected a field name in `#[" + attr + "(...)]`");
    return std::nullopt;
  }
  const std::string& fname = arg.value.path.parts[0];
  auto it = std::find_if(model.fields.begin(), model.fields.end(), [&](const Field& f) { return f.name == fname; });
  if (it == model.fields.end()) {
    if (!am.incomplete)
      d_.error(arg.loc, "#[" + attr + "(...)] names unknown field `" + fname + "` in model `" + model.name + "`");
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - model.fields.begin());
}

}  // namespace toasty_gen::check_detail
