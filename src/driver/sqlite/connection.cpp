// One sqlite3 handle: statement cache, QuerySql, transactions, schema push.
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "core/text.hpp"
#include "internal.hpp"
#include "toasty/error.hpp"
#include "sql/json_list.hpp"
#include "sql/serializer.hpp"

namespace toasty::sqlite::detail {

namespace {

// More distinct statement texts than this (IN lists of many lengths, ...) and the cache
// starts over rather than growing without bound.
constexpr std::size_t kMaxCachedStatements = 256;

// Resets the statement and drops its bindings (which point into the caller's parameters)
// whatever way the execution ends; the reset also releases the statement's read lock.
struct ResetGuard {
  sqlite3_stmt* stmt;
  ~ResetGuard() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

// Result column `i` as `column` holds it (a JSON array's text as a list); without a
// column, as SQLite gives it.
Value read_cell(sqlite3_stmt* stmt, int i, const db::Column* column) {
  if (column && column->list) {
    Value text = read_column(stmt, i, std::nullopt);
    return text.is_string() ? sql::decode_json_list(text.as_string(), column->type) : text;
  }
  return read_column(stmt, i, column ? std::optional<ScalarType>(column->type) : std::nullopt);
}

// What a QuerySql statement reads back: the table and the columns of each result row.
struct Shape {
  const db::Table* table = nullptr;
  const std::vector<std::size_t>* returning = nullptr;
  bool rows = false;     // the statement produces rows
  bool insert = false;
  bool select = false;
  // A grouped select: the type of each result column (groups' values, then aggregates).
  std::vector<const db::Column*> types;
};

Shape shape_of(const stmt::Statement& st, const db::Schema& schema) {
  Shape s;
  auto table = [&](std::size_t id) -> const db::Table* {
    return id < schema.tables.size() ? &schema.tables[id] : nullptr;
  };
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        s.table = table(x.target);
        if constexpr (std::is_same_v<T, stmt::Select>) {
          // A count or aggregates: values as SQLite gives them (the caller converts them).
          s.returning = x.count || !x.aggregates.empty() ? nullptr : &x.returning;
          s.rows = true;
          s.select = true;
          if (!x.group_by.empty()) s.types = sql::result_types(st, schema);
        } else if constexpr (std::is_same_v<T, stmt::Insert>) {
          s.returning = &x.returning;
          s.rows = !x.returning.empty();
          s.insert = true;
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          s.returning = &x.returning;
          s.rows = !x.returning.empty();
        }
      },
      st);
  return s;
}

int decimal_collation(void*, int na, const void* a, int nb, const void* b) {
  return toasty::detail::compare_decimal_text(
      std::string_view(static_cast<const char*>(a), static_cast<std::size_t>(na)),
      std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(nb)));
}

// toasty_like(pattern, text): LIKE with ExprTextMatch::kLikeEscape, case-sensitive as on the
// other backends (SQLite's own LIKE ignores ASCII case). NULL when either is NULL.
void like_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto text_of = [](sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
  };
  const std::string_view pattern = text_of(argv[0]);
  const std::string_view text = text_of(argv[1]);
  sqlite3_result_int(ctx, toasty::text::like_match(text, pattern, stmt::ExprTextMatch::kLikeEscape) ? 1 : 0);
}

}  // namespace

sqlite3* open_handle(const std::string& filename, const char* vfs, std::string_view description) {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is used by one thread at a time (the pool hands it out).
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                    SQLITE_OPEN_EXRESCODE;  // extended result codes from the open too
  int rc = sqlite3_open_v2(filename.c_str(), &db, flags, vfs);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw ConnectionError("toasty: cannot open SQLite database " + std::string(description) + ": " +
                          message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(kWriteWait.count()));
  // Decimal columns are TEXT COLLATE toasty_decimal: comparisons, ORDER BY and indexes by
  // value, exactly (REAL would round beyond 15 digits, text order puts "10" before "9").
  sqlite3_create_collation_v2(db, "toasty_decimal", SQLITE_UTF8, nullptr, decimal_collation, nullptr);
  sqlite3_create_function_v2(db, "toasty_like", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                             like_function, nullptr, nullptr, nullptr);
  char* err = nullptr;
  rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    sqlite3_close_v2(db);
    throw ConnectionError("toasty: cannot configure SQLite database " + std::string(description) +
                          ": " + message);
  }
  return db;
}

SqliteConnection::~SqliteConnection() {
  clear_cache();
  if (owned_) {
    sqlite3_close_v2(db_);  // an open transaction is rolled back
  } else if (sqlite3_get_autocommit(db_) == 0) {
    // The next connection on this handle starts clean.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  if (writing_) end_write_turn();
}

void SqliteConnection::take_write_turn() {
  if (!gate_->acquire(kWriteWait))
    throw DatabaseError("toasty: sqlite: waited " + std::to_string(kWriteWait.count() / 1000) +
                        " s for the database's write lock, which another connection of this Db kept (a "
                        "transaction left open, perhaps by the same thread?)");
  writing_ = true;
}

void SqliteConnection::end_write_turn() {
  writing_ = false;
  gate_->release();
}

void SqliteConnection::clear_cache() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
  by_slot_.clear();  // its statements are those of cache_
}

sqlite3_stmt* SqliteConnection::prepare_cached(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCachedStatements) clear_cache();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1,
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throw_error(db_, rc, sql);
  if (stmt == nullptr) throw InvalidStatement("toasty: sqlite: empty SQL statement");
  cache_.emplace(sql, stmt);
  return stmt;
}

void SqliteConnection::exec_uncached(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()) + 1, &stmt, nullptr);
  if (rc != SQLITE_OK) throw_error(db_, rc, sql);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    rc = sqlite3_extended_errcode(db_);
    std::string message = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    throw DatabaseError("toasty: sqlite: " + message + " (sqlite code " + std::to_string(rc) +
                        ", executing: " + sql + ")");
  }
  sqlite3_finalize(stmt);
}

driver::Response SqliteConnection::exec(const driver::Operation& op) {
  if (db_ == nullptr) throw ConnectionError("toasty: sqlite: the connection is closed");
  return std::visit(
      [&](const auto& o) -> driver::Response {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, driver::QuerySql>) {
          return query(o);
        } else if constexpr (std::is_same_v<T, driver::Transaction>) {
          return transaction(o);
        } else if constexpr (std::is_same_v<T, driver::PushSchema>) {
          return push_schema(o);
        } else if constexpr (std::is_same_v<T, driver::RawSql>) {
          return raw(o);
        } else {  // key-value operations (Capability::key_value)
          sql::refuse_key_value("sqlite");
        }
      },
      op);
}

driver::Response SqliteConnection::query(const driver::QuerySql& q) {
  sql::Prepared s = sql::prepare(q, sql::Dialect::Sqlite);
  const Shape shape = shape_of(*q.statement, *q.schema);
  const std::string_view table_name = shape.table != nullptr ? std::string_view(shape.table->name)
                                                             : std::string_view{};

  // A write waits for its turn; it ends once the statement is reset (declared first,
  // destroyed last).
  std::optional<WriteTurn> turn;
  if (!shape.select) turn.emplace(this);

  // A statement of the engine's plan cache is found by its slot: no hashing of its SQL.
  sqlite3_stmt* stmt = nullptr;
  if (q.slot != nullptr) {
    auto it = by_slot_.find(q.slot);
    stmt = it != by_slot_.end() ? it->second : by_slot_.emplace(q.slot, prepare_cached(s.sql())).first->second;
  } else {
    stmt = prepare_cached(s.sql());
  }
  ResetGuard guard{stmt};
  for (std::size_t i = 0; i < s.params.size(); ++i) {
    bind_value(db_, stmt, static_cast<int>(i + 1), s.params[i], s.sql());
  }

  driver::Response response;
  const int width = sqlite3_column_count(stmt);
  if (shape.rows) {
    response.rows.width = static_cast<std::size_t>(width);
  }
  // Schema column of a result column, to decode bools, unsigned integers, UUIDs, lists...
  auto column = [&](int i) -> const db::Column* {
    const auto k = static_cast<std::size_t>(i);
    if (!shape.types.empty()) return k < shape.types.size() ? shape.types[k] : nullptr;
    if (shape.table == nullptr || shape.returning == nullptr || k >= shape.returning->size()) return nullptr;
    const std::size_t c = (*shape.returning)[k];
    return c < shape.table->columns.size() ? &shape.table->columns[c] : nullptr;
  };
  auto cell = [&](int i) { return read_cell(stmt, i, column(i)); };

  int rc;
  if (q.sink != nullptr && shape.select && shape.rows) {
    // Straight to the caller's structs: one row buffer, kept by the connection for the
    // next read, no table of values.
    row_.resize(static_cast<std::size_t>(width));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int i = 0; i < width; ++i) row_[static_cast<std::size_t>(i)] = cell(i);
      q.sink->row(q.sink->ctx, row_.data());
    }
    response.streamed = true;
  } else {
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!shape.rows) continue;
      if (response.rows.cells.empty()) response.rows.cells.reserve(static_cast<std::size_t>(width));
      for (int i = 0; i < width; ++i) response.rows.cells.push_back(cell(i));
    }
  }
  if (rc != SQLITE_DONE) throw_error(db_, sqlite3_extended_errcode(db_), s.sql(), table_name);

  if (!shape.select) response.affected = static_cast<std::uint64_t>(sqlite3_changes64(db_));
  if (shape.insert && !shape.rows) {
    // The rowid of the last row inserted (SQLite reports no other).
    response.last_insert_id = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db_));
  }
  return response;
}

namespace {

// A select stepped row by row on a statement of its own (the cache's statements stay free
// for other work on the connection), finalized when the cursor goes.
class SqliteCursor final : public driver::Cursor {
 public:
  SqliteCursor(sqlite3* db, const driver::QuerySql& q)
      : db_(db), prepared_(sql::prepare(q, sql::Dialect::Sqlite)), shape_(shape_of(*q.statement, *q.schema)) {
    const std::string& text = prepared_.sql();
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()) + 1, &stmt, nullptr);
    stmt_.reset(stmt);
    if (rc != SQLITE_OK) throw_error(db_, sqlite3_extended_errcode(db_), text);
    for (std::size_t i = 0; i < prepared_.params.size(); ++i)
      bind_value(db_, stmt, static_cast<int>(i + 1), prepared_.params[i], text);
    width_ = static_cast<std::size_t>(sqlite3_column_count(stmt));
  }

  bool next(Value* row) override {
    if (done_) return false;
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_DONE) {
      done_ = true;
      sqlite3_reset(stmt_.get());  // releases the read snapshot now, not at destruction
      return false;
    }
    if (rc != SQLITE_ROW) {
      done_ = true;
      throw_error(db_, sqlite3_extended_errcode(db_), prepared_.sql());
    }
    for (std::size_t i = 0; i < width_; ++i) row[i] = read_cell(stmt_.get(), static_cast<int>(i), column(i));
    return true;
  }

 private:
  const db::Column* column(std::size_t k) const {
    if (!shape_.types.empty()) return k < shape_.types.size() ? shape_.types[k] : nullptr;
    if (shape_.table == nullptr || shape_.returning == nullptr || k >= shape_.returning->size()) return nullptr;
    const std::size_t c = (*shape_.returning)[k];
    return c < shape_.table->columns.size() ? &shape_.table->columns[c] : nullptr;
  }

  sqlite3* db_;
  sql::Prepared prepared_;  // the bound values point into it
  Shape shape_;
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
  std::size_t width_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<driver::Cursor> SqliteConnection::open_cursor(const driver::Operation& op) {
  if (db_ == nullptr) throw ConnectionError("toasty: sqlite: the connection is closed");
  const auto* q = std::get_if<driver::QuerySql>(&op);
  if (q == nullptr || !std::holds_alternative<stmt::Select>(*q->statement)) return Connection::open_cursor(op);
  return std::make_unique<SqliteCursor>(db_, *q);
}

driver::Response SqliteConnection::raw(const driver::RawSql& r) {
  const std::string text =
      r.verbatim ? std::string(r.sql) : sql::raw_sql_text(r.sql, sql::Dialect::Sqlite, r.params.size());
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()) + 1, &stmt, &tail);
  if (rc != SQLITE_OK) throw_error(db_, rc, text);
  if (stmt == nullptr) throw InvalidStatement("toasty: sqlite: empty SQL statement");
  struct Finalize {
    sqlite3_stmt* s;
    ~Finalize() { sqlite3_finalize(s); }
  } finalize{stmt};
  for (const char* p = tail; p && *p; ++p)
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';')
      throw InvalidStatement("toasty: sqlite: one statement at a time: " + sql::excerpt(text));
  // A statement that writes waits for its turn, as the ORM's own writes do.
  std::optional<WriteTurn> turn;
  const bool writes = sqlite3_stmt_readonly(stmt) == 0;
  if (writes) turn.emplace(this);
  for (std::size_t i = 0; i < r.params.size(); ++i) bind_value(db_, stmt, static_cast<int>(i + 1), r.params[i], text);
  driver::Response response;
  const int width = sqlite3_column_count(stmt);
  for (int i = 0; i < width; ++i) response.columns.emplace_back(sqlite3_column_name(stmt, i));
  const std::vector<const db::Column*> types = sql::raw_sql_types(response.columns, r.expect);
  response.rows.width = static_cast<std::size_t>(width);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    for (int i = 0; i < width; ++i) response.rows.cells.push_back(read_cell(stmt, i, types[static_cast<std::size_t>(i)]));
  if (rc != SQLITE_DONE) throw_error(db_, sqlite3_extended_errcode(db_), text);
  response.affected = writes ? static_cast<std::uint64_t>(sqlite3_changes64(db_)) : response.rows.size();
  return response;
}

driver::Response SqliteConnection::transaction(const driver::Transaction& t) {
  using Kind = driver::Transaction::Kind;
  const bool ends = t.kind == Kind::Commit || t.kind == Kind::Rollback;
  // A read-only transaction runs with PRAGMA query_only, turned off again when it ends.
  struct QueryOnlyOff {
    SqliteConnection* c;
    bool on;
    ~QueryOnlyOff() {
      if (on && sqlite3_get_autocommit(c->db_) != 0) {
        sqlite3_exec(c->db_, "PRAGMA query_only = 0", nullptr, nullptr, nullptr);
        c->query_only_ = false;
      }
    }
  } query_only_off{this, ends && query_only_};
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) roll the transaction back by themselves;
  // rolling back then is a no-op, not an error.
  if (t.kind == Kind::Rollback && sqlite3_get_autocommit(db_) != 0) return {};
  const std::string sql = sql::transaction_sql(t, sql::Dialect::Sqlite);
  const bool begin = t.kind == Kind::Begin;
  // BEGIN IMMEDIATE writes: its turn first. A read-only BEGIN DEFERRED takes none.
  if (begin && !t.read_only && gate_ && !writing_) take_write_turn();
  int rc;
  {
    sqlite3_stmt* stmt = prepare_cached(sql);
    ResetGuard guard{stmt};
    rc = sqlite3_step(stmt);
  }
  // The turn lasts while a transaction is open: it ends with COMMIT or ROLLBACK, with a
  // BEGIN that failed, or with an error that rolled the transaction back by itself.
  if (writing_ && sqlite3_get_autocommit(db_) != 0) end_write_turn();
  if (rc != SQLITE_DONE) throw_error(db_, sqlite3_extended_errcode(db_), sql);
  if (begin && t.read_only) {
    exec_uncached("PRAGMA query_only = 1");
    query_only_ = true;
  }
  return {};
}

driver::Response SqliteConnection::push_schema(const driver::PushSchema& p) {
  if (p.schema == nullptr) throw InvalidStatement("toasty: sqlite: PushSchema without a schema");
  std::vector<std::string> statements;
  if (p.drop_existing) statements = sql::drop_schema(*p.schema, sql::Dialect::Sqlite);
  for (std::string& s : sql::create_schema(*p.schema, sql::Dialect::Sqlite)) {
    statements.push_back(std::move(s));
  }
  // DDL is transactional in SQLite: all tables and indexes, or none.
  WriteTurn turn(this);
  const bool own_transaction = sqlite3_get_autocommit(db_) != 0;
  if (own_transaction) exec_uncached("BEGIN IMMEDIATE");
  try {
    for (const std::string& sql : statements) exec_uncached(sql);
    if (own_transaction) exec_uncached("COMMIT");
  } catch (...) {
    if (own_transaction && sqlite3_get_autocommit(db_) == 0) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    throw;
  }
  return {};
}

}  // namespace toasty::sqlite::detail
