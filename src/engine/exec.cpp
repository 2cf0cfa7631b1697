// Execution: runs a plan's steps in order on one connection. A step's driver call is one
// unit that holds no lock; the plan's atomic unit is one TxScope (a transaction, or a
// savepoint inside the caller's) on backends with transactions.
#include "engine/exec.hpp"

#include <array>

#include "engine/kv.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

const stmt::Insert& insert_of(const Plan& plan, std::size_t step) {
  const auto* e = std::get_if<ExecStatement>(&plan.steps.at(step));
  const auto* ins = e ? std::get_if<stmt::Insert>(&e->statement) : nullptr;
  if (!ins) throw InvalidStatement("toasty: plan step " + std::to_string(step) + " is not an insert");
  return *ins;
}

const Value& cell(const stmt::ExprPtr& e, std::span<const Value* const> args) {
  if (auto* a = std::get_if<stmt::ExprArg>(&e->node)) return *args[a->index];
  return std::get<stmt::ExprValue>(e->node).value;
}

// Reads the row an insert just wrote, by its generated key or the key it carried.
driver::Response read_back(const ExecContext& cx, const ReadBackInserted& how, const stmt::Insert& insert,
                           const driver::Response& inserted, std::span<const Value* const> args) {
  const db::Table& table = cx.schema.db().tables[how.table];
  stmt::Select s;
  s.level = stmt::Level::Db;
  s.target = how.table;
  for (std::size_t c = 0; c < table.columns.size(); ++c) s.returning.push_back(c);
  for (std::size_t k : table.primary_key) {
    Value key;
    for (std::size_t i = 0; i < insert.columns.size(); ++i)
      if (insert.columns[i] == k) key = cell(insert.rows[0][i], args);
    if (key.is_null() && table.columns[k].auto_increment && inserted.last_insert_id)
      key = Value(*inserted.last_insert_id);
    if (key.is_null()) throw DatabaseError("toasty: cannot read back the row inserted into " + table.name);
    s.filter = stmt::and_(s.filter, stmt::binary(stmt::BinaryOp::Eq, stmt::column(how.table, k),
                                                 stmt::value(std::move(key))));
  }
  stmt::Statement st = std::move(s);
  driver::Response r = cx.conn.exec(driver::QuerySql{&st, &cx.schema.db()});
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
        out.rows.cells.push_back(cell(insert.rows[r][i], args));
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

class Runner {
 public:
  Runner(const ExecContext& cx, const Plan& plan, std::span<const Value* const> args,
         const std::vector<std::unique_ptr<driver::PreparedSlot>>* prepared, const driver::RowSink* sink)
      : cx_(cx), plan_(plan), args_(args), prepared_(prepared), sink_(plan.streamable ? sink : nullptr) {
    // Most plans (a select, a one-row insert) use one or two slots: no allocation for them.
    if (plan.slot_count <= inline_.size()) {
      slots_ = std::span<SlotValue>(inline_.data(), plan.slot_count);
    } else {
      heap_.resize(plan.slot_count);
      slots_ = heap_;
    }
    if (plan.bound_args > 0) {
      if (!args.empty()) throw InvalidStatement("toasty: a plan with bound arguments cannot take arguments");
      bound_.resize(plan.bound_args);
      bound_ptrs_.reserve(bound_.size());
      for (const Value& v : bound_) bound_ptrs_.push_back(&v);
      args_ = bound_ptrs_;
    }
  }

  ResultSet run() {
    for (std::size_t i = 0; i < plan_.steps.size(); ++i)
      std::visit([&](const auto& s) { step(i, s); }, plan_.steps[i]);
    return to_result(std::move(slot(plan_.output)));
  }

 private:
  const ExecContext& cx_;
  const Plan& plan_;
  std::span<const Value* const> args_;
  const std::vector<std::unique_ptr<driver::PreparedSlot>>* prepared_;
  const driver::RowSink* sink_;
  std::array<SlotValue, 2> inline_{};
  std::vector<SlotValue> heap_;
  std::span<SlotValue> slots_;
  std::vector<Value> bound_;

  SlotValue& slot(SlotId id) {
    if (id >= slots_.size()) throw InvalidStatement("toasty: plan slot $" + std::to_string(id) + " out of range");
    return slots_[id];
  }
  std::vector<const Value*> bound_ptrs_;

  void bind(const std::vector<SlotBind>& binds) {
    for (const SlotBind& b : binds) {
      const driver::Rows& rows = slot(b.slot).response.rows;
      if (rows.size() == 0) throw DatabaseError("toasty: a nested create's parent returned no row");
      bound_.at(b.arg) = rows.row(0)[b.column];
    }
  }

  void step(std::size_t i, const ExecStatement& s) {
    bind(s.binds);
    driver::PreparedSlot* prepared = prepared_ ? (*prepared_)[i].get() : nullptr;
    const driver::RowSink* sink = s.out == plan_.output ? sink_ : nullptr;
    SlotValue& out = slot(s.out);
    out.response = cx_.conn.exec(driver::QuerySql{&s.statement, &cx_.schema.db(), args_, prepared, sink});
  }
  void step(std::size_t, const ExecKv& s) {
    bind(s.binds);
    // In a transaction (the caller's or the plan's own unit) a key-value backend keeps the
    // writes until the commit.
    const bool writes_wait = cx_.cap.write_transactions && (cx_.tx_depth > 0 || plan_.atomic);
    slot(s.out).response = exec_kv(cx_.schema, *s.plan, cx_.conn, args_, writes_wait);
  }
  void step(std::size_t, const KvTransactWrite& s) {
    driver::TransactWrite batch{&cx_.schema.db(), {}};
    for (std::size_t k = 0; k < s.inserts.size(); ++k) {
      StagedInsert staged = stage_insert(cx_.schema, *s.inserts[k]);
      batch.inserts.push_back(std::move(staged.items));
      slot(s.outs[k]).response = std::move(staged.returned);
    }
    cx_.conn.exec(batch);
  }
  void step(std::size_t, const ComposeInserted& s) {
    const stmt::Insert& insert = insert_of(plan_, s.insert_step);
    slot(s.out).response = compose_inserted(cx_.schema.db().tables.at(s.table), s, insert,
                                                 std::move(slot(s.in).response), args_);
  }
  void step(std::size_t, const ReadBackInserted& s) {
    slot(s.out).response = read_back(cx_, s, insert_of(plan_, s.insert_step), slot(s.in).response, args_);
  }
  void step(std::size_t, const LoadRelation& s) { load_relation(cx_, s, slots_); }
  void step(std::size_t, const Attach& s) { attach(s, slots_); }
  void step(std::size_t, const InsertChunks& s) {
    if (!cx_.sub) throw InvalidStatement("toasty: a chunked insert needs the engine's statement runner");
    driver::Response out;
    for (const stmt::Insert& chunk : s.chunks) {
      ResultSet r = cx_.sub->run(chunk);
      out.affected += r.affected;
      out.rows.width = r.rows.width;
      if (out.rows.cells.empty()) out.rows.cells.reserve(r.rows.cells.size() * s.chunks.size());
      for (auto& v : r.rows.cells) out.rows.cells.push_back(std::move(v));
    }
    slot(s.out).response = std::move(out);
  }
  void step(std::size_t, const ListChunks& s) { slot(s.out) = run_list_chunks(cx_, s); }
};

}  // namespace

ResultSet execute(const ExecContext& cx, const Plan& plan, std::span<const Value* const> args,
                  const std::vector<std::unique_ptr<driver::PreparedSlot>>* prepared, const driver::RowSink* sink) {
  // The commonest plan, one statement (a get, a filter, an update by key), runs without
  // the slot machinery: the same driver call, less bookkeeping on the hot path.
  if (plan.steps.size() == 1 && !plan.atomic) {
    if (const auto* one = std::get_if<ExecStatement>(&plan.steps[0]); one && one->binds.empty()) {
      driver::Response r = cx.conn.exec(driver::QuerySql{&one->statement, &cx.schema.db(), args,
                                                         prepared ? (*prepared)[0].get() : nullptr,
                                                         plan.streamable ? sink : nullptr});
      ResultSet rs;
      rs.rows = std::move(r.rows);
      rs.affected = r.affected;
      rs.streamed = r.streamed;
      return rs;
    }
  }
  Runner runner(cx, plan, args, prepared, sink);
  // A key-value backend keeps the unit's writes and sends them at its commit as one request.
  if (!plan.atomic || !cx.cap.write_transactions) return runner.run();
  TxScope unit(cx.conn, cx.tx_depth);
  ResultSet out = runner.run();
  unit.commit();
  return out;
}

}  // namespace toasty::engine
