#include "engine/tx_scope.hpp"

namespace toasty::engine {

namespace {
using Kind = driver::Transaction::Kind;
}

TxScope::TxScope(driver::Connection& conn, std::uint32_t depth, driver::Isolation isolation, bool read_only)
    : conn_(&conn), depth_(depth) {
  conn_->exec(driver::Transaction{.kind = depth_ == 0 ? Kind::Begin : Kind::Savepoint,
                                  .savepoint = depth_,
                                  .isolation = isolation,
                                  .read_only = read_only});
}

TxScope::~TxScope() {
  if (!open_) return;
  try {
    rollback();
  } catch (...) {  // the error that unwinds us matters more
  }
}

void TxScope::commit() {
  open_ = false;
  conn_->exec(driver::Transaction{depth_ == 0 ? Kind::Commit : Kind::ReleaseSavepoint, depth_});
}

void TxScope::rollback() {
  open_ = false;
  if (depth_ == 0) {
    conn_->exec(driver::Transaction{Kind::Rollback, 0});
    return;
  }
  conn_->exec(driver::Transaction{Kind::RollbackToSavepoint, depth_});
  conn_->exec(driver::Transaction{Kind::ReleaseSavepoint, depth_});
}

}  // namespace toasty::engine
