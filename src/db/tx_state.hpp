#pragma once
// What a Transaction holds: its connection, its scope and the stream reading on it.
#include <optional>

#include "db/db_impl.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty {

struct Transaction::State {
  std::shared_ptr<Db::Impl> db;
  std::optional<Pool::Lease> lease;
  std::optional<engine::TxScope> scope;  // the engine's one transaction path

  // The stream reading on the connection now (Transaction::open_stream), if any.
  Transaction::Stream* stream = nullptr;

  bool open() const { return scope && scope->open(); }
  // Throws unless the transaction is open and its connection free for a statement.
  void check_free() const {
    if (!open()) throw InvalidStatement("toasty: the transaction has already ended");
    if (stream != nullptr)
      throw InvalidStatement(
          "toasty: a stream is still reading on this transaction's connection: read it to the end or destroy it "
          "before running anything else in the transaction");
  }
  // Ends the stream reading on the connection, if any (the transaction is ending).
  void end_stream();

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

}  // namespace toasty
