#pragma once
// toasty::Db: the entry point. Owns the schema, the driver and a thread-safe pool of
// connections. Statements run through an Executor: the Db itself (one pooled
// connection per statement) or a Transaction (one pinned connection until it ends).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/driver/driver.hpp"
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

class Engine;
class Pool;

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

class Transaction;

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
  // unless commit() is called.
  Transaction transaction();

  using Executor::exec;
  ResultSet exec(const stmt::Statement& statement, const driver::RowSink* sink) override;
  ResultSet exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) override;
  std::unique_ptr<RowStream> open_stream(const stmt::Statement& select) override;
  const Schema& schema() const override;
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

 private:
  struct Impl;
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

  using Executor::exec;
  ResultSet exec(const stmt::Statement& statement, const driver::RowSink* sink) override;
  ResultSet exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) override;
  std::unique_ptr<RowStream> open_stream(const stmt::Statement& select) override;
  const Schema& schema() const override;

 private:
  struct State;
  class Stream;
  explicit Transaction(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend class Db;
};

}  // namespace toasty
