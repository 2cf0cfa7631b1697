// Execution: the interpreter that runs a plan's actions on one connection.
#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Reads the row an insert just wrote, by its generated key or the key it carried.
driver::Response read_back(const Schema& schema, const db::Table& table, std::size_t table_id,
                           const stmt::Insert& insert, const driver::Response& inserted,
                           driver::Connection& conn, std::span<const Value* const> args) {
  stmt::Select s;
  s.level = stmt::Level::Db;
  s.target = table_id;
  for (std::size_t c = 0; c < table.columns.size(); ++c) s.returning.push_back(c);
  for (std::size_t k : table.primary_key) {
    Value key;
    for (std::size_t i = 0; i < insert.columns.size(); ++i) {
      if (insert.columns[i] != k) continue;
      if (auto* v = std::get_if<stmt::ExprValue>(&insert.rows[0][i]->node)) {
        key = v->value;
      } else if (auto* a = std::get_if<stmt::ExprArg>(&insert.rows[0][i]->node)) {
        key = *args[a->index];
      }
    }
    if (key.is_null() && table.columns[k].auto_increment && inserted.last_insert_id)
      key = Value(*inserted.last_insert_id);
    if (key.is_null())
      throw DatabaseError("toasty: cannot read back the row inserted into " + table.name);
    s.filter = stmt::and_(s.filter, stmt::binary(stmt::BinaryOp::Eq, stmt::column(table_id, k),
                                                 stmt::value(std::move(key))));
  }
  stmt::Statement st = std::move(s);
  driver::Response r = conn.exec(driver::QuerySql{&st, &schema.db()});
  r.affected = inserted.affected;
  return r;
}

// The rows an insert wrote, in column order: its own values plus the key the database
// generated (RETURNING it alone, row by row, or last_insert_id for one row).
driver::Response compose_inserted(const db::Table& table, const ComposeInserted& how, const stmt::Insert& insert,
                                  driver::Response inserted, std::span<const Value* const> args) {
  driver::Response out;
  out.affected = inserted.affected;
  out.rows.width = table.columns.size();
  out.rows.cells.reserve(table.columns.size() * insert.rows.size());
  const bool returned = !insert.returning.empty();
  if (returned && inserted.rows.size() != insert.rows.size())
    throw DatabaseError("toasty: inserting " + std::to_string(insert.rows.size()) + " rows into " + table.name +
                        " returned " + std::to_string(inserted.rows.size()) + " keys");
  for (std::size_t r = 0; r < insert.rows.size(); ++r) {
    for (std::size_t i : how.source) {
      if (i != ComposeInserted::kGenerated) {
        const auto& node = insert.rows[r][i]->node;
        if (auto* a = std::get_if<stmt::ExprArg>(&node)) {
          out.rows.cells.push_back(*args[a->index]);
        } else {
          out.rows.cells.push_back(std::get<stmt::ExprValue>(node).value);
        }
      } else if (returned) {
        out.rows.cells.push_back(std::move(inserted.rows.row(r)[0]));
      } else if (inserted.last_insert_id) {
        out.rows.cells.emplace_back(*inserted.last_insert_id);
      } else {
        throw DatabaseError("toasty: the database reported no generated key for the row inserted into " +
                            table.name);
      }
    }
  }
  return out;
}

}  // namespace

driver::Response exec(const Schema& schema, const Plan& plan, driver::Connection& conn,
                      bool in_transaction, std::span<const Value* const> args,
                      const std::vector<std::unique_ptr<driver::PreparedSlot>>* slots,
                      const driver::RowSink* sink) {
  // Only a plan of one select can hand its rows straight to the caller.
  if (plan.actions.size() != 1) sink = nullptr;
  bool own_tx = plan.needs_transaction && !in_transaction;
  if (own_tx) conn.exec(driver::Transaction{driver::Transaction::Kind::Begin});
  try {
    driver::Response out;
    const stmt::Statement* last = nullptr;
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      const Action& a = plan.actions[i];
      if (auto* e = std::get_if<ExecStatement>(&a)) {
        out = conn.exec(driver::QuerySql{&e->statement, &schema.db(), args,
                                         slots ? (*slots)[i].get() : nullptr, sink});
        last = &e->statement;
      } else if (auto* k = std::get_if<ExecKv>(&a)) {
        out = exec_kv(schema, *k->plan, conn, args);
      } else if (auto* r = std::get_if<ReadBackInserted>(&a)) {
        out = read_back(schema, schema.db().tables[r->table], r->table,
                        std::get<stmt::Insert>(*last), out, conn, args);
      } else if (auto* ci = std::get_if<ComposeInserted>(&a)) {
        out = compose_inserted(schema.db().tables[ci->table], *ci, std::get<stmt::Insert>(*last),
                               std::move(out), args);
      }
    }
    if (own_tx) conn.exec(driver::Transaction{driver::Transaction::Kind::Commit});
    return out;
  } catch (...) {
    if (own_tx) {
      try {
        conn.exec(driver::Transaction{driver::Transaction::Kind::Rollback});
      } catch (...) {  // the original error matters more
      }
    }
    throw;
  }
}

}  // namespace toasty::engine
