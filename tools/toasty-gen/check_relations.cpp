// The schema checker: relation fields, and relations resolved across models.
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

void Checker::check_relation(Field& f, const ResolvedType& type,
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

// Resolves every relation to field positions (the app::Relation the runtime gets):
// belongs_to first (they only need this model's and the target's fields), then the
// has_many/has_one that pair with them, then `via` relations, which walk the others.
void Checker::resolve_relations(Schema& s) {
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

std::vector<std::string_view> Checker::names_of(const std::vector<Field>& fields) {
  std::vector<std::string_view> out;
  for (const Field& f : fields) out.push_back(f.name);
  return out;
}

std::optional<std::size_t> Checker::position(const std::vector<Field>& fields,
                                             const std::string& name) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  return std::nullopt;
}

std::string Checker::type_text(const Field& f) {
  std::string t = type_name(f);
  return f.optional ? "Option<" + t + ">" : t;
}

std::string Checker::snake_case(std::string_view name) {
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

std::string Checker::list_text(const std::vector<std::string>& names) {
  if (names.size() == 1) return names[0];
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

// `#[belongs_to(key = user_id, references = id)] user: BelongsTo<User>` for a parent.
std::string Checker::belongs_to_example(const Model& parent) {
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
bool Checker::indexed(const Model& m, const std::vector<std::size_t>& fields) {
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
bool Checker::unique_fields(const Model& m, std::vector<std::size_t> fields) {
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
std::optional<std::vector<std::size_t>> Checker::field_list(const Model& m,
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
        d_.error(locs[i], quoted(std::string(arg) + " = " + n) + " names the relation `" + m.name +
                              "." + n + "`; it needs the fields that hold the key, e.g. `" + n +
                              "_id`");
      } else if (!m.incomplete) {
        std::string msg = quoted(std::string(arg) + " = " + n) + ": model `" + m.name +
                          "` has no field `" + n + "`";
        if (auto c = closest_match(n, names_of(m.fields))) msg += " (did you mean `" + *c + "`?)";
        d_.error(locs[i], msg);
      }
      ok = false;
      continue;
    }
    if (const Field& kf = m.fields[*pos]; kf.in_embed) {
      d_.error(locs[i], quoted(std::string(arg) + " = " + n) + " names a column of the embedded `" +
                            m.embeds[*kf.in_embed].name + "`; relation keys are the model's own fields");
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

void Checker::resolve_belongs_to(const Schema& s, std::size_t mi, Field& f) {
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
    if (k_ok && r_ok && (kf.type != rf.type || kf.enum_name != rf.enum_name || kf.newtype_name != rf.newtype_name)) {
      d_.error(r.key_locs[i], "key field `" + m.name + "." + kf.name + "` has type " +
                                  type_name(kf) + " but `" + t.name + "." +
                                  rf.name + "`, which it references, has type " +
                                  type_name(rf) + "; they must be the same");
      ok = false;
    }
    if (!k_ok) {
      ok = false;
    } else if (r.optional && !kf.optional) {
      d_.error(f.loc, "`" + f.name + "` is " + rel_type + ", so its key field `" + kf.name +
                          "` must be optional too: make it Option<" +
                          type_name(kf) + "> (or the relation BelongsTo<" +
                          t.name + ">)");
      ok = false;
    } else if (!r.optional && kf.optional) {
      d_.error(f.loc, "`" + f.name + "` is " + rel_type + " (required), but its key field `" +
                          kf.name + "` is " + type_text(kf) + ": make the relation Option<BelongsTo<" +
                          t.name + ">> (or the key " + type_name(kf) + ")");
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
void Checker::resolve_paired(const Schema& s, std::size_t mi, Field& f) {
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

void Checker::resolve_via(const Schema& s, std::size_t mi, Field& f) {
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
void Checker::assign_setters(Model& m) {
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

}  // namespace toasty_gen::check_detail
