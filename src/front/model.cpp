// Runtime side of the typed front end that generated code calls.
#include "toasty/model.hpp"

namespace toasty {

driver::Rows run_select(Executor& ex, const stmt::Select& select) {
  return ex.exec(select).rows;
}

std::uint64_t run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter) {
  stmt::Delete d;
  d.model = &model;
  d.filter = std::move(filter);
  return ex.exec(d).affected;
}

CreateBuilder::CreateBuilder(const app::Model& model)
    : model_(&model), values_(model.fields.size()) {}

void CreateBuilder::set(std::size_t field, Value v) { values_.at(field) = std::move(v); }

driver::Rows CreateBuilder::exec(Executor& ex) const {
  stmt::Insert ins;
  ins.model = model_;
  std::vector<stmt::ExprPtr> row;
  for (std::size_t f = 0; f < values_.size(); ++f) {
    if (!values_[f]) continue;
    ins.columns.push_back(f);
    row.push_back(stmt::value(*values_[f]));
  }
  ins.rows.push_back(std::move(row));
  driver::Rows rows = ex.exec(ins).rows;
  if (rows.size() != 1)
    throw DatabaseError("toasty: inserting a " + model_->name + " returned " +
                        std::to_string(rows.size()) + " rows instead of 1");
  return rows;
}

UpdateBuilder::UpdateBuilder(const app::Model& model, stmt::ExprPtr filter)
    : model_(&model), filter_(std::move(filter)) {}

void UpdateBuilder::set(std::size_t field, Value v) {
  for (auto& a : assignments_)
    if (a.target == field) {
      a.value = stmt::value(std::move(v));
      return;
    }
  assignments_.push_back({field, stmt::value(std::move(v))});
}

bool UpdateBuilder::has(std::size_t field) const {
  for (const auto& a : assignments_)
    if (a.target == field) return true;
  return false;
}

std::uint64_t UpdateBuilder::exec(Executor& ex) const {
  if (assignments_.empty()) return 0;  // nothing to change: no round trip
  stmt::Update u;
  u.model = model_;
  u.filter = filter_;
  u.assignments = assignments_;
  return ex.exec(u).affected;
}

const Value& assigned_value(const stmt::Assignment& a) {
  return std::get<stmt::ExprValue>(a.value->node).value;
}

stmt::ExprPtr key_filter(const app::Model& model, std::vector<Value> key_values) {
  if (key_values.size() != model.primary_key.size())
    throw InvalidStatement("toasty: " + model.name + " has a key of " +
                           std::to_string(model.primary_key.size()) + " fields, got " +
                           std::to_string(key_values.size()) + " values");
  stmt::ExprPtr f;
  for (std::size_t i = 0; i < key_values.size(); ++i)
    f = stmt::and_(f, stmt::binary(stmt::BinaryOp::Eq, stmt::field(&model, model.primary_key[i]),
                                   stmt::value(std::move(key_values[i]))));
  return f;
}

}  // namespace toasty
