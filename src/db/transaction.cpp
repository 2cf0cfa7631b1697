#include "db/db_impl.hpp"
#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty {

struct Transaction::State {
  std::shared_ptr<Db::Impl> db;
  Pool::Lease lease;
  bool open = true;

  void finish(driver::Transaction::Kind kind) {
    if (!open) throw InvalidStatement("toasty: the transaction has already ended");
    open = false;
    try {
      lease->exec(driver::Transaction{kind});
    } catch (const ConnectionError&) {
      lease.discard();
      throw;
    }
  }
};

Transaction Db::transaction() {
  auto state = std::make_unique<Transaction::State>(Transaction::State{impl_, impl_->pool.acquire()});
  state->lease->exec(driver::Transaction{driver::Transaction::Kind::Begin});
  return Transaction(std::move(state));
}

Transaction::Transaction(std::unique_ptr<State> state) : state_(std::move(state)) {}
Transaction::Transaction(Transaction&&) noexcept = default;

Transaction::~Transaction() {
  if (state_ && state_->open) {
    try {
      state_->finish(driver::Transaction::Kind::Rollback);
    } catch (...) {  // a destructor must not throw; the connection is dropped
    }
  }
}

void Transaction::commit() { state_->finish(driver::Transaction::Kind::Commit); }
void Transaction::rollback() { state_->finish(driver::Transaction::Kind::Rollback); }
bool Transaction::is_open() const { return state_ && state_->open; }

ResultSet Transaction::exec(const stmt::Statement& statement, const driver::RowSink* sink) {
  if (!is_open()) throw InvalidStatement("toasty: the transaction has already ended");
  try {
    return engine::run(*state_->db->schema, statement, *state_->db->driver, *state_->lease, true,
                       &state_->db->plans, sink);
  } catch (const ConnectionError&) {
    state_->open = false;
    state_->lease.discard();
    throw;
  }
}

const Schema& Transaction::schema() const { return *state_->db->schema; }

}  // namespace toasty
