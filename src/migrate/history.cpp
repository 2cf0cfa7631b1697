#include "migrate/history.hpp"

#include "sql/serializer.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

// Any 64-bit number unlikely to be another application's advisory lock.
constexpr std::int64_t kPgLockKey = 0x746f61737479;  // "toasty"
constexpr std::string_view kMysqlLockName = "toasty_migrations";
constexpr int kMysqlLockWaitSeconds = 600;

std::string text_at(const driver::Response& r, std::size_t row, std::size_t col) {
  const Value& v = r.rows.row(row)[col];
  return v.is_null() ? std::string() : v.as_string();
}

class SqlHistory final : public History {
 public:
  SqlHistory(driver::Connection& conn, sql::Dialect dialect) : conn_(conn), dialect_(dialect) {}

  void lock() override;
  void unlock() noexcept override;
  void create_table() override;
  std::vector<HistoryRow> rows() override;
  std::optional<HistoryRow> row(const std::string& id) override;
  void insert(const HistoryRow& row) override;
  void update(const HistoryRow& row) override;
  void remove(const std::string& id) override;
  void run(const std::string& sql, const std::function<void(std::string_view)>&) override {
    conn_.exec(driver::RawSql{sql, {}, nullptr, true});  // as written: a `?` there is SQL's
  }
  void begin() override { conn_.exec(driver::Transaction{driver::Transaction::Kind::Begin}); }
  void commit() override { conn_.exec(driver::Transaction{driver::Transaction::Kind::Commit}); }
  void rollback() noexcept override;

 private:
  driver::Response exec(const std::string& sql, std::vector<Value> params = {}) {
    return conn_.exec(driver::RawSql{sql, params});
  }
  // RawSql takes `?` on every dialect (the drivers number them for PostgreSQL).
  std::string param(std::size_t) const { return "?"; }
  std::string table() const { return sql::quote_identifier(kHistoryTable, dialect_); }

  driver::Connection& conn_;
  sql::Dialect dialect_;
  bool locked_ = false;
};

}  // namespace

std::unique_ptr<History> make_history(driver::Connection& conn, std::string_view driver) {
  if (driver == "dynamodb") return make_kv_history(conn);
  if (auto dialect = sql::dialect_of_driver(driver)) return std::make_unique<SqlHistory>(conn, *dialect);
  throw MigrationError("toasty: migrations run on SQLite, PostgreSQL, MySQL/MariaDB and DynamoDB, not on " +
                       std::string(driver));
}

std::string checksum(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 15];
  return out;
}

void SqlHistory::lock() {
  if (dialect_ == sql::Dialect::Postgresql) {
    exec("SELECT 1 FROM pg_advisory_lock(" + std::to_string(kPgLockKey) + ")");  // void: no column to read
  } else if (dialect_ == sql::Dialect::Mysql) {
    auto r = exec("SELECT GET_LOCK(?, ?)", {Value(std::string(kMysqlLockName)), Value(std::int64_t{kMysqlLockWaitSeconds})});
    if (r.rows.size() != 1 || r.rows.row(0)[0].is_null() || r.rows.row(0)[0].as_i64() != 1)
      throw MigrationError("toasty: another process has been migrating this database for " +
                           std::to_string(kMysqlLockWaitSeconds / 60) +
                           " minutes (it holds the lock \"toasty_migrations\"); try again when it is done");
  }
  locked_ = true;
}

void SqlHistory::unlock() noexcept {
  if (!locked_) return;
  locked_ = false;
  try {
    if (dialect_ == sql::Dialect::Postgresql) exec("SELECT pg_advisory_unlock(" + std::to_string(kPgLockKey) + ")");
    else if (dialect_ == sql::Dialect::Mysql) exec("SELECT RELEASE_LOCK(?)", {Value(std::string(kMysqlLockName))});
  } catch (...) {
    // The lock ends with the connection anyway.
  }
}

void SqlHistory::create_table() {
  const std::string text = dialect_ == sql::Dialect::Mysql ? "VARCHAR(255)" : "TEXT";
  exec("CREATE TABLE IF NOT EXISTS " + table() + " (" + sql::quote_identifier("id", dialect_) +
       " VARCHAR(64) NOT NULL PRIMARY KEY, " + sql::quote_identifier("name", dialect_) + " " + text + " NOT NULL, " +
       sql::quote_identifier("checksum", dialect_) + " VARCHAR(32) NOT NULL, " +
       sql::quote_identifier("applied_at", dialect_) + " VARCHAR(32) NOT NULL, " +
       sql::quote_identifier("duration_ms", dialect_) + " BIGINT NOT NULL, " +
       sql::quote_identifier("status", dialect_) + " VARCHAR(16) NOT NULL, " +
       sql::quote_identifier("statements_done", dialect_) + " BIGINT NOT NULL)");
}

std::vector<HistoryRow> SqlHistory::rows() {
  auto r = exec("SELECT " + sql::quote_identifier("id", dialect_) + ", " + sql::quote_identifier("name", dialect_) +
                ", " + sql::quote_identifier("checksum", dialect_) + ", " +
                sql::quote_identifier("applied_at", dialect_) + ", " +
                sql::quote_identifier("duration_ms", dialect_) + ", " + sql::quote_identifier("status", dialect_) +
                ", " + sql::quote_identifier("statements_done", dialect_) + " FROM " + table() + " ORDER BY " +
                sql::quote_identifier("id", dialect_));
  std::vector<HistoryRow> out;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    HistoryRow h;
    h.id = text_at(r, i, 0);
    h.name = text_at(r, i, 1);
    h.checksum = text_at(r, i, 2);
    h.applied_at = text_at(r, i, 3);
    h.duration_ms = r.rows.row(i)[4].as_i64();
    h.status = text_at(r, i, 5);
    h.statements_done = r.rows.row(i)[6].as_i64();
    out.push_back(std::move(h));
  }
  return out;
}

std::optional<HistoryRow> SqlHistory::row(const std::string& id) {
  for (HistoryRow& h : rows())
    if (h.id == id) return std::move(h);
  return std::nullopt;
}

void SqlHistory::insert(const HistoryRow& h) {
  std::string cols, marks;
  for (const char* c : {"id", "name", "checksum", "applied_at", "duration_ms", "status", "statements_done"}) {
    cols += (cols.empty() ? "" : ", ") + sql::quote_identifier(c, dialect_);
  }
  for (std::size_t i = 1; i <= 7; ++i) marks += (i == 1 ? "" : ", ") + param(i);
  exec("INSERT INTO " + table() + " (" + cols + ") VALUES (" + marks + ")",
       {Value(h.id), Value(h.name), Value(h.checksum), Value(h.applied_at), Value(h.duration_ms), Value(h.status),
        Value(h.statements_done)});
}

void SqlHistory::update(const HistoryRow& h) {
  std::string set;
  std::size_t n = 0;
  for (const char* c : {"name", "checksum", "applied_at", "duration_ms", "status", "statements_done"})
    set += (set.empty() ? "" : ", ") + sql::quote_identifier(c, dialect_) + " = " + param(++n);
  exec("UPDATE " + table() + " SET " + set + " WHERE " + sql::quote_identifier("id", dialect_) + " = " + param(++n),
       {Value(h.name), Value(h.checksum), Value(h.applied_at), Value(h.duration_ms), Value(h.status),
        Value(h.statements_done), Value(h.id)});
}

void SqlHistory::remove(const std::string& id) {
  exec("DELETE FROM " + table() + " WHERE " + sql::quote_identifier("id", dialect_) + " = " + param(1), {Value(id)});
}

void SqlHistory::rollback() noexcept {
  try {
    conn_.exec(driver::Transaction{driver::Transaction::Kind::Rollback});
  } catch (...) {
    // The connection is gone: its transaction went with it.
  }
}

}  // namespace toasty::migrations
