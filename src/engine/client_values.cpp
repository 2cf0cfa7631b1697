// Values the engine, not the database, makes: #[auto] Uuid keys (a UUID v7 or v4), #[auto] /
// #[default(now)] Timestamps at create and #[update(now)] Timestamps at every update. Made
// before the plan cache turns values into arguments, so that each execution gets its own,
// and every backend — DynamoDB included — receives them like any other value.
#include <algorithm>

#include "engine/engine.hpp"

namespace toasty::engine {

namespace {
// The value an #[auto] field gets at create, or nullopt when the database makes it
// (integers).
std::optional<Value> made_here(const app::Field& f, Timestamp now) {
  if (f.type == ScalarType::Uuid) return Value(f.uuid_version == 4 ? Uuid::v4() : Uuid::v7());
  if (f.type == ScalarType::Timestamp) return Value(now);
  return std::nullopt;
}
}  // namespace

std::optional<stmt::Insert> with_client_values(const stmt::Insert& insert) {
  const app::Model& model = *insert.model;
  std::optional<stmt::Insert> out;
  const Timestamp now = toasty::now();  // one instant per statement: created_at == updated_at
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    const app::Field& fd = model.fields[f];
    if (!fd.auto_generated || !made_here(fd, now)) continue;
    std::optional<std::size_t> given;
    for (std::size_t i = 0; i < insert.columns.size(); ++i)
      if (insert.columns[i] == f) given = i;
    if (given) {  // rows of a create_many that leave the field out (null) get theirs too
      for (std::size_t r = 0; r < insert.rows.size(); ++r) {
        if (*given >= insert.rows[r].size() || insert.rows[r][*given]) continue;
        if (!out) out = insert;
        out->rows[r][*given] = stmt::value(*made_here(fd, now));
      }
      continue;
    }
    if (!out) out = insert;
    out->columns.push_back(f);
    for (auto& row : out->rows) row.push_back(stmt::value(*made_here(fd, now)));
  }
  return out;
}

std::optional<stmt::Update> with_client_values(const stmt::Update& update) {
  if (!update.model || update.assignments.empty()) return std::nullopt;
  // The common case, checked without copying the statement: no #[update(now)] field, or
  // every one already assigned (an update made by UpdateBuilder).
  const auto& fields = update.model->fields;
  bool missing = false;
  for (std::size_t f = 0; f < fields.size() && !missing; ++f)
    missing = (fields[f].update_now || fields[f].version) &&
              std::none_of(update.assignments.begin(), update.assignments.end(),
                           [&](const stmt::Assignment& a) { return a.target == f; });
  if (!missing) return std::nullopt;
  std::optional<stmt::Update> out;
  stmt::add_update_now(*update.model, out.emplace(update).assignments);
  if (out->assignments.size() == update.assignments.size()) return std::nullopt;
  return out;
}

}  // namespace toasty::engine
