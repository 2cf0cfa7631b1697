// A PostgreSQL connection: statements prepared once per connection (`toasty_s1`, ...,
// at most kCacheCapacity, least recently used DEALLOCATEd), results in binary format,
// a connection-level failure marks it broken so the pool discards it.
#include <charconv>
#include <cstring>
#include <list>
#include <unordered_map>

#include "driver/common/socket.hpp"
#include "pg_internal.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace toasty::postgresql::detail {

namespace {

constexpr std::size_t kCacheCapacity = 256;

void no_notices(void*, const char*) {}

class PgCursor;

class PgConnection final : public driver::Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, no_notices, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  driver::Response exec(const driver::Operation& op) override {
    if (broken_) {
      throw ConnectionError("postgresql: the connection is broken (an earlier operation lost it)", false);
    }
    return std::visit([this](const auto& o) { return run(o); }, op);
  }

  // Cheap: no round trip. A connection whose server went away unnoticed (idle) is found
  // out by the next exec(), which throws ConnectionError and turns this false.
  bool is_healthy() override {
    return !broken_ && PQstatus(conn_) == CONNECTION_OK &&
           PQtransactionStatus(conn_) != PQTRANS_UNKNOWN;
  }
  // An idle session has nothing to say: if its socket has news, libpq reads it (a notice,
  // or the server's goodbye and the end of the stream, which turns the status bad).
  bool alive() override {
    if (!is_healthy()) return false;
    if (driver_common::socket_has_news(PQsocket(conn_))) {
      if (PQconsumeInput(conn_) == 0) broken_ = true;
      while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
    }
    return is_healthy();
  }

 private:
  // Key-value operations (Capability::key_value) are for key-value drivers.
  template <class KeyValueOperation>
  driver::Response run(const KeyValueOperation&) { sql::refuse_key_value("postgresql"); }
  driver::Response run(const driver::QuerySql& q) {
    sql::Prepared s = sql::prepare(q, sql::Dialect::Postgresql);
    Params params(s.params);
    Result res = exec_prepared(s.sql(), params, q.schema);
    driver::Response out;
    const auto types = sql::result_types(*q.statement, *q.schema);
    if (q.sink != nullptr && std::holds_alternative<stmt::Select>(*q.statement) &&
        PQresultStatus(res.get()) == PGRES_TUPLES_OK) {
      // Straight to the caller's structs: one reused row buffer, no table of values.
      std::vector<Value> row(static_cast<std::size_t>(PQnfields(res.get())));
      for (int r = 0; r < PQntuples(res.get()); ++r) {
        decode_row(res.get(), r, types, row.data());
        q.sink->row(q.sink->ctx, row.data());
      }
      out.streamed = true;
      return out;
    }
    decode(res.get(), types, out);
    return out;
  }

 public:
  std::unique_ptr<driver::Cursor> open_cursor(const driver::Operation& op) override;

 private:
  friend class PgCursor;

  driver::Response run(const driver::RawSql& r) {
    const std::string text =
        r.verbatim ? std::string(r.sql) : sql::raw_sql_text(r.sql, sql::Dialect::Postgresql, r.params.size());
    Params params(sql::ParamList::of(r.params));
    Result res = exec_prepared(text, params, nullptr);
    driver::Response out;
    const int ncols = PQnfields(res.get());
    for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(res.get(), c));
    decode(res.get(), sql::raw_sql_types(out.columns, r.expect), out);
    return out;
  }

  driver::Response run(const driver::Transaction& t) {
    const std::string sql = sql::transaction_sql(t, sql::Dialect::Postgresql);
    Result res = simple(sql.c_str(), nullptr);
    if (t.kind == driver::Transaction::Kind::Commit &&
        std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      // COMMIT of a transaction in which a statement failed ends it with a rollback.
      throw DatabaseError("postgresql: COMMIT rolled the transaction back because a statement "
                          "in it had failed");
    }
    return {};
  }

  driver::Response run(const driver::PushSchema& p) {
    if (p.schema == nullptr) throw InvalidStatement("postgresql: PushSchema without schema");
    std::vector<std::string> ddl;
    if (p.drop_existing) ddl = sql::drop_schema(*p.schema, sql::Dialect::Postgresql);
    for (auto& s : sql::create_schema(*p.schema, sql::Dialect::Postgresql)) {
      ddl.push_back(std::move(s));
    }
    // DDL is transactional in PostgreSQL: all tables or none. (Cached statements over
    // recreated tables are planned again by the server, or prepared again by
    // exec_prepared when their result type changed.)
    const bool own_tx = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    if (own_tx) simple("BEGIN", nullptr);
    try {
      for (const auto& stmt : ddl) simple(stmt.c_str(), p.schema);
    } catch (...) {
      if (own_tx && !broken_) {
        Result r(PQexec(conn_, "ROLLBACK"));
      }
      throw;
    }
    if (own_tx) simple("COMMIT", nullptr);
    return {};
  }

  // A statement without parameters through the simple query protocol.
  Result simple(const char* sql, const db::Schema* schema) {
    Result res(PQexec(conn_, sql));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(res.get(), sql, schema);
    return res;
  }

  Result exec_prepared(const std::string& sql, const Params& params, const db::Schema* schema) {
    flush_deallocations();
    for (int attempt = 0;; ++attempt) {
      const std::string& name = prepare(sql, params, schema);
      Result res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.values.size()),
                                params.values.data(), params.lengths.data(),
                                params.formats.data(), /*resultFormat=*/1));
      ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;

      const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
      // The server lost our statement (DISCARD ALL, a pooler), or a table changed shape
      // under a cached plan ("cached plan must not change result type"): forget it and,
      // outside a failed transaction, prepare again once.
      const char* primary = res ? PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      const bool changed_shape = sqlstate_is(state, "0A000") && primary != nullptr &&
                                 std::strstr(primary, "cached plan") != nullptr;
      const bool stale = sqlstate_is(state, "26000") || changed_shape;
      if (stale && PQstatus(conn_) == CONNECTION_OK) {
        forget(sql, /*deallocate=*/changed_shape);
        if (attempt == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) continue;
      }
      fail(res.get(), sql, schema);
    }
  }

  // The name of the prepared statement for `sql`, preparing it on first use.
  const std::string& prepare(const std::string& sql, const Params& params,
                             const db::Schema* schema) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      return it->second.name;
    }
    std::string name = "toasty_s" + std::to_string(next_id_++);
    Result res(PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(params.values.size()),
                         nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), sql, schema);
    if (cache_.size() >= kCacheCapacity) evict_oldest();
    auto [pos, inserted] = cache_.emplace(sql, Entry{std::move(name), {}});
    (void)inserted;
    lru_.push_front(&pos->first);
    pos->second.lru = lru_.begin();
    return pos->second.name;
  }

  void evict_oldest() {
    const std::string* key = lru_.back();
    lru_.pop_back();
    auto it = cache_.find(*key);
    pending_deallocate_.push_back(std::move(it->second.name));
    cache_.erase(it);
  }

  void forget(const std::string& sql, bool deallocate) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return;
    lru_.erase(it->second.lru);
    if (deallocate) pending_deallocate_.push_back(std::move(it->second.name));
    cache_.erase(it);
  }

  // DEALLOCATE evicted statements while the session can run commands.
  void flush_deallocations() {
    if (pending_deallocate_.empty()) return;
    PGTransactionStatusType ts = PQtransactionStatus(conn_);
    if (ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS) return;
    while (!pending_deallocate_.empty()) {
      std::string sql = "DEALLOCATE " + pending_deallocate_.back();
      pending_deallocate_.pop_back();
      Result res(PQexec(conn_, sql.c_str()));
      ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
      if (st != PGRES_COMMAND_OK) {
        const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
        if (sqlstate_is(state, "26000")) {
          // Already gone; inside a transaction this failure aborted it, so report it.
          if (PQtransactionStatus(conn_) == PQTRANS_INERROR) fail(res.get(), sql, nullptr);
          continue;
        }
        fail(res.get(), sql, nullptr);
      }
    }
  }

  // Row `r` of `res` into `row` (its width cells), typed by `types` when it names every column.
  static void decode_row(const PGresult* res, int r, const std::vector<const db::Column*>& types, Value* row) {
    const int ncols = PQnfields(res);
    const bool typed = types.size() == static_cast<std::size_t>(ncols);
    for (int c = 0; c < ncols; ++c) {
      const auto uc = static_cast<std::size_t>(c);
      row[uc] = PQgetisnull(res, r, c) ? Value() : cell(res, r, c, typed ? types[uc] : nullptr, PQftype(res, c));
    }
  }
  static Value cell(const PGresult* res, int r, int c, const db::Column* type, Oid oid) {
    const char* data = PQgetvalue(res, r, c);
    const int len = PQgetlength(res, r, c);
    Value v = type && !type->pg_enum.empty() ? decode_enum(data, len, type->list) : decode_binary(oid, data, len);
    if (type) v = coerce_to(std::move(v), type->type);  // a list's elements too
    return v;
  }

  void decode(PGresult* res, const std::vector<const db::Column*>& types, driver::Response& out) {
    const char* tuples = PQcmdTuples(res);
    if (tuples != nullptr && *tuples != '\0') {
      std::uint64_t n = 0;
      std::from_chars(tuples, tuples + std::strlen(tuples), n);
      out.affected = n;
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK) return;
    const int ncols = PQnfields(res);
    const int nrows = PQntuples(res);
    out.rows.width = static_cast<std::size_t>(ncols);
    out.rows.cells.reserve(static_cast<std::size_t>(ncols) * static_cast<std::size_t>(nrows));
    const bool typed = types.size() == static_cast<std::size_t>(ncols);
    std::vector<Oid> oids(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) oids[static_cast<std::size_t>(c)] = PQftype(res, c);
    for (int r = 0; r < nrows; ++r) {
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) {
          out.rows.cells.emplace_back();
          continue;
        }
        const auto uc = static_cast<std::size_t>(c);
        // A null type: as the database gives it.
        out.rows.cells.push_back(cell(res, r, c, typed ? types[uc] : nullptr, oids[uc]));
      }
    }
  }

  void mark_broken() {
    broken_ = true;
    cache_.clear();
    lru_.clear();
    pending_deallocate_.clear();
  }

  [[noreturn]] void fail(const PGresult* res, std::string_view sql, const db::Schema* schema) {
    if (connection_lost(conn_, res)) mark_broken();
    throw_error(conn_, res, sql, schema);
  }

  struct Entry {
    std::string name;
    std::list<const std::string*>::iterator lru;
  };

  PGconn* conn_;
  bool broken_ = false;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::string, Entry> cache_;  // SQL text → prepared statement
  std::list<const std::string*> lru_;              // keys of cache_, most recent first
  std::vector<std::string> pending_deallocate_;
};

// A select in single-row mode: libpq hands over each row as it arrives, so memory stays
// that of one row. Ending early cancels the statement on the server (outside a transaction;
// inside one a cancel would abort it, so the rest is read and dropped) and reads what
// libpq still has, leaving the connection ready for the next statement.
class PgCursor final : public driver::Cursor {
 public:
  PgCursor(PgConnection& c, const driver::QuerySql& q)
      : c_(c),
        prepared_(sql::prepare(q, sql::Dialect::Postgresql)),
        params_(prepared_.params),
        types_(sql::result_types(*q.statement, *q.schema)),
        schema_(q.schema) {
    c_.flush_deallocations();
    in_transaction_ = PQtransactionStatus(c_.conn_) != PQTRANS_IDLE;
    start();
  }
  ~PgCursor() override {
    if (done_) return;
    if (!in_transaction_) {
      if (PGcancel* cancel = PQgetCancel(c_.conn_)) {
        char why[256];
        PQcancel(cancel, why, sizeof why);  // best effort: draining works either way
        PQfreeCancel(cancel);
      }
    }
    drain();
  }
  PgCursor(const PgCursor&) = delete;
  PgCursor& operator=(const PgCursor&) = delete;

  bool next(Value* row) override {
    if (done_) return false;
    Result res(PQgetResult(c_.conn_));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_SINGLE_TUPLE) {
      PgConnection::decode_row(res.get(), 0, types_, row);
      return true;
    }
    drain();
    if (st != PGRES_TUPLES_OK) c_.fail(res.get(), prepared_.sql(), schema_);
    return false;
  }

 private:
  void start() {
    const std::string& sql = prepared_.sql();
    const std::string& name = c_.prepare(sql, params_, schema_);
    if (PQsendQueryPrepared(c_.conn_, name.c_str(), static_cast<int>(params_.values.size()), params_.values.data(),
                            params_.lengths.data(), params_.formats.data(), /*resultFormat=*/1) == 0 ||
        PQsetSingleRowMode(c_.conn_) == 0) {
      done_ = true;
      c_.fail(nullptr, sql, schema_);
    }
  }
  // Reads libpq's remaining results; a connection lost meanwhile is marked broken.
  void drain() {
    done_ = true;
    while (PGresult* r = PQgetResult(c_.conn_)) PQclear(r);
    if (PQstatus(c_.conn_) != CONNECTION_OK) c_.mark_broken();
  }

  PgConnection& c_;
  sql::Prepared prepared_;
  Params params_;  // points into prepared_
  std::vector<const db::Column*> types_;
  const db::Schema* schema_;
  bool in_transaction_ = false;
  bool done_ = false;
};

std::unique_ptr<driver::Cursor> PgConnection::open_cursor(const driver::Operation& op) {
  if (broken_) throw ConnectionError("postgresql: the connection is broken (an earlier operation lost it)", false);
  const auto* q = std::get_if<driver::QuerySql>(&op);
  if (q == nullptr || !std::holds_alternative<stmt::Select>(*q->statement)) return Connection::open_cursor(op);
  return std::make_unique<PgCursor>(*this, *q);
}

}  // namespace

std::unique_ptr<driver::Connection> make_connection(PGconn* conn) { return std::make_unique<PgConnection>(conn); }

}  // namespace toasty::postgresql::detail
