#pragma once
// The database side of migrations: the history table _toasty_migrations and the lock that
// lets one process migrate at a time, in each SQL dialect, on one pinned connection.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/serializer.hpp"
#include "toasty/driver/driver.hpp"

namespace toasty::migrations {

inline constexpr std::string_view kHistoryTable = "_toasty_migrations";

struct HistoryRow {
  std::string id, name, checksum, applied_at;
  std::int64_t duration_ms = 0;
  // "applied"; MySQL only, after a failure: "partial_up" / "partial_down" with
  // `statements_done` statements of that direction committed.
  std::string status;
  std::int64_t statements_done = 0;
};

class History {
 public:
  History(driver::Connection& conn, sql::Dialect dialect) : conn_(conn), dialect_(dialect) {}

  // PostgreSQL: a session advisory lock; MySQL: GET_LOCK (waits up to 10 minutes, then
  // MigrationError); SQLite: nothing here (each migration's write transaction is the
  // turn). Released by unlock() or when the connection closes.
  void lock();
  void unlock() noexcept;

  void create_table();  // if it does not exist
  std::vector<HistoryRow> rows();  // by id
  std::optional<HistoryRow> row(const std::string& id);
  void insert(const HistoryRow& row);
  void update(const HistoryRow& row);  // by id
  void remove(const std::string& id);

  // Runs one statement of a migration.
  void run(const std::string& sql);
  void begin();
  void commit();
  void rollback() noexcept;

 private:
  driver::Response exec(const std::string& sql, std::vector<Value> params = {});
  std::string param(std::size_t n) const;  // the n-th placeholder (1-based)
  std::string table() const;

  driver::Connection& conn_;
  sql::Dialect dialect_;
  bool locked_ = false;
};

// FNV-1a 64 of the text, as 16 hex digits: detects an applied migration's SQL edited since.
std::string checksum(std::string_view text);

}  // namespace toasty::migrations
