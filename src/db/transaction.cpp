// Transactions: the outermost one pins a pooled connection from BEGIN to COMMIT/ROLLBACK;
// nested ones are savepoints on it. Statements run through the engine with the number of
// levels open, so that a plan's own unit takes the next savepoint.
#include <algorithm>
#include <optional>
#include <random>
#include <thread>

#include "db/db_impl.hpp"
#include "db/raw_sql.hpp"
#include "db/tx_state.hpp"
#include "engine/engine.hpp"
#include "toasty/model/compiled.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty {

namespace {

const char* statement_kind(const stmt::Statement& s) {
  if (std::holds_alternative<stmt::Insert>(s)) return "create";
  if (std::holds_alternative<stmt::Update>(s)) return "update";
  if (std::holds_alternative<stmt::Delete>(s)) return "remove";
  return "write";
}

// DynamoDB keeps a transaction's writes until its commit: a read in it could not see them.
void refuse_reads(const driver::Capability& cap) {
  if (cap.transactions) return;
  throw UnsupportedQuery(std::string("toasty: ") + cap.display_name +
                         " transactions only write (capability `transactions` is false): their writes are sent "
                         "together at commit (one TransactWriteItems), so a read in one could not see them; read "
                         "before the transaction begins or after it commits");
}

}  // namespace

Transaction Db::transaction(const TransactionOptions& options) {
  auto state = std::make_unique<Transaction::State>();
  state->db = impl_;
  state->options = options;
  auto begin = [&] {
    state->lease.emplace(impl_->pool.acquire());
    state->scope.emplace(**state->lease, 0, options.isolation, options.read_only);
  };
  try {
    begin();
  } catch (const ConnectionError&) {
    // Nothing of the transaction happened yet: BEGIN again on a newly opened connection.
    state->drop();
    impl_->pool.discard_idle();
    begin();
  }
  return Transaction(std::move(state));
}

Transaction Transaction::transaction() {
  state_->check_free();
  auto inner = std::make_unique<State>();
  inner->db = state_->db;
  inner->options = state_->options;
  inner->parent = state_.get();
  inner->depth = state_->depth + 1;
  try {
    inner->scope.emplace(state_->conn(), inner->depth);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
  state_->child = inner.get();
  return Transaction(std::move(inner));
}

Transaction::Transaction(std::unique_ptr<State> state) : state_(std::move(state)) {}
Transaction::Transaction(Transaction&&) noexcept = default;

Transaction::~Transaction() {
  if (state_) state_->end_stream();
  if (state_ && state_->open()) {
    try {
      state_->finish([](engine::TxScope& s) { s.rollback(); });
    } catch (...) {  // a destructor must not throw; the connection is dropped
    }
  }
}

void Transaction::commit() {
  if (state_->open() && state_->child != nullptr)
    throw InvalidStatement(
        "toasty: a nested transaction of this one is still open: commit or roll it back before committing this one");
  state_->end_stream();
  try {
    state_->finish([](engine::TxScope& s) { s.commit(); });
  } catch (const DbUniqueViolation& e) {  // DynamoDB checks its writes' unique values at commit
    engine::raise_unique(*state_->db->schema, 0, e);
  }
}
void Transaction::rollback() {
  state_->end_stream();
  state_->finish([](engine::TxScope& s) { s.rollback(); });
}
bool Transaction::is_open() const { return state_ && state_->open(); }

ResultSet Transaction::exec(const stmt::Statement& statement, const driver::RowSink* sink) {
  state_->check_free();
  // (A read with row locks is refused by name when planned.)
  if (auto* sel = std::get_if<stmt::Select>(&statement); sel && !sel->lock.any())
    refuse_reads(state_->db->driver->capability());
  if (state_->options.read_only && !std::holds_alternative<stmt::Select>(statement)) {
    const app::Model* model = engine::statement_model(statement);
    throw InvalidStatement(std::string("toasty: this transaction is read-only (TransactionOptions::read_only): a ") +
                           statement_kind(statement) + " of " + (model ? model->name : std::string("a model")) +
                           " cannot run in it; nothing was sent");
  }
  try {
    return engine::run(*state_->db->schema, statement, *state_->db->driver, state_->conn(), state_->levels(),
                       &state_->db->plans, sink);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

ResultSet Transaction::exec_compiled(const detail::CompiledStatement& compiled, std::span<const Value* const> args,
                                     const stmt::Source& source, const driver::RowSink* sink) {
  const bool read = compiled.kind() == detail::CompiledStatement::Kind::Select;
  if (!read && state_->options.read_only) return exec(source(), sink);  // refused there, by name
  state_->check_free();
  if (read) refuse_reads(state_->db->driver->capability());
  try {
    Db::Impl& db = *state_->db;
    return engine::run_compiled(*db.schema, compiled.id(), args, source, *db.driver, state_->conn(),
                                state_->levels(), db.plans, db.compiled, sink);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

ResultSet Transaction::exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) {
  state_->check_free();
  try {
    return detail::run_sql(state_->conn(), *state_->db->schema, sql, params, model);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

const Schema& Transaction::schema() const { return *state_->db->schema; }

namespace detail {

void pause_before_retry(unsigned attempt, std::chrono::milliseconds backoff) {
  // Exponential, capped at a second, with full jitter: conflicting transactions that all
  // retry at once would collide again.
  using std::chrono::milliseconds;
  const unsigned shift = std::min(attempt - 1, 10u);
  const auto cap = std::min<std::int64_t>(backoff.count() << shift, 1000);
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(cap / 2, std::max<std::int64_t>(cap, 1));
  std::this_thread::sleep_for(milliseconds(pick(rng)));
}

}  // namespace detail

}  // namespace toasty
