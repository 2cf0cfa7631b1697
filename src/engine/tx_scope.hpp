#pragma once
// The one transaction path: the RAII toasty::Transaction, a plan's atomic unit (and,
// later, nested transactions) all begin, commit and roll back through a TxScope.
#include <cstdint>

#include "toasty/driver/driver.hpp"

namespace toasty::engine {

class TxScope {
 public:
  // Opens a transaction on `conn` (depth 0; with `isolation` and `read_only`) or, inside an
  // open one, savepoint `depth`.
  TxScope(driver::Connection& conn, std::uint32_t depth, driver::Isolation isolation = driver::Isolation::Default,
          bool read_only = false);
  TxScope(const TxScope&) = delete;
  TxScope& operator=(const TxScope&) = delete;
  // Rolls back what is still open; errors are swallowed (the one being thrown matters more).
  ~TxScope();

  // COMMIT, or RELEASE of the savepoint. Throws what the driver throws; the scope is closed.
  void commit();
  // ROLLBACK, or ROLLBACK TO and RELEASE of the savepoint. Throws; the scope is closed.
  void rollback();
  bool open() const { return open_; }
  // Closes the scope without a word to the database: an enclosing scope's rollback has
  // undone it already.
  void abandon() { open_ = false; }
  std::uint32_t depth() const { return depth_; }

 private:
  driver::Connection* conn_;
  std::uint32_t depth_;
  bool open_ = true;
};

}  // namespace toasty::engine
