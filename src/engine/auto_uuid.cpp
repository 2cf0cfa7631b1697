// #[auto] on a Uuid key: the engine, not the database, makes the key (a UUID v7), so
// that every backend — DynamoDB included — gets the value like any other column.
#include "engine/engine.hpp"

namespace toasty::engine {

std::optional<stmt::Insert> with_auto_uuids(const stmt::Insert& insert) {
  const app::Model& model = *insert.model;
  std::optional<stmt::Insert> out;
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    const app::Field& fd = model.fields[f];
    if (!fd.auto_generated || fd.type != ScalarType::Uuid) continue;
    std::optional<std::size_t> given;
    for (std::size_t i = 0; i < insert.columns.size(); ++i)
      if (insert.columns[i] == f) given = i;
    if (given) {  // rows of a create_many that leave the key out (null) get theirs too
      for (std::size_t r = 0; r < insert.rows.size(); ++r) {
        if (*given >= insert.rows[r].size() || insert.rows[r][*given]) continue;
        if (!out) out = insert;
        out->rows[r][*given] = stmt::value(Value(Uuid::v7()));
      }
      continue;
    }
    // Generated here, before the plan cache turns values into arguments: each row and
    // each execution gets its own key.
    if (!out) out = insert;
    out->columns.push_back(f);
    for (auto& row : out->rows) row.push_back(stmt::value(Value(Uuid::v7())));
  }
  return out;
}

}  // namespace toasty::engine
