// Planning: which driver operations serve a db statement, given what the driver
// declares it can do.
#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Rows of plain values (or argument slots) covering every column but at most one
// auto-increment key: the engine knows the whole rows once the database names the keys.
// Sets `generated` to that key's column, or to the column count when there is none.
bool composable(const db::Table& table, const stmt::Insert& insert, std::size_t& generated) {
  if (insert.rows.empty() || !insert.nested.empty()) return false;
  for (const auto& row : insert.rows)
    for (const auto& e : row)
      if (!e || !(std::holds_alternative<stmt::ExprValue>(e->node) ||
                  std::holds_alternative<stmt::ExprArg>(e->node)))
        return false;
  generated = table.columns.size();
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    bool given = false;
    for (std::size_t col : insert.columns) given = given || col == c;
    if (given) continue;
    if (!table.columns[c].auto_increment || generated != table.columns.size()) return false;
    generated = c;
  }
  return true;
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
  std::size_t generated = 0;
  if (insert && composable(schema.db().tables[table], *insert, generated)) {
    // One row: the driver's last_insert_id where it is cheaper than RETURNING; otherwise
    // RETURNING the generated key alone (or nothing), the rest from the values.
    bool by_last_id = insert->rows.size() == 1 && cap.insert_id_without_returning;
    if (by_last_id || cap.returning_from_insert) {
      insert->returning.clear();
      if (!by_last_id && generated < schema.db().tables[table].columns.size())
        insert->returning.push_back(generated);
      p.actions.push_back(ExecStatement{std::move(db_statement)});
      p.actions.push_back(ComposeInserted{table});
      return p;
    }
  }
  p.actions.push_back(ExecStatement{std::move(db_statement)});
  if (read_back) p.actions.push_back(ReadBackInserted{table});
  return p;
}

}  // namespace toasty::engine
