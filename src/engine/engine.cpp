// The engine's entry point: find or make the plan of a statement, run it, and turn
// driver errors into model-level ones.
#include "engine/engine.hpp"

#include "engine/compiled_plans.hpp"
#include "engine/exec.hpp"
#include "engine/plan.hpp"
#include "engine/plan_cache.hpp"
#include "engine/seek.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

// Turns a driver's unique violation (tables, columns, index names; drivers name the
// columns of their own primary-key constraints) into the model-level error users catch.
[[noreturn]] void raise_unique(const Schema& schema, std::size_t model_id, const DbUniqueViolation& e) {
  const db::Schema& db = schema.db();
  for (std::size_t m = 0; m < schema.model_count(); ++m) {
    const db::Table& t = db.tables[schema.mapping(m).table];
    if (!e.table.empty() && e.table != t.name) continue;
    std::vector<std::size_t> cols;
    if (!e.index_name.empty())
      for (const auto& idx : t.indexes)
        if (idx.name == e.index_name) cols = idx.columns;
    if (cols.empty())
      for (const auto& name : e.columns)
        for (std::size_t c = 0; c < t.columns.size(); ++c)
          if (t.columns[c].name == name) cols.push_back(c);
    if (cols.empty()) continue;
    const app::Model& model = schema.model(m);
    std::vector<std::string> fields;
    std::string list;
    for (std::size_t c : cols) {
      fields.push_back(model.fields[schema.mapping(m).column_to_field[c]].name);
      list += (list.empty() ? "" : ", ") + fields.back();
    }
    UniqueViolation out(model.name, fields,
                        "toasty: unique violation: another " + model.name + " already has this " + list + " (" +
                            e.what() + ")");
    out.set_database_code(e.code(), e.sqlstate(), false);
    throw out;
  }
  const app::Model& model = schema.model(model_id);
  UniqueViolation out(model.name, {}, "toasty: unique violation on " + model.name + " (" + e.what() + ")");
  out.set_database_code(e.code(), e.sqlstate(), false);
  throw out;
}

namespace {

ResultSet run_planned(const Schema& schema, const stmt::Statement& app_statement, const driver::Driver& driver,
                      driver::Connection& conn, std::uint32_t tx_depth, PlanCache* cache, const driver::RowSink* sink);

// The chunks of a chunked insert, each through the plan cache, inside the outer unit.
class Chunks final : public SubStatements {
 public:
  // `depth`: transaction levels open around the chunks (the outer unit included).
  Chunks(const Schema& schema, const driver::Driver& driver, driver::Connection& conn, std::uint32_t depth,
         PlanCache* cache)
      : schema_(schema), driver_(driver), conn_(conn), depth_(depth), cache_(cache) {}
  ResultSet run(const stmt::Statement& s) override { return run_planned(schema_, s, driver_, conn_, depth_, cache_, nullptr); }

 private:
  const Schema& schema_;
  const driver::Driver& driver_;
  driver::Connection& conn_;
  std::uint32_t depth_;
  PlanCache* cache_;
};

// A plan of its own for every size of a large insert would fill the cache with copies of
// whole batches: those are planned per call, their chunks cached.
bool cacheable(const stmt::Statement& s, const driver::Capability& cap) {
  auto* ins = std::get_if<stmt::Insert>(&s);
  return !ins || ins->rows.size() <= insert_rows_per_statement(*ins->model, cap);
}

// The cached plan of `app_statement` (planned and cached now if new), with the statement's
// values in `args`; null when it is planned per call: a shape the cache does not take, a
// statement split to the backend's limits, a full cache. Key-value reads and removals take
// their values as arguments too: the plan chooses the key or index from the statement's
// shape and binds the keys when it runs (kv::bind). Key-value inserts and updates are
// planned with their values (whether an assignment is a value or computed decides how
// DynamoDB keeps a unique index).
const PlanCache::Entry* cached_plan(const Schema& schema, const stmt::Statement& app_statement,
                                    const driver::Capability& cap, PlanCache& cache, Args& args) {
  if (!cacheable(app_statement, cap)) return nullptr;
  if (cap.key_value() && !std::holds_alternative<stmt::Select>(app_statement) &&
      !std::holds_alternative<stmt::Delete>(app_statement))
    return nullptr;
  std::size_t hash = 0;
  args.reserve(8);  // most statements have a few values
  if (!shape_of(app_statement, hash, args) || args.size() > values_per_statement(cap)) return nullptr;
  if (const PlanCache::Entry* entry = cache.find(hash, app_statement)) return entry;
  auto e = std::make_unique<PlanCache::Entry>();
  e->shape = parameterize(app_statement);
  e->plan = plan_statement(schema, e->shape, cap);
  for (std::size_t i = 0; i < e->plan.steps.size(); ++i) e->prepared.push_back(std::make_unique<driver::PreparedSlot>());
  return cache.insert(hash, std::move(e));
}

ResultSet run_planned(const Schema& schema, const stmt::Statement& app_statement, const driver::Driver& driver,
                      driver::Connection& conn, std::uint32_t tx_depth, PlanCache* cache, const driver::RowSink* sink) {
  const driver::Capability& cap = driver.capability();
  Chunks chunks(schema, driver, conn, tx_depth + 1, cache);
  ExecContext cx{schema, cap, conn, tx_depth, &chunks};
  if (cache) {
    Args args;
    if (const PlanCache::Entry* entry = cached_plan(schema, app_statement, cap, *cache, args))
      return execute(cx, entry->plan, args, &entry->prepared, sink);
  }
  return execute(cx, plan_statement(schema, app_statement, cap), {}, nullptr, sink);
}

// The plan a compiled statement runs by on this Db: the cache's plan of its shape when the
// statement's values are exactly the call's `args`, in order (so argument i of the plan is
// always the call's value i); dynamic() otherwise.
const PlanCache::Entry* compile(const Schema& schema, const stmt::Statement& statement,
                                std::span<const Value* const> args, const driver::Capability& cap, PlanCache& cache) {
  if (const auto* sel = std::get_if<stmt::Select>(&statement); sel && (sel->seek_after || sel->lock.any()))
    return CompiledPlans::dynamic();  // rewritten or checked per call by run()
  Args values;
  const PlanCache::Entry* entry = cached_plan(schema, statement, cap, cache, values);
  if (entry == nullptr || values.size() != args.size()) return CompiledPlans::dynamic();
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!(*values[i] == *args[i])) return CompiledPlans::dynamic();
  return entry;
}

}  // namespace

void refuse_lock_outside_transaction(const stmt::Statement& s, const driver::Capability& cap) {
  const auto* sel = std::get_if<stmt::Select>(&s);
  if (!sel || !sel->lock.any() || !cap.sql()) return;  // key-value backends refuse locks by name when planning
  throw InvalidStatement("toasty: for_update() / for_share() lock rows until the transaction ends, and this query of " +
                         (sel->model ? sel->model->name : std::string("a model")) +
                         " runs outside one: run it in a transaction (db.transaction())");
}

ResultSet run(const Schema& schema, const stmt::Statement& app_statement, const driver::Driver& driver,
              driver::Connection& conn, std::uint32_t tx_depth, PlanCache* cache, const driver::RowSink* sink) {
  std::size_t model_id = schema.model_id(statement_model(app_statement));
  if (tx_depth == 0) refuse_lock_outside_transaction(app_statement, driver.capability());
  try {
    // #[auto] Uuid keys and Timestamps are made before the plan cache turns values into
    // arguments: each execution gets fresh ones.
    if (auto* ins = std::get_if<stmt::Insert>(&app_statement)) {
      validate(*ins);
      check_column_limits(*ins);
    }
    if (auto* upd = std::get_if<stmt::Update>(&app_statement)) {
      validate(*upd);
      check_column_limits(*upd);
    }
    if (auto* ins = std::get_if<stmt::Insert>(&app_statement))
      if (auto filled = with_client_values(*ins))
        return run_planned(schema, stmt::Statement(std::move(*filled)), driver, conn, tx_depth, cache, sink);
    if (auto* upd = std::get_if<stmt::Update>(&app_statement))
      if (auto filled = with_client_values(*upd))
        return run_planned(schema, stmt::Statement(std::move(*filled)), driver, conn, tx_depth, cache, sink);
    if (auto* sel = std::get_if<stmt::Select>(&app_statement); sel && sel->seek_after && driver.capability().sql()) {
      // A SQL database seeks through the filter (an index on the order serves it); the
      // position's values become arguments of the cached plan like any other.
      stmt::Select s = *sel;
      s.filter = stmt::and_(s.filter, seek_filter(s.order_by, *s.seek_after));
      s.seek_after.reset();
      s.tie_breakers = 0;
      return run_planned(schema, stmt::Statement(std::move(s)), driver, conn, tx_depth, cache, sink);
    }
    return run_planned(schema, app_statement, driver, conn, tx_depth, cache, sink);
  } catch (const DbUniqueViolation& e) {
    raise_unique(schema, model_id, e);
  }
}

ResultSet run_compiled(const Schema& schema, std::size_t id, std::span<const Value* const> args,
                       const stmt::Source& source, const driver::Driver& driver, driver::Connection& conn,
                       std::uint32_t tx_depth, PlanCache& cache, CompiledPlans& compiled, const driver::RowSink* sink) {
  const PlanCache::Entry* entry = compiled.find(id);
  if (entry == nullptr) {
    const stmt::Statement statement = source();
    schema.model_id(statement_model(statement));  // a model of another schema fails here, by name
    entry = compile(schema, statement, args, driver.capability(), cache);
    compiled.store(id, entry);
    if (entry == CompiledPlans::dynamic()) return run(schema, statement, driver, conn, tx_depth, &cache, sink);
  }
  if (entry == CompiledPlans::dynamic()) return run(schema, source(), driver, conn, tx_depth, &cache, sink);
  Chunks chunks(schema, driver, conn, tx_depth + 1, &cache);
  ExecContext cx{schema, driver.capability(), conn, tx_depth, &chunks};
  try {
    return execute(cx, entry->plan, args, &entry->prepared, sink);
  } catch (const DbUniqueViolation& e) {
    raise_unique(schema, entry->plan.model_id, e);
  }
}

std::string explain(const Schema& schema, const stmt::Statement& app_statement, const driver::Capability& cap) {
  return to_string(plan_statement(schema, app_statement, cap), schema);
}

}  // namespace toasty::engine
