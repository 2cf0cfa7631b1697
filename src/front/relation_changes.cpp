// Relation changes of an update (RelationChange), by instance or by a key lookup: new related
// records, the foreign keys of existing ones set or cleared, related records removed where
// their key is required. Statements of the related model, run in the update's unit
// (UpdateBuilder::exec_unit, model.cpp).
#include <algorithm>

#include "front/field_terms.hpp"
#include "toasty/model.hpp"

namespace toasty {

namespace {

const app::Relation& owned_relation(const app::Model& model, std::size_t relation) {
  if (relation >= model.relations.size())
    throw InvalidStatement("toasty: " + model.name + " has no relation #" + std::to_string(relation));
  const app::Relation& r = model.relations[relation];
  if (r.kind == app::Relation::Kind::BelongsTo)
    throw InvalidStatement("toasty: " + model.name + "." + r.name + " is a belongs_to: set its foreign key instead");
  if (!r.via.empty())
    throw InvalidStatement("toasty: " + model.name + "." + r.name +
                           " goes through other relations: create or remove the records it goes through instead");
  return r;
}

// The value `filter` (field equalities under an AND) gives `field`, if it pins it.
const Value* pinned(const stmt::ExprPtr& filter, std::size_t field) {
  std::vector<std::pair<std::size_t, const Value*>> terms;
  detail::field_terms(filter, terms);
  for (const auto& [f, value] : terms)
    if (f == field && !value->is_null()) return value;
  return nullptr;
}

// Assignments of `fields` to `values` (NULL where `values` has none: cleared).
std::vector<stmt::Assignment> set_fields(const std::vector<std::size_t>& fields, const std::vector<Value>& values) {
  std::vector<stmt::Assignment> out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out.push_back({fields[i], stmt::value(i < values.size() ? values[i] : Value())});
  return out;
}

// The names of `fields` of `model` are `names` (in any order).
bool same_fields(const app::Model& model, const std::vector<std::size_t>& fields, const std::vector<std::string>& names) {
  if (fields.size() != names.size()) return false;
  return std::all_of(fields.begin(), fields.end(), [&](std::size_t f) {
    return std::find(names.begin(), names.end(), model.fields.at(f).name) != names.end();
  });
}

void add_change(std::vector<RelationChange>& changes, const app::Relation& r, RelationChange change) {
  // A has_one holds one record: its last change wins (as a field's last assignment does).
  if (r.kind == app::Relation::Kind::HasOne)
    std::erase_if(changes, [&](const RelationChange& x) { return x.relation == change.relation; });
  changes.push_back(std::move(change));
}

std::uint64_t update_where(Executor& ex, const app::Model& model, stmt::ExprPtr filter,
                           std::vector<stmt::Assignment> assignments) {
  stmt::Update u;
  u.model = &model;
  u.filter = std::move(filter);
  u.assignments = std::move(assignments);
  stmt::add_update_now(model, u.assignments);
  return ex.exec(stmt::Statement(std::move(u))).affected;
}

}  // namespace

void UpdateBuilder::relate(std::size_t relation, std::vector<Value> owner, const CreateBuilder& created) {
  const app::Relation& r = owned_relation(*model_, relation);
  if (&created.model() != &r.target())
    throw InvalidStatement("toasty: " + model_->name + "." + r.name + " takes a " + r.target().name + ", not a " +
                           created.model().name);
  RelationChange c;
  c.relation = relation;
  c.kind = RelationChange::Kind::Create;
  c.owner = std::move(owner);
  c.create.emplace(created);
  add_change(relation_changes_, r, std::move(c));
}

void UpdateBuilder::link(std::size_t relation, std::vector<Value> owner, stmt::ExprPtr which) {
  add_change(relation_changes_, owned_relation(*model_, relation),
             {relation, RelationChange::Kind::Link, std::move(owner), std::nullopt, std::move(which)});
}

void UpdateBuilder::unlink(std::size_t relation, std::vector<Value> owner, stmt::ExprPtr which) {
  add_change(relation_changes_, owned_relation(*model_, relation),
             {relation, RelationChange::Kind::Unlink, std::move(owner), std::nullopt, std::move(which)});
}

bool UpdateBuilder::changes_relation(std::size_t relation) const {
  return std::any_of(relation_changes_.begin(), relation_changes_.end(),
                     [&](const RelationChange& c) { return c.relation == relation; });
}

std::vector<Value> UpdateBuilder::owner_values(const RelationChange& c) const {
  const app::Relation& r = model_->relations.at(c.relation);
  // The record's values of the relation's source fields: the new ones where this update
  // assigns them.
  std::vector<Value> owner = c.owner;
  if (owner.empty())  // an update by query: the values its filter pins
    for (std::size_t f : r.source_fields) {
      const Value* v = pinned(filter_, f);
      if (!v)
        throw InvalidStatement("toasty: changing " + model_->name + "." + r.name + " in an update by query needs the "
                               "record's " + model_->fields.at(f).name + " in the query (" + model_->name +
                               "::update_by_" + model_->fields.at(f).name + "(...)), or an update by instance");
      owner.push_back(*v);
    }
  for (std::size_t i = 0; i < r.source_fields.size() && i < owner.size(); ++i)
    for (const auto& a : assignments_)
      if (a.target == r.source_fields[i] && !a.computed()) owner[i] = detail::assigned_value(a);
  for (std::size_t i = 0; i < r.source_fields.size(); ++i)
    if (i >= owner.size() || owner[i].is_null())
      throw InvalidStatement("toasty: " + model_->name + "." + r.name + " links records by " + model_->name + "." +
                             model_->fields.at(r.source_fields[i]).name + ", which this record does not have");
  return owner;
}

void UpdateBuilder::apply(Executor& ex, const RelationChange& c) const {
  const app::Relation& r = model_->relations.at(c.relation);
  const app::Model& target = r.target();
  const std::vector<Value> owner = owner_values(c);
  // The relation's records (matching `which` when given): their key cleared, or removed when
  // it is required (as a removal does: cascading, or setting a #[soft_delete] field).
  stmt::ExprPtr mine;
  for (std::size_t i = 0; i < r.target_fields.size(); ++i)
    mine = stmt::and_(mine, stmt::binary(stmt::BinaryOp::Eq, stmt::field(&target, r.target_fields[i]),
                                         stmt::value(owner[i])));
  auto unlink = [&](const stmt::ExprPtr& which) {
    stmt::ExprPtr f = which ? stmt::and_(mine, which) : mine;
    if (r.optional)
      update_where(ex, target, std::move(f), set_fields(r.target_fields, {}));
    else
      detail::run_delete(ex, target, std::move(f));
  };
  const bool one = r.kind == app::Relation::Kind::HasOne;
  switch (c.kind) {
    case RelationChange::Kind::Create: {
      if (one) unlink(nullptr);
      CreateBuilder created = *c.create;
      for (std::size_t i = 0; i < r.target_fields.size(); ++i) created.set(r.target_fields[i], owner[i]);
      created.exec(ex);
      break;
    }
    case RelationChange::Kind::Link:
      if (one) unlink(stmt::not_(c.which));
      if (update_where(ex, target, c.which, set_fields(r.target_fields, owner)) == 0)
        throw NotFound("toasty: " + model_->name + "." + r.name + ": the " + target.name +
                       " to link is not in the database (removed meanwhile?); nothing was changed");
      break;
    case RelationChange::Kind::Unlink:
      unlink(c.which);
      break;
  }
}

void UpdateBuilder::raise_if_replaced_meanwhile(const UniqueViolation& e) const {
  // A has_one's key is unique: taken although the unit unlinked the current record, it was
  // linked by a concurrent update after that. Like two updates of one field, the later one
  // wins: the unit is retryable (Db::transaction(fn) runs it again).
  for (const RelationChange& c : relation_changes_) {
    const app::Relation& r = model_->relations.at(c.relation);
    if (r.kind != app::Relation::Kind::HasOne || c.kind == RelationChange::Kind::Unlink) continue;
    if (e.model() != r.target().name || !same_fields(r.target(), r.target_fields, e.fields())) continue;
    SerializationFailure again("toasty: " + model_->name + "." + r.name + " was replaced by a concurrent update while "
                               "this one replaced it; nothing was changed: run the update again");
    again.set_database_code(e.code(), e.sqlstate(), true);
    throw again;
  }
}

}  // namespace toasty
