#pragma once
// What a Transaction holds: its scope (a transaction, or a savepoint of the enclosing one),
// the connection (the outermost transaction's lease), and the stream reading on it.
#include <optional>

#include "db/db_impl.hpp"
#include "engine/tx_scope.hpp"
#include "toasty/error.hpp"

namespace toasty {

struct Transaction::State {
  std::shared_ptr<Db::Impl> db;
  TransactionOptions options;           // the outermost transaction's (nested ones share them)
  std::optional<Pool::Lease> lease;     // the outermost transaction's connection
  State* parent = nullptr;              // a nested transaction's enclosing one
  State* child = nullptr;               // the nested transaction open now, if any
  std::optional<engine::TxScope> scope;  // the engine's one transaction path
  std::uint32_t depth = 0;              // 0: the outermost; n: savepoint n

  // The stream reading on the connection now (Transaction::open_stream), if any.
  Transaction::Stream* stream = nullptr;

  ~State() {
    if (child != nullptr) {  // a nested transaction outlives this one: it has ended with it
      close_children();
      child->parent = nullptr;
    }
    detach();
  }

  bool open() const { return scope && scope->open(); }
  State& root() {
    State* s = this;
    while (s->parent) s = s->parent;
    return *s;
  }
  driver::Connection& conn() { return **root().lease; }
  // Transaction levels open on the connection, this one included.
  std::uint32_t levels() const { return depth + 1; }

  // Throws unless the transaction is open and its connection free for a statement.
  void check_free() const {
    if (!open()) throw InvalidStatement("toasty: the transaction has already ended");
    if (child != nullptr)
      throw InvalidStatement(
          "toasty: a nested transaction of this one is still open: commit or roll it back before using this one");
    if (stream != nullptr)
      throw InvalidStatement(
          "toasty: a stream is still reading on this transaction's connection: read it to the end or destroy it "
          "before running anything else in the transaction");
  }
  // Ends the stream reading on the connection, if any (the transaction is ending).
  void end_stream();

  // Ends the transaction (or savepoint); the outermost one hands the connection back to
  // the pool at once (a pool of one must not wait for this object's destruction), or drops
  // it when broken. A nested transaction still open is abandoned: a rollback here undoes it.
  template <class End>
  void finish(End end) {
    if (!open()) throw InvalidStatement("toasty: the transaction has already ended");
    close_children();
    try {
      end(*scope);
    } catch (const ConnectionError&) {
      drop();
      throw;
    } catch (...) {
      release();
      throw;
    }
    release();
  }
  // The connection broke: every level of the transaction ends, the connection is dropped.
  void drop() {
    State& r = root();
    r.close_children();
    r.scope.reset();
    if (r.lease) (*r.lease).discard();
    r.lease.reset();
  }

 private:
  void close_children() {
    for (State* c = child; c != nullptr; c = c->child) {
      c->end_stream();
      if (c->scope) c->scope->abandon();
    }
  }
  void release() {
    scope.reset();
    lease.reset();
    detach();
  }
  // A nested transaction that ends leaves its parent free again.
  void detach() {
    if (parent != nullptr && parent->child == this) parent->child = nullptr;
    parent = nullptr;
  }
};

}  // namespace toasty
