// Planning one db statement: the steps that run it on this driver, given what the driver
// declares it can do. Relations, batching and atomicity are planner.cpp's.
#include "engine/plan.hpp"

#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Rows of plain values (or argument slots) covering every column but at most one
// auto-increment key: the engine knows the whole rows once the database names the keys.
// Returns where each column's value comes from, and that key's column (if any).
std::optional<std::vector<std::size_t>> composable(const db::Table& table, const stmt::Insert& insert,
                                                   std::optional<std::size_t>& generated) {
  if (insert.rows.empty()) return std::nullopt;
  for (const auto& row : insert.rows)
    for (const auto& e : row)
      if (!e || !(std::holds_alternative<stmt::ExprValue>(e->node) ||
                  std::holds_alternative<stmt::ExprArg>(e->node)))
        return std::nullopt;
  std::vector<std::size_t> source(table.columns.size(), ComposeInserted::kGenerated);
  for (std::size_t i = 0; i < insert.columns.size(); ++i) source.at(insert.columns[i]) = i;
  generated.reset();
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (source[c] != ComposeInserted::kGenerated) continue;
    if (!table.columns[c].auto_increment || generated) return std::nullopt;
    generated = c;
  }
  return source;
}

SlotId new_slot(Plan& p) { return p.slot_count++; }

}  // namespace

SlotId plan_db(Plan& p, const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
               const driver::Capability& cap, std::vector<SlotBind> binds) {
  if (cap.key_value()) {
    SlotId out = new_slot(p);
    p.steps.push_back(ExecKv{plan_kv(schema, model_id, std::move(db_statement), cap), out, std::move(binds)});
    return out;
  }
  auto* insert = std::get_if<stmt::Insert>(&db_statement);
  bool read_back = insert && insert->returning.empty() && !cap.returning_from_insert;
  if (read_back && insert->rows.size() != 1)
    throw UnsupportedQuery(std::string("toasty: ") + cap.display_name +
                           " cannot return the generated keys of a multi-row insert");
  std::size_t table = schema.mapping(model_id).table;
  std::optional<std::size_t> generated;
  auto source = insert ? composable(schema.db().tables[table], *insert, generated) : std::nullopt;
  // One row: the driver's last_insert_id where it is cheaper than RETURNING; otherwise
  // RETURNING the generated key alone (or nothing), the rest from the values.
  bool by_last_id = insert && insert->rows.size() == 1 && cap.insert_id_without_returning;
  std::size_t step = p.steps.size();
  SlotId written = new_slot(p);
  if (source && (by_last_id || cap.returning_from_insert)) {
    insert->returning.clear();
    if (!by_last_id && generated) insert->returning.push_back(*generated);
    p.steps.push_back(ExecStatement{std::move(db_statement), written, std::move(binds)});
    SlotId out = new_slot(p);
    p.steps.push_back(ComposeInserted{table, step, written, out, std::move(*source)});
    return out;
  }
  p.steps.push_back(ExecStatement{std::move(db_statement), written, std::move(binds)});
  if (!read_back) return written;
  SlotId out = new_slot(p);
  p.steps.push_back(ReadBackInserted{table, step, written, out});
  return out;
}

}  // namespace toasty::engine
