#include <optional>

#include "db/db_impl.hpp"
#include "db/raw_sql.hpp"
#include "db/tx_state.hpp"
#include "engine/engine.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty {

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
  if (state_) state_->end_stream();
  if (state_ && state_->open()) {
    try {
      state_->finish([](engine::TxScope& s) { s.rollback(); });
    } catch (...) {  // a destructor must not throw; the connection is dropped
    }
  }
}

void Transaction::commit() {
  state_->end_stream();
  state_->finish([](engine::TxScope& s) { s.commit(); });
}
void Transaction::rollback() {
  state_->end_stream();
  state_->finish([](engine::TxScope& s) { s.rollback(); });
}
bool Transaction::is_open() const { return state_ && state_->open(); }

ResultSet Transaction::exec(const stmt::Statement& statement, const driver::RowSink* sink) {
  state_->check_free();
  try {
    return engine::run(*state_->db->schema, statement, *state_->db->driver, **state_->lease, true,
                       &state_->db->plans, sink);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

ResultSet Transaction::exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) {
  state_->check_free();
  try {
    return detail::run_sql(**state_->lease, *state_->db->schema, sql, params, model);
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

const Schema& Transaction::schema() const { return *state_->db->schema; }

}  // namespace toasty
