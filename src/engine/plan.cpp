// Planning: which driver operations serve a db statement, given what the driver
// declares it can do.
#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Rows of plain values (or argument slots) covering every column but at most one
// auto-increment key: the engine knows the whole rows once the database names the keys.
// Returns where each column's value comes from, and that key's column (if any).
std::optional<ComposeInserted> composable(std::size_t table_id, const db::Table& table,
                                          const stmt::Insert& insert, std::optional<std::size_t>& generated) {
  if (insert.rows.empty() || !insert.nested.empty()) return std::nullopt;
  for (const auto& row : insert.rows)
    for (const auto& e : row)
      if (!e || !(std::holds_alternative<stmt::ExprValue>(e->node) ||
                  std::holds_alternative<stmt::ExprArg>(e->node)))
        return std::nullopt;
  ComposeInserted out{table_id, std::vector<std::size_t>(table.columns.size(), ComposeInserted::kGenerated)};
  for (std::size_t i = 0; i < insert.columns.size(); ++i) out.source.at(insert.columns[i]) = i;
  generated.reset();
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (out.source[c] != ComposeInserted::kGenerated) continue;
    if (!table.columns[c].auto_increment || generated) return std::nullopt;
    generated = c;
  }
  return out;
}

}  // namespace

Plan plan(const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
          const driver::Capability& cap) {
  Plan p;
  p.model_id = model_id;
  if (!cap.sql && !cap.key_value)
    throw UnsupportedQuery("toasty: the driver accepts neither SQL statements nor key-value operations "
                           "(capability sql = false, key_value = false); cannot run a statement on " +
                           schema.model(model_id).name);
  if (!cap.sql) return plan_kv(schema, model_id, std::move(db_statement), cap);
  auto* insert = std::get_if<stmt::Insert>(&db_statement);
  bool read_back = insert && insert->returning.empty() && !cap.returning_from_insert;
  if (read_back && insert->rows.size() != 1)
    throw UnsupportedQuery("toasty: this driver cannot return the generated keys of a "
                           "multi-row insert");
  std::size_t table = schema.mapping(model_id).table;
  std::optional<std::size_t> generated;
  std::optional<ComposeInserted> compose =
      insert ? composable(table, schema.db().tables[table], *insert, generated) : std::nullopt;
  // One row: the driver's last_insert_id where it is cheaper than RETURNING; otherwise
  // RETURNING the generated key alone (or nothing), the rest from the values.
  bool by_last_id = insert && insert->rows.size() == 1 && cap.insert_id_without_returning;
  if (compose && (by_last_id || cap.returning_from_insert)) {
    insert->returning.clear();
    if (!by_last_id && generated) insert->returning.push_back(*generated);
    p.actions.push_back(ExecStatement{std::move(db_statement)});
    p.actions.push_back(std::move(*compose));
    return p;
  }
  p.actions.push_back(ExecStatement{std::move(db_statement)});
  if (read_back) p.actions.push_back(ReadBackInserted{table});
  return p;
}

}  // namespace toasty::engine
