#pragma once
// The driver interface: what a database backend declares it can do (Capability) and
// the operations the engine sends it. SQL backends receive db-level statements and
// serialize them with their dialect; key-value backends (DynamoDB) receive the key-value
// operations of `Operation` instead.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/schema/db.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::driver {

struct Capability {
  // What kind of storage the driver is: SQL databases receive stmt::Statement (QuerySql);
  // key-value stores (DynamoDB) receive the key-value operations below instead, and the
  // engine refuses (UnsupportedQuery) what no key or index can serve.
  enum class Storage : std::uint8_t { Sql, KeyValue };
  Storage storage = Storage::Sql;
  bool sql() const { return storage == Storage::Sql; }
  bool key_value() const { return storage == Storage::KeyValue; }

  bool returning_from_insert = true;     // INSERT ... RETURNING
  bool returning_from_update = false;    // UPDATE ... RETURNING
  // A one-row INSERT reports its generated key in Response::last_insert_id, cheaper than
  // RETURNING (SQLite materialises RETURNING rows in a temporary table).
  bool insert_id_without_returning = false;
  bool full_u64 = false;                 // stores u64 above i64::MAX (MySQL UNSIGNED)
  bool transactions = true;              // BEGIN/COMMIT/ROLLBACK and savepoints
  // Transactions that write: Db::transaction(), nested ones, batches. SQL databases run
  // them as BEGIN ... COMMIT; DynamoDB buffers the writes and sends them as one
  // TransactWriteItems at commit (reads in them are refused: `transactions` is false).
  bool write_transactions = true;
  // Takes each Isolation level as named (PostgreSQL, MySQL). SQLite always runs
  // serializable, whatever is asked.
  bool isolation_levels = false;
  // Accepts row locks in transactions (Query::for_update() ...): PostgreSQL and MySQL take
  // them; SQLite needs none (one writer at a time) and accepts them. DynamoDB has none.
  bool row_locks = true;
  // Write transactions run side by side on row locks, so two of them can deadlock or fail
  // to serialize (PostgreSQL, MySQL); SQLite runs one writer at a time.
  bool concurrent_writes = false;
  std::size_t max_connections_default = 8;
  bool auto_increment = true;            // the database assigns #[auto] integer keys
  bool scan = true;                      // queries with no key/index behind them may read the whole table
  // Accepts TransactWrite (below): several inserts as one atomic request. For key-value
  // backends without interactive transactions (`transactions` false).
  bool transact_write = false;
  // Limits the planner splits work by (never fails on): values bound in one statement
  // (SQL placeholders; keys in one key-value read), and inserts in one TransactWrite.
  std::size_t max_params = 32766;
  std::size_t max_transact_items = 100;
  // Name of the backend for messages: "SQLite", "PostgreSQL", "MySQL", "DynamoDB".
  const char* display_name = "the database";
};

// Per-statement storage a driver may fill once and reuse (its serialized SQL, say)
// while the engine's plan cache keeps the statement alive. Thread-safe.
class PreparedSlot {
 public:
  template <class T, class Make>
  const T& get_or_init(Make&& make) {
    std::call_once(once_, [&] { value_ = std::make_shared<const T>(make()); });
    return *static_cast<const T*>(value_.get());
  }

 private:
  std::once_flag once_;
  std::shared_ptr<const void> value_;
};

// Run a db-level statement. For statements with `returning`, rows come back in that order.
// `args` fills the statement's ExprArg placeholders (ExprArg{i} is *args[i]); `slot`,
// when set, belongs to this exact statement for as long as the statement lives.
// Takes a select's rows one at a time, so they are decoded straight into the caller's
// structs: `values` holds one row (its width) that `row` may move from; the buffer is
// reused for the next row. `reset` drops what was taken (before a retried read).
struct RowSink {
  void (*row)(void* ctx, Value* values);
  void (*reset)(void* ctx);
  void* ctx;
};

struct QuerySql {
  const stmt::Statement* statement;
  const db::Schema* schema;
  std::span<const Value* const> args = {};
  PreparedSlot* slot = nullptr;
  // Selects: a driver may stream the rows here (then Response::streamed) instead of
  // returning them in Response::rows.
  const RowSink* sink = nullptr;
};

// A transaction's isolation level (toasty::Isolation); Default: the database's own.
enum class Isolation : std::uint8_t { Default, ReadUncommitted, ReadCommitted, RepeatableRead, Serializable };

// Transaction control. Savepoints nest inside an open transaction: the engine wraps a
// multi-step plan in one when the caller's transaction is already open, and a nested
// toasty::Transaction is one.
struct Transaction {
  enum class Kind : std::uint8_t { Begin, Commit, Rollback, Savepoint, ReleaseSavepoint, RollbackToSavepoint } kind;
  std::uint32_t savepoint = 0;  // savepoint kinds: its depth, named toasty_sp<N> by SQL drivers
  // Begin only:
  Isolation isolation = Isolation::Default;
  bool read_only = false;
};

// Create every table and index of the schema. With `drop_existing`, drop the schema's
// tables first (if they exist): a clean slate for tests and development.
struct PushSchema {
  const db::Schema* schema;
  bool drop_existing = false;
};

// ---- key-value operations (Capability::key_value) -------------------------------------
// Tables, columns and indexes are positions in `schema`. A key is the values of the table's
// primary-key columns, in key order (partition key, then sort key). Rows come back with the
// `columns` asked for, in that order; an absent attribute reads as NULL. Filters and
// conditions are db-level expressions over the table's columns (ExprColumn, ExprValue,
// comparisons, AND/OR/NOT, IS NULL, IN lists, starts_with) with SQL semantics: a NULL
// (absent) operand makes a comparison UNKNOWN, and only TRUE passes.

// Items by primary key (GetItem / BatchGetItem). Keys that do not exist are skipped; rows
// come in the order of `keys`, duplicates once.
struct GetByKey {
  const db::Schema* schema;
  std::size_t table;
  std::vector<std::size_t> columns;
  std::vector<std::vector<Value>> keys;
};

// A condition on the sort key of a QueryPk.
struct SortKeyCondition {
  enum class Op : std::uint8_t { Eq, Lt, Le, Gt, Ge, Between, BeginsWith };
  Op op = Op::Eq;
  Value value;
  Value upper;  // Between: the inclusive upper bound (`value` is the lower one)
};

// The items of one partition of the table (index = nullopt) or of one of its non-unique
// indexes (Query), in sort-key order, filtered by `filter`; at most `limit` of them.
struct QueryPk {
  const db::Schema* schema;
  std::size_t table;
  std::optional<std::size_t> index;  // position in Table::indexes (a non-unique index)
  std::vector<std::size_t> columns;
  Value partition;                   // value of the partition key column
  std::optional<SortKeyCondition> sort;
  stmt::ExprPtr filter;              // may be null; must not use the queried key columns
  bool descending = false;
  std::optional<std::uint64_t> limit;  // counts items that passed the filter
  // Resume after the item at this position (DynamoDB's ExclusiveStartKey): values of the
  // table's key columns and of the index's sort key, by column; the partition is
  // `partition`. Empty: from the start.
  std::vector<std::pair<std::size_t, Value>> start_after = {};
  // Count the matching items instead of returning them (DynamoDB: Select=COUNT): one row,
  // one u64. Needs no `limit`.
  bool count_only = false;
};

// The primary key of the item holding `values` in a unique index: one row of the table's
// key columns, or no row.
struct FindPkByUnique {
  const db::Schema* schema;
  std::size_t table;
  std::size_t index;           // position in Table::indexes (a unique index)
  std::vector<Value> values;   // one per index column
};

// Unique indexes are not native to a key-value store: the planner names, for every write,
// the unique indexes whose entries the write keeps (`unique_indexes`, positions in
// Table::indexes), and the driver keeps exactly those, in the same atomic request as the
// item, in whatever layout it stores them (DynamoDB: a table per index).

// Insert items that must not exist yet, with an entry in each of `unique_indexes` for every
// item whose values there are not NULL. A duplicate primary key or unique value throws
// DbUniqueViolation (table, columns, index name); nothing of the operation is written
// when it fits one DynamoDB transaction. affected = rows.size().
struct InsertItems {
  const db::Schema* schema;
  std::size_t table;
  std::vector<std::size_t> columns;
  std::vector<std::vector<Value>> rows;
  std::vector<std::size_t> unique_indexes = {};
};

// Several inserts, possibly into several tables, as one atomic request (DynamoDB:
// TransactWriteItems), in dependency order (a nested create: parents, the record,
// children). Duplicate keys or unique values, in the database or between the inserts,
// throw DbUniqueViolation for the failing item's table and nothing is written. What does
// not fit one request (DynamoDB: 100 actions, 4 MB) is written insert by insert in order,
// each as InsertItems would, so not atomically. affected = every row.
struct TransactWrite {
  const db::Schema* schema;
  std::vector<InsertItems> inserts;  // each with the same `schema`
};

// Update one item by key, if it exists and `condition` (may be null) holds: affected 1,
// else 0. A NULL value removes the attribute. Key columns cannot be assigned. The entries
// of `unique_indexes` (those with an assigned column) move with the item, atomically; a
// new value another item holds throws DbUniqueViolation.
// An assignment the database computes from the item: column + value, column - value
// (numbers; an atomic increment), or a copy of another column.
struct ComputedAssignment {
  enum class Op : std::uint8_t { Add, Sub, Copy };
  std::size_t column;
  Op op;
  Value value;             // Add / Sub: the amount
  std::size_t source = 0;  // Copy: the column copied
};

struct UpdateByKey {
  const db::Schema* schema;
  std::size_t table;
  std::vector<Value> key;
  std::vector<std::pair<std::size_t, Value>> assignments;  // column, new value
  stmt::ExprPtr condition;
  std::vector<std::size_t> unique_indexes = {};
  std::vector<ComputedAssignment> computed = {};  // never on a column of `unique_indexes`
  // Return the item as the update left it: one row of every column of the table, in order
  // (none when it did not apply).
  bool return_new = false;
};

// Delete items by key, and their entries in `unique_indexes`, each item atomically with its
// entries; affected = how many existed and satisfied `condition` (may be null).
struct DeleteByKey {
  const db::Schema* schema;
  std::size_t table;
  std::vector<std::vector<Value>> keys;
  stmt::ExprPtr condition;
  std::vector<std::size_t> unique_indexes = {};
};

// Every item of a table that passes `filter` (Scan); at most `limit` of them.
struct Scan {
  const db::Schema* schema;
  std::size_t table;
  std::vector<std::size_t> columns;
  stmt::ExprPtr filter;
  std::optional<std::uint64_t> limit;
  bool count_only = false;  // as QueryPk::count_only
};

// SQL the user wrote (Executor::execute, Executor::sql): one statement, its placeholders
// already in the dialect's form, `params` bound in order. Rows come back with the names of
// their columns (Response::columns): a column named like one of `expect`'s decoded as that
// column is, any other as the database gives it.
struct RawSql {
  std::string_view sql;
  std::span<const Value> params;
  const db::Table* expect = nullptr;
  // The text as written, without placeholders (`params` empty): a migration's statements,
  // where a `?` is PostgreSQL's jsonb operator and a dollar-quoted body may hold any quote.
  bool verbatim = false;
};

// One step of a key-value store's migration, in the store's own terms (DynamoDB: a JSON
// object such as {"CreateTable": {...}} or {"UpdateTable": {...}}; the vocabulary is in
// docs/guide/migrations.md). The driver runs it to the end, waiting for what the store
// builds in the background (a new index), and calls `status` while it waits. Running a step
// again after it failed part way finishes it (each step can be repeated). SQL drivers
// refuse it: their migrations are SQL (RawSql).
struct SchemaStep {
  std::string_view step;
  std::function<void(std::string_view)> status = {};
};

using Operation = std::variant<QuerySql, Transaction, PushSchema, GetByKey, QueryPk,
                               FindPkByUnique, InsertItems, UpdateByKey, DeleteByKey, Scan,
                               TransactWrite, RawSql, SchemaStep>;

// Rows flattened in one buffer: one allocation per result, not per row.
struct Rows {
  std::size_t width = 0;
  std::vector<Value> cells;
  std::size_t size() const { return width == 0 ? 0 : cells.size() / width; }
  Value* row(std::size_t i) { return cells.data() + i * width; }
  const Value* row(std::size_t i) const { return cells.data() + i * width; }
};

struct Response {
  Rows rows;                       // statements with `returning` / selects
  std::uint64_t affected = 0;      // inserts/updates/deletes
  std::optional<std::uint64_t> last_insert_id;  // backends without RETURNING
  bool streamed = false;           // the rows went to QuerySql::sink
  std::vector<std::string> columns;  // RawSql: the names of the result's columns
};

// The rows of one read, handed over one at a time in constant memory (Connection::
// open_cursor): SQLite steps its statement, PostgreSQL reads in single-row mode, MySQL
// fetches from the server unbuffered, DynamoDB reads a page (at most 1 MB) at a time. The
// connection serves nothing else while the cursor lives; destroying it ends the read early
// if rows are left (the server stops the statement, or the rest is discarded).
class Cursor {
 public:
  virtual ~Cursor() = default;
  // The next row into `row` (one cell per column read, overwritten); false after the last
  // one. Throws ConnectionError when the connection is lost (the cursor is then done).
  virtual bool next(Value* row) = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Opens a cursor over a select (QuerySql; its `sink` unused) or a key-value read (QueryPk
  // or Scan, whose `limit` counts as in exec()). What `op` points to (statement, schema,
  // arguments) must outlive the cursor. The default runs exec() and hands out its rows: a
  // driver that can read incrementally overrides it.
  virtual std::unique_ptr<Cursor> open_cursor(const Operation& op);
  // Throws toasty::Error subclasses; DbUniqueViolation for duplicates,
  // ConnectionError when the connection is broken (the pool then discards it).
  virtual Response exec(const Operation& op) = 0;
  // What the connection knows of itself, without any system call: false once an
  // operation found it broken. Checked by the pool whenever a connection comes back.
  virtual bool is_healthy() = 0;
  // A check without a round trip that a connection idle for a while is still open: a look
  // at its socket (the server closes it on a restart, a kill, an idle timeout). Checked by
  // the pool before it hands out an idle connection (Options::check_idle_after).
  virtual bool alive() { return is_healthy(); }
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual const Capability& capability() const = 0;
  virtual std::unique_ptr<Connection> connect() = 0;
  // Called once by the pool, before its first connect(), with the most connections it
  // holds at once: a driver may serve a pool of one more cheaply (SQLite in memory).
  virtual void set_pool_size(std::size_t /*max_connections*/) {}
  // Short name for messages: "sqlite", "postgresql", "mysql".
  virtual std::string_view name() const = 0;
};

}  // namespace toasty::driver
