// A MySQL / MariaDB connection: server-side prepared statements, one per distinct SQL
// text, in an LRU cache of kCacheCapacity (evicted ones are closed); a connection-level
// failure marks it broken so the pool discards it.
#include <list>
#include <optional>
#include <unordered_map>

#include "driver/common/socket.hpp"
#include "my_internal.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace toasty::mysql::detail {

namespace {

constexpr std::size_t kCacheCapacity = 256;

class MyCursor;

class MyConnection final : public driver::Connection, StatementErrors {
 public:
  explicit MyConnection(MYSQL* conn) : conn_(conn) {}
  ~MyConnection() override {
    close_statements();
    mysql_close(conn_);
  }
  MyConnection(const MyConnection&) = delete;
  MyConnection& operator=(const MyConnection&) = delete;

  driver::Response exec(const driver::Operation& op) override {
    if (broken_) {
      close_statements();  // their server side is gone with the session
      throw ConnectionError("mysql: the connection is broken (an earlier operation lost it)", false);
    }
    return std::visit([this](const auto& o) { return run(o); }, op);
  }

  // No round trip (see the file comment): false once an operation lost the connection.
  bool is_healthy() override { return !broken_; }
  // The server never speaks first to an idle session: anything on its socket is a goodbye
  // (KILL, shutdown, wait_timeout's error packet) or the end of the stream.
  bool alive() override {
    if (!broken_ && driver_common::socket_has_news(static_cast<int>(mysql_get_socket(conn_)))) broken_ = true;
    return !broken_;
  }

  // Runs a statement without parameters or results over the text protocol.
  void query(std::string_view sql, const Context& ctx) {
    if (mysql_real_query(conn_, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    }
    // Statements such as SET or DDL return no rows; drain anything unexpected.
    if (MYSQL_RES* r = mysql_store_result(conn_)) mysql_free_result(r);
  }

 private:
  // Key-value operations (Capability::key_value) are for key-value drivers.
  template <class KeyValueOperation>
  driver::Response run(const KeyValueOperation&) { sql::refuse_key_value("mysql"); }
  driver::Response run(const driver::QuerySql& q) {
    sql::Prepared s = sql::prepare(q, sql::Dialect::Mysql);
    Context ctx{s.sql(), q.schema, q.statement};
    ParamBinds params(s.params);
    MYSQL_STMT* st = execute(s.sql(), params, ctx);
    driver::Response out;
    const bool select = std::holds_alternative<stmt::Select>(*q.statement);
    read_results(st, sql::result_types(*q.statement, *q.schema), ctx, out, *this, nullptr,
                 select ? q.sink : nullptr);
    if (std::holds_alternative<stmt::Insert>(*q.statement)) {
      if (std::uint64_t id = mysql_stmt_insert_id(st); id != 0) out.last_insert_id = id;
    }
    return out;
  }

  driver::Response run(const driver::RawSql& r) {
    const std::string text =
        r.verbatim ? std::string(r.sql) : sql::raw_sql_text(r.sql, sql::Dialect::Mysql, r.params.size());
    Context ctx{text, nullptr, nullptr};
    ParamBinds params(sql::ParamList::of(r.params));
    MYSQL_STMT* st = execute(text, params, ctx);
    driver::Response out;
    read_results(st, {}, ctx, out, *this, &r);
    return out;
  }

  friend class MyCursor;

 public:
  std::unique_ptr<driver::Cursor> open_cursor(const driver::Operation& op) override;

 private:
  // The prepared statement of `sql` (cached), bound to `params` and executed; its results
  // are the caller's to read.
  MYSQL_STMT* execute(const std::string& sql, ParamBinds& params, const Context& ctx) {
    for (int attempt = 0;; ++attempt) {
      MYSQL_STMT* st = prepare(sql, ctx);
      if (mysql_stmt_param_count(st) != params.binds.size()) {
        throw InvalidStatement("mysql: statement has " + std::to_string(mysql_stmt_param_count(st)) +
                               " placeholders but " + std::to_string(params.binds.size()) + " values: " +
                               sql::excerpt(sql));
      }
      if (!params.binds.empty() && mysql_stmt_bind_param(st, params.binds.data()) != 0) raise_stmt(st, ctx);
      if (mysql_stmt_execute(st) == 0) return st;
      unsigned err = mysql_stmt_errno(st);
      // The server lost or must re-prepare the statement: prepare it again once.
      if ((err == 1615 /* ER_NEED_REPREPARE */ || err == 1243 /* ER_UNKNOWN_STMT_HANDLER */) && attempt == 0) {
        forget(sql);
        continue;
      }
      raise_stmt(st, ctx);
    }
  }

  driver::Response run(const driver::Transaction& t) {
    if (std::string level = sql::isolation_sql(t, sql::Dialect::Mysql); !level.empty()) query(level, Context{level});
    const std::string sql = sql::transaction_sql(t, sql::Dialect::Mysql);
    query(sql, Context{sql});
    return {};
  }

  driver::Response run(const driver::PushSchema& p) {
    if (p.schema == nullptr) throw InvalidStatement("mysql: PushSchema without schema");
    // MySQL DDL commits implicitly; statements run one by one. (Cached statements over
    // recreated tables are re-prepared by the server, or by run() on ER_NEED_REPREPARE.)
    std::vector<std::string> ddl;
    if (p.drop_existing) ddl = sql::drop_schema(*p.schema, sql::Dialect::Mysql);
    for (auto& s : sql::create_schema(*p.schema, sql::Dialect::Mysql, table_collation())) ddl.push_back(std::move(s));
    for (const auto& text : ddl) query(text, Context{text, p.schema});
    return {};
  }

  // The binary NO PAD collation of the server reached: MariaDB's, or MySQL 8's. MySQL 5.7
  // has none; its tables pad (docs/guide/databases.md).
  std::string_view table_collation() const {
    std::string_view info = mysql_get_server_info(conn_);
    if (info.find("MariaDB") != std::string_view::npos) return sql::kMariadbCollation;
    return mysql_get_server_version(conn_) >= 80000 ? sql::kMysql8Collation : std::string_view("utf8mb4_bin");
  }

  MYSQL_STMT* prepare(const std::string& sql, const Context& ctx) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      return it->second.stmt;
    }
    MYSQL_STMT* st = mysql_stmt_init(conn_);
    if (st == nullptr) raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    my_bool update_max_length = 1;
    mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max_length);
    if (mysql_stmt_prepare(st, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      unsigned err = mysql_stmt_errno(st);
      std::string msg = mysql_stmt_error(st);
      mysql_stmt_close(st);
      raise(err, msg, ctx);
    }
    if (cache_.size() >= kCacheCapacity) {
      auto old = cache_.find(*lru_.back());
      lru_.pop_back();
      mysql_stmt_close(old->second.stmt);
      cache_.erase(old);
    }
    auto [pos, inserted] = cache_.emplace(sql, Entry{st, {}});
    (void)inserted;
    lru_.push_front(&pos->first);
    pos->second.lru = lru_.begin();
    return st;
  }

  void forget(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return;
    lru_.erase(it->second.lru);
    mysql_stmt_close(it->second.stmt);
    cache_.erase(it);
  }

  void close_statements() {
    for (auto& [sql, entry] : cache_) mysql_stmt_close(entry.stmt);
    cache_.clear();
    lru_.clear();
  }

  [[noreturn]] void raise_stmt(MYSQL_STMT* st, const Context& ctx) override {
    unsigned err = mysql_stmt_errno(st);
    if (err == 0) raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    raise(err, mysql_stmt_error(st), ctx, mysql_stmt_sqlstate(st));
  }

  [[noreturn]] void raise(unsigned err, std::string msg, const Context& ctx, const char* sqlstate = nullptr) {
    // The statements are closed by the next exec() or the destructor, not here: the one
    // that failed may still be in use further up the stack.
    if (is_connection_error(err)) broken_ = true;
    if (sqlstate == nullptr) sqlstate = mysql_sqlstate(conn_);
    throw_error(err, std::move(msg), sqlstate != nullptr ? sqlstate : "", ctx);
  }

  struct Entry {
    MYSQL_STMT* stmt;
    std::list<const std::string*>::iterator lru;
  };

  MYSQL* conn_;
  bool broken_ = false;
  std::unordered_map<std::string, Entry> cache_;  // SQL text → prepared statement
  std::list<const std::string*> lru_;              // keys of cache_, most recent first
};

// A select whose rows are fetched from the server as they are read (no store_result): the
// client holds one row. It runs on a statement of its own, closed with the cursor; closing
// it early reads and drops the rows the server still sends, leaving the connection ready.
class MyCursor final : public driver::Cursor {
 public:
  MyCursor(MyConnection& c, const driver::QuerySql& q)
      : c_(c), prepared_(sql::prepare(q, sql::Dialect::Mysql)), ctx_{prepared_.sql(), q.schema, q.statement},
        params_(prepared_.params) {
    st_ = mysql_stmt_init(c_.conn_);
    if (st_ == nullptr) c_.raise(mysql_errno(c_.conn_), mysql_error(c_.conn_), ctx_);
    const std::string& sql = prepared_.sql();
    if (mysql_stmt_prepare(st_, sql.data(), static_cast<unsigned long>(sql.size())) != 0 ||
        (!params_.binds.empty() && mysql_stmt_bind_param(st_, params_.binds.data()) != 0) ||
        mysql_stmt_execute(st_) != 0)
      fail();
    reader_.emplace(st_, sql::result_types(*q.statement, *q.schema), ctx_, static_cast<StatementErrors&>(c_));
  }
  ~MyCursor() override {
    reader_.reset();
    if (st_ != nullptr) mysql_stmt_close(st_);
  }
  MyCursor(const MyCursor&) = delete;
  MyCursor& operator=(const MyCursor&) = delete;

  bool next(Value* row) override {
    if (done_) return false;
    try {
      if (reader_->next(row)) return true;
    } catch (...) {
      done_ = true;
      throw;
    }
    done_ = true;
    return false;
  }

 private:
  [[noreturn]] void fail() {
    unsigned err = mysql_stmt_errno(st_);
    std::string msg = mysql_stmt_error(st_);
    std::string state = mysql_stmt_sqlstate(st_);
    mysql_stmt_close(st_);
    st_ = nullptr;
    if (err == 0) c_.raise(mysql_errno(c_.conn_), mysql_error(c_.conn_), ctx_);
    c_.raise(err, std::move(msg), ctx_, state.c_str());
  }

  MyConnection& c_;
  sql::Prepared prepared_;
  Context ctx_;        // points into prepared_
  ParamBinds params_;  // points into prepared_
  MYSQL_STMT* st_ = nullptr;
  std::optional<RowReader> reader_;
  bool done_ = false;
};

std::unique_ptr<driver::Cursor> MyConnection::open_cursor(const driver::Operation& op) {
  if (broken_) {
    close_statements();
    throw ConnectionError("mysql: the connection is broken (an earlier operation lost it)", false);
  }
  const auto* q = std::get_if<driver::QuerySql>(&op);
  if (q == nullptr || !std::holds_alternative<stmt::Select>(*q->statement)) return Connection::open_cursor(op);
  return std::make_unique<MyCursor>(*this, *q);
}

}  // namespace

std::unique_ptr<driver::Connection> make_connection(MYSQL* m) {
  auto conn = std::make_unique<MyConnection>(m);
  // Strict mode: out-of-range values and missing NOT NULL values are errors, never
  // silently clamped or defaulted (for non-transactional tables too).
  conn->query("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), "
              "'STRICT_ALL_TABLES')",
              Context{});
  return conn;
}

}  // namespace toasty::mysql::detail
