#include "toasty-gen/lookups.hpp"

#include <algorithm>
#include <string_view>

namespace toasty_gen {
namespace {

std::string suffix_for(const Model& model, const std::vector<std::size_t>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += "_and_";
    out += model.fields[fields[i]].name;
  }
  return out;
}

}  // namespace

LookupPlan plan_lookups(const Model& model) {
  LookupPlan plan;
  auto has = [&](const std::string& suffix) {
    return std::any_of(plan.lookups.begin(), plan.lookups.end(),
                       [&](const Lookup& l) { return l.suffix == suffix; });
  };
  auto add = [&](Lookup::Source source, std::vector<std::size_t> fields, bool get,
                 std::string origin) {
    Lookup l;
    l.source = source;
    l.suffix = suffix_for(model, fields);
    if (has(l.suffix)) return;
    l.fields = std::move(fields);
    l.has_get = get;
    l.origin = std::move(origin);
    plan.lookups.push_back(std::move(l));
  };
  auto attr_text = [&](const Index& ix) {
    std::string out = ix.unique ? "#[unique" : "#[index";
    if (!ix.model_level) return out + "]";
    out += "(";
    for (std::size_t i = 0; i < ix.fields.size(); ++i) {
      if (i) out += ", ";
      out += model.fields[ix.fields[i]].name;
    }
    return out + ")]";
  };

  if (!model.primary_key.empty()) {
    add(Lookup::Source::PrimaryKey, model.primary_key, true, "primary key");
  }
  for (const Index& ix : model.indexes) {
    add(ix.unique ? Lookup::Source::Unique : Lookup::Source::Index, ix.fields, ix.unique,
        attr_text(ix));
  }
  const std::size_t explicit_lookups = plan.lookups.size();
  for (std::size_t i = 0; i < explicit_lookups; ++i) {
    const std::vector<std::size_t> fields = plan.lookups[i].fields;
    const std::string origin = plan.lookups[i].origin;
    for (std::size_t n = 1; n < fields.size(); ++n) {
      add(Lookup::Source::Prefix, std::vector<std::size_t>(fields.begin(), fields.begin() + n),
          false, "leftmost field" + std::string(n > 1 ? "s" : "") + " of the " + origin);
    }
  }

  std::vector<bool> has_filter(model.fields.size(), false);
  std::vector<bool> has_get(model.fields.size(), false);
  for (const Lookup& l : plan.lookups) {
    if (l.fields.size() != 1) continue;
    has_filter[l.fields[0]] = true;
    if (l.has_get) has_get[l.fields[0]] = true;
  }
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    if (model.fields[i].relation) continue;
    if (!has_filter[i]) plan.filter_placeholders.push_back(i);
    if (!has_get[i]) plan.get_placeholders.push_back(i);
  }
  return plan;
}

const std::vector<FixedMember>& fixed_members() {
  static const std::vector<FixedMember> members = {
      {"model", "the generated member `{}::model()`"},
      {"from_row", "the generated member `{}::from_row()`"},
      {"attach", "the generated member `{}::attach()`"},
      {"via", "the `via` member of `{}::Fields` (from toasty::FieldsBase)"},
      {"builder", "the generated member `builder()` of `{}::Create` and `{}::Update`"},
      {"Fields", "the generated type `{}::Fields`"},
      {"fields", "the generated member `{}::fields()`"},
      {"Create", "the generated type `{}::Create`"},
      {"create", "the generated member `{}::create()`"},
      {"create_many", "the generated member `{}::create_many()`"},
      {"Update", "the generated type `{}::Update`"},
      {"UpdateQuery", "the generated type `{}::UpdateQuery`"},
      {"update", "the generated member `{}::update()`"},
      {"all", "the generated member `{}::all()`"},
      {"filter", "the generated member `{}::filter()`"},
      {"remove", "the generated member `{}::remove()`"},
      {"exec", "the generated member `exec()` of `{}::Create` and `{}::Update`"},
      {"b_", "a private member of `{}::Create` and `{}::Update`"},
      {"self_", "a private member of `{}::Update`"},
  };
  return members;
}

std::vector<std::string> lookup_member_names(const Model& model, const LookupPlan& plan) {
  std::vector<std::string> names;
  for (const Lookup& l : plan.lookups) {
    names.push_back("filter_by_" + l.suffix);
    names.push_back("update_by_" + l.suffix);
    names.push_back("remove_by_" + l.suffix);
    if (l.has_get) names.push_back("get_by_" + l.suffix);
  }
  for (std::size_t i : plan.filter_placeholders) names.push_back("filter_by_" + model.fields[i].name);
  for (std::size_t i : plan.get_placeholders) names.push_back("get_by_" + model.fields[i].name);
  return names;
}

std::string singular(const std::string& plural) {
  auto ends_with = [&](std::string_view suffix) {
    return plural.size() >= suffix.size() &&
           plural.compare(plural.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const std::string& p = plural;
  if (ends_with("people")) return p.substr(0, p.size() - 6) + "person";
  if (ends_with("children")) return p.substr(0, p.size() - 8) + "child";
  if (p.size() > 3 && ends_with("ies")) return p.substr(0, p.size() - 3) + "y";
  if (p.size() > 1 && ends_with("s") && !ends_with("ss")) return p.substr(0, p.size() - 1);
  return p;
}

std::string unused_name(const Model& model, std::string base) {
  for (;;) {
    auto named = [&](const Field& f) { return f.name == base; };
    bool clash = std::any_of(model.fields.begin(), model.fields.end(), named) ||
                 std::any_of(model.relations.begin(), model.relations.end(), named) ||
                 std::any_of(model.embeds.begin(), model.embeds.end(),
                             [&](const EmbedMember& e) { return e.name == base; });
    if (!clash) return base;
    base += '_';
  }
}

}  // namespace toasty_gen
