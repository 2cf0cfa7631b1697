#pragma once
// toasty::Db: the entry point. Owns the schema, the driver and a thread-safe pool of
// connections. Statements run through an Executor: the Db itself (one pooled
// connection per statement) or a Transaction (one pinned connection until it ends).
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/driver/driver.hpp"
#include "toasty/error.hpp"
#include "toasty/result.hpp"
#include "toasty/schema/schema.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

// The models of one schema file, as returned by the generated `models()`.
using ModelSet = std::vector<const app::Model*>;

struct Options {
  std::size_t max_connections = 0;  // 0 = the driver's default
  std::chrono::milliseconds acquire_timeout{5000};
  // Pool upkeep (a zero duration turns that part off):
  std::size_t min_idle = 0;                       // connections opened at connect and kept idle
  std::chrono::milliseconds idle_timeout{0};      // close connections idle longer (beyond min_idle)
  std::chrono::milliseconds max_lifetime{0};      // close connections older than this
  // A connection idle at least this long gets a socket check (no round trip) before reuse;
  // 0: every time. Connections the server closed meanwhile are replaced, not used.
  std::chrono::milliseconds check_idle_after{0};
};

// How a transaction runs (Db::transaction). The isolation level is the database's own:
// PostgreSQL and MySQL/MariaDB take each level as named; SQLite always runs serializable
// (one writer at a time), the strongest, whatever is asked; DynamoDB's TransactWriteItems
// is serializable too. `Default`: the database's default level.
using Isolation = driver::Isolation;

struct TransactionOptions {
  Isolation isolation = Isolation::Default;
  // Reads only: toasty refuses its own writes in it (InvalidStatement, before anything is
  // sent) and the database refuses raw SQL writes (PostgreSQL and MySQL: READ ONLY
  // transactions; SQLite: PRAGMA query_only).
  bool read_only = false;
  // The closure form (Db::transaction(fn)): how many times the closure runs at most when a
  // SerializationFailure (a serialization failure, deadlock or lock wait timeout) ends an
  // attempt, and the first pause between attempts (doubled each time, with jitter).
  unsigned max_attempts = 5;
  std::chrono::milliseconds retry_backoff{10};
};

class Engine;
class Pool;
class Transaction;

namespace detail {
// The pause before attempt `attempt` + 1 of a transaction closure (backoff with jitter).
void pause_before_retry(unsigned attempt, std::chrono::milliseconds backoff);
class CompiledStatement;  // toasty/model/compiled.hpp
}  // namespace detail

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs an app-level statement. Select/Insert return rows in model field order.
  ResultSet exec(const stmt::Statement& statement) { return exec(statement, nullptr); }
  // Same; the rows of a select without includes may instead go to `sink` one at a time
  // (the result's `streamed` then says so and its rows are empty).
  virtual ResultSet exec(const stmt::Statement& statement, const driver::RowSink* sink) = 0;
  // Reads a select's rows one at a time, in constant memory (Query::stream() is the typed
  // form). The stream holds a connection until it is destroyed: the Db's from its pool, a
  // transaction's own (which runs nothing else meanwhile). Throws InvalidStatement for a
  // select with includes, UnsupportedQuery for what the backend cannot read incrementally.
  virtual std::unique_ptr<RowStream> open_stream(const stmt::Statement& select) = 0;
  virtual const Schema& schema() const = 0;
  // For generated code: runs a statement compiled at its call site with `args` bound to its
  // plan (planned on this Db's first call); `source` builds the whole statement when it
  // must be planned (toasty/model/compiled.hpp).
  virtual ResultSet exec_compiled(const detail::CompiledStatement& compiled, std::span<const Value* const> args,
                                  const stmt::Source& source, const driver::RowSink* sink) = 0;

  // SQL of your own, for what the query API cannot say (SQL backends; DynamoDB refuses
  // it with UnsupportedQuery). `?` marks each placeholder (translated per dialect; a `?`
  // inside quotes or comments is text); every argument is bound, never spliced into the
  // text. One statement per call; transactions through Db::transaction(), not BEGIN.
  // execute(): a statement; returns the rows it changed (or read).
  template <class... A>
  std::uint64_t execute(std::string_view sql, const A&... args);
  // sql<Row>(): the rows of a query, each into a model (its columns matched to the
  // fields' columns by name; a column missing for a field that is not optional is an
  // error, extra columns are ignored) or into a std::tuple (by position).
  template <class Row, class... A>
  std::vector<Row> sql(std::string_view sql, const A&... args);

  // What execute() and sql() run on: rows as the database gives them (in `model`'s field
  // order when given), `affected` for writes.
  virtual ResultSet exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) = 0;
};

class Db final : public Executor {
 public:
  // URL schemes: sqlite::memory:, sqlite://path, postgresql://..., mysql://...
  // Throws InvalidUrl for a malformed URL or a driver not built into this library.
  static Db connect(std::string_view url, const ModelSet& models, Options options = {});
  // Same, several schema files at once.
  static Db connect(std::string_view url, const std::vector<ModelSet>& model_sets,
                    Options options = {});
  // Use a driver object directly (for programs linking only one driver target).
  static Db open(std::unique_ptr<driver::Driver> driver, const ModelSet& models,
                 Options options = {});

  Db(Db&&) noexcept;
  Db& operator=(Db&&) noexcept;
  ~Db() override;

  // Creates every table and index of the registered models.
  void push_schema();
  // Drops the registered models' tables (data included) and creates them again.
  void reset_schema();
  // Begins a transaction on a connection taken from the pool. RAII: rolled back
  // unless commit() is called. `db.transaction({.isolation = toasty::Isolation::Serializable})`.
  Transaction transaction(const TransactionOptions& options = {});
  // Runs `body(tx)` in a transaction: committed when it returns, rolled back when it throws.
  // A SerializationFailure (from a statement or the commit) rolls back and runs the whole
  // closure again, up to options.max_attempts times with backoff; then it reaches the
  // caller. Keep side effects outside the database out of the closure, or make them safe
  // to repeat. Returns what `body` returns. If `body` ends the transaction itself
  // (tx.commit() / tx.rollback()), that stands.
  template <class F>
    requires std::invocable<F&, Transaction&>
  std::invoke_result_t<F&, Transaction&> transaction(F&& body, const TransactionOptions& options = {});

  using Executor::exec;
  ResultSet exec(const stmt::Statement& statement, const driver::RowSink* sink) override;
  ResultSet exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) override;
  std::unique_ptr<RowStream> open_stream(const stmt::Statement& select) override;
  const Schema& schema() const override;
  ResultSet exec_compiled(const detail::CompiledStatement& compiled, std::span<const Value* const> args,
                          const stmt::Source& source, const driver::RowSink* sink) override;
  const driver::Driver& driver() const;
  Pool& pool();
  // The plan of `statement` as text, one step a line, without running it: which
  // statements or key-value operations serve it, in which order, what is one atomic unit.
  std::string explain_plan(const stmt::Statement& statement) const;
  // Statement shapes planned so far (the plan cache: repeated shapes skip lowering,
  // planning and SQL serialization).
  std::size_t cached_plans() const;
  // Statements served by a cached plan (no lowering, planning or serialization).
  std::size_t plan_cache_hits() const;
  // Generated methods (get_by_*, remove_by_*, ...) whose plan is compiled on this Db: their
  // calls bind values to it directly, without building or looking up a statement.
  std::size_t compiled_plans() const;

  struct Impl;  // internal: the state a Db shares with its transactions

 private:
  explicit Db(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
  friend class Transaction;
};

class Transaction final : public Executor {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction() override;  // rolls back if still open

  void commit();
  void rollback();
  bool is_open() const;

  // A transaction nested in this one (a savepoint): its rollback undoes only its own work,
  // its commit hands its work to this transaction (which still has to commit). This
  // transaction runs nothing until the nested one ends: its rollback() (or destruction)
  // while the nested one is open rolls both back; its commit() refuses (InvalidStatement).
  Transaction transaction();
  // The closure form of the nested transaction: committed when `body` returns, rolled back
  // (to the savepoint; this transaction goes on) when it throws, and the exception passed
  // on. Not retried: a serialization failure ends the outer transaction too.
  template <class F>
    requires std::invocable<F&, Transaction&>
  std::invoke_result_t<F&, Transaction&> transaction(F&& body);

  using Executor::exec;
  ResultSet exec(const stmt::Statement& statement, const driver::RowSink* sink) override;
  ResultSet exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) override;
  std::unique_ptr<RowStream> open_stream(const stmt::Statement& select) override;
  const Schema& schema() const override;
  ResultSet exec_compiled(const detail::CompiledStatement& compiled, std::span<const Value* const> args,
                          const stmt::Source& source, const driver::RowSink* sink) override;

 private:
  struct State;
  class Stream;
  explicit Transaction(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend class Db;
};

template <class F>
  requires std::invocable<F&, Transaction&>
std::invoke_result_t<F&, Transaction&> Db::transaction(F&& body, const TransactionOptions& options) {
  using R = std::invoke_result_t<F&, Transaction&>;
  for (unsigned attempt = 1;; ++attempt) {
    try {
      Transaction tx = transaction(options);
      if constexpr (std::is_void_v<R>) {
        body(tx);
        if (tx.is_open()) tx.commit();
        return;
      } else {
        R result = body(tx);
        if (tx.is_open()) tx.commit();
        return result;
      }
    } catch (const SerializationFailure&) {  // rolled back by tx's destructor
      if (attempt >= options.max_attempts) throw;
    }
    detail::pause_before_retry(attempt, options.retry_backoff);
  }
}

template <class F>
  requires std::invocable<F&, Transaction&>
std::invoke_result_t<F&, Transaction&> Transaction::transaction(F&& body) {
  using R = std::invoke_result_t<F&, Transaction&>;
  Transaction inner = transaction();
  if constexpr (std::is_void_v<R>) {
    body(inner);
    if (inner.is_open()) inner.commit();
  } else {
    R result = body(inner);
    if (inner.is_open()) inner.commit();
    return result;
  }
}

}  // namespace toasty
