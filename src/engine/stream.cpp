// Streams: a select's rows read one at a time through a driver cursor, in constant memory.
// The plan decides as for exec(); a plan whose output comes from one SQL select step is read
// through a cursor over that statement, a key-value read through exec_kv's stream, and
// anything else (a select split by a long in_list) runs whole and is handed out row by row.
#include "engine/engine.hpp"
#include "engine/exec.hpp"
#include "engine/kv.hpp"
#include "engine/plan.hpp"
#include "engine/seek.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// One SQL select through a driver cursor; the plan (and so the statement the cursor reads)
// lives as long as the stream.
class SqlStream final : public RowStream {
 public:
  SqlStream(const Schema& schema, Plan plan, driver::Connection& conn) : plan_(std::move(plan)) {
    const auto& step = std::get<ExecStatement>(plan_.steps[0]);
    row_.resize(std::get<stmt::Select>(step.statement).returning.size());
    cursor_ = conn.open_cursor(driver::QuerySql{&step.statement, &schema.db()});
  }
  Value* next() override {
    if (!cursor_ || !cursor_->next(row_.data())) {
      cursor_.reset();  // the read is over: the connection is free again
      return nullptr;
    }
    ++delivered_;
    return row_.data();
  }
  std::uint64_t delivered() const override { return delivered_; }

 private:
  Plan plan_;
  std::vector<Value> row_;
  std::unique_ptr<driver::Cursor> cursor_;
  std::uint64_t delivered_ = 0;
};

// Rows already read, handed out one at a time.
class ReadStream final : public RowStream {
 public:
  explicit ReadStream(driver::Rows rows) : rows_(std::move(rows)) {}
  Value* next() override {
    if (delivered_ >= rows_.size()) return nullptr;
    return rows_.row(static_cast<std::size_t>(delivered_++));
  }
  std::uint64_t delivered() const override { return delivered_; }

 private:
  driver::Rows rows_;
  std::uint64_t delivered_ = 0;
};

}  // namespace

std::unique_ptr<RowStream> stream_rows(driver::Rows rows) { return std::make_unique<ReadStream>(std::move(rows)); }

std::unique_ptr<RowStream> open_stream(const Schema& schema, const stmt::Statement& app_select,
                                       const driver::Driver& driver, driver::Connection& conn, std::uint32_t tx_depth) {
  if (tx_depth == 0) refuse_lock_outside_transaction(app_select, driver.capability());
  const auto* sel = std::get_if<stmt::Select>(&app_select);
  const std::string model = sel && sel->model ? sel->model->name : "a model";
  if (!sel || sel->count || !sel->aggregates.empty() || !sel->project.empty())
    throw InvalidStatement("toasty: stream() reads the records of a query (not a count, an aggregate or a projection)");
  if (!sel->includes.empty())
    throw InvalidStatement("toasty: stream() of " + model +
                           " records does not preload relations: include() needs every record of a level at once. "
                           "Stream without include() and read a record's relations from it, or preload page by "
                           "page with paginate()");
  const driver::Capability& cap = driver.capability();
  stmt::Statement statement = app_select;
  if (auto& s = std::get<stmt::Select>(statement); s.seek_after && cap.sql()) {
    s.filter = stmt::and_(s.filter, seek_filter(s.order_by, *s.seek_after));
    s.seek_after.reset();
    s.tie_breakers = 0;
  }
  Plan plan = plan_statement(schema, statement, cap);
  if (plan.steps.size() == 1 && !plan.atomic) {
    if (std::holds_alternative<ExecStatement>(plan.steps[0]) && plan.streamable)
      return std::make_unique<SqlStream>(schema, std::move(plan), conn);
    if (const auto* kv = std::get_if<ExecKv>(&plan.steps[0]); kv && kv->binds.empty())
      return stream_kv(schema, kv->plan, conn);
  }
  // Several steps (a long in_list read in slices): their rows are combined, so read whole.
  ExecContext cx{schema, cap, conn, tx_depth, nullptr};
  return stream_rows(execute(cx, plan).rows);
}

}  // namespace toasty::engine
