#include "toasty-gen/lookups.hpp"

#include <algorithm>

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
  const auto& pk = model.primary_key;
  std::vector<bool> has_filter(model.fields.size(), false);
  std::vector<bool> has_get(model.fields.size(), false);
  auto add = [&](Lookup::Source source, std::vector<std::size_t> fields, bool get) {
    Lookup l;
    l.source = source;
    l.fields = std::move(fields);
    l.has_get = get;
    l.suffix = suffix_for(model, l.fields);
    if (l.fields.size() == 1) {
      has_filter[l.fields[0]] = true;
      if (get) has_get[l.fields[0]] = true;
    }
    plan.lookups.push_back(std::move(l));
  };

  if (!pk.empty()) add(Lookup::Source::PrimaryKey, pk, true);
  if (pk.size() > 1) {
    const Field& first = model.fields[pk[0]];
    if (!first.unique && !first.index) add(Lookup::Source::KeyPrefix, {pk[0]}, false);
  }
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const Field& f = model.fields[i];
    if (f.relation) continue;
    if (f.unique && !(pk.size() == 1 && pk[0] == i)) add(Lookup::Source::Unique, {i}, true);
  }
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const Field& f = model.fields[i];
    if (f.relation) continue;
    if (f.index && !f.unique && !(pk.size() == 1 && pk[0] == i)) {
      add(Lookup::Source::Index, {i}, false);
    }
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
      {"Fields", "the generated type `{}::Fields`"},
      {"fields", "the generated member `{}::fields()`"},
      {"Create", "the generated type `{}::Create`"},
      {"create", "the generated member `{}::create()`"},
      {"Update", "the generated type `{}::Update`"},
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
    if (l.has_get) names.push_back("get_by_" + l.suffix);
  }
  for (std::size_t i : plan.filter_placeholders) names.push_back("filter_by_" + model.fields[i].name);
  for (std::size_t i : plan.get_placeholders) names.push_back("get_by_" + model.fields[i].name);
  return names;
}

std::string unused_name(const Model& model, std::string base) {
  for (;;) {
    bool clash = std::any_of(model.fields.begin(), model.fields.end(),
                             [&](const Field& f) { return f.name == base; });
    if (!clash) return base;
    base += '_';
  }
}

}  // namespace toasty_gen
