#include <optional>

#include "db/db_impl.hpp"
#include "db/raw_sql.hpp"
#include "engine/engine.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty {

struct Transaction::State {
  std::shared_ptr<Db::Impl> db;
  std::optional<Pool::Lease> lease;
  std::optional<engine::TxScope> scope;  // the engine's one transaction path

  bool open() const { return scope && scope->open(); }

  // Ends the transaction and hands the connection back to the pool at once (a pool of
  // one must not wait for this object's destruction); a broken one is dropped.
  template <class End>
  void finish(End end) {
    if (!open()) throw InvalidStatement("toasty: the transaction has already ended");
    try {
      end(*scope);
    } catch (const ConnectionError&) {
      drop();
      throw;
    } catch (...) {
      scope.reset();
      lease.reset();
      throw;
    }
    scope.reset();
    lease.reset();
  }
  void drop() {
    scope.reset();
    if (lease) (*lease).discard();
    lease.reset();
  }
};

Transaction Db::transaction() {
  auto state = std::make_unique<Transaction::State>();
  state->db = impl_;
  state->lease.emplace(impl_->pool.acquire());
  try {
    state->scope.emplace(**state->lease, 0);
  } catch (const ConnectionError&) {
    // Nothing of the transaction happened yet: BEGIN again on a newly opened connection.
    state->drop();
    impl_->pool.discard_idle();
    state->lease.emplace(impl_->pool.acquire());
    state->scope.emplace(**state->lease, 0);
  }
  return Transaction(std::move(state));
}

Transaction::Transaction(std::unique_ptr<State> state) : state_(std::move(state)) {}
Transaction::Transaction(Transaction&&) noexcept = default;

Transaction::~Transaction() {
  if (state_ && state_->open()) {
    try {
      state_->finish([](engine::TxScope& s) { s.rollback(); });
    } catch (...) {  // a destructor must not throw; the connection is dropped
    }
  }
}

void Transaction::commit() {
  state_->finish([](engine::TxScope& s) { s.commit(); });
}
void Transaction::rollback() {
  state_->finish([](engine::TxScope& s) { s.rollback(); });
}
bool Transaction::is_open() const { return state_ && state_->open(); }

ResultSet Transaction::exec(const stmt::Statement& statement, const driver::RowSink* sink) {
  if (!is_open()) throw InvalidStatement("toasty: the transaction has already ended");
  try {
    return engine::run(*state_->db->schema, statement, *state_->db->driver, **state_->lease, true,
                       &state_->db->plans, sink);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

ResultSet Transaction::exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) {
  if (!is_open()) throw InvalidStatement("toasty: the transaction has already ended");
  try {
    return detail::run_sql(**state_->lease, *state_->db->schema, sql, params, model);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

const Schema& Transaction::schema() const { return *state_->db->schema; }

}  // namespace toasty
