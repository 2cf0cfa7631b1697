#pragma once
// The database side of migrations: the history table _toasty_migrations and the lock that
// lets one process migrate at a time, on one pinned connection.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/driver/driver.hpp"

namespace toasty::migrations {

inline constexpr std::string_view kHistoryTable = "_toasty_migrations";

struct HistoryRow {
  std::string id, name, checksum, applied_at;
  std::int64_t duration_ms = 0;
  // "applied"; MySQL and DynamoDB, after a failure: "partial_up" / "partial_down" with
  // `statements_done` statements (steps) of that direction done.
  std::string status;
  std::int64_t statements_done = 0;
};

// The history table and the lock on one pinned connection. SQL databases keep the table
// with SQL (history.cpp); DynamoDB keeps it as items, the lock as one more item
// (history_kv.cpp).
class History {
 public:
  virtual ~History() = default;

  // PostgreSQL: a session advisory lock; MySQL: GET_LOCK; DynamoDB: a lock item with a
  // lease. Each waits up to 10 minutes, then MigrationError. SQLite: nothing here (each
  // migration's write transaction is the turn). Released by unlock() or when the
  // connection closes (DynamoDB: when the lease runs out).
  virtual void lock() = 0;
  virtual void unlock() noexcept = 0;

  virtual void create_table() = 0;  // if it does not exist
  virtual std::vector<HistoryRow> rows() = 0;  // by id
  virtual std::optional<HistoryRow> row(const std::string& id) = 0;
  virtual void insert(const HistoryRow& row) = 0;
  virtual void update(const HistoryRow& row) = 0;  // by id
  virtual void remove(const std::string& id) = 0;

  // Runs one statement (SQL) or step (DynamoDB) of a migration; `waiting` (may be empty)
  // hears what a long step waits for.
  virtual void run(const std::string& statement, const std::function<void(std::string_view)>& waiting) = 0;
  // Transactions around a migration, where DDL is transactional (SQLite, PostgreSQL).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// The history of the connection's database: `driver` is the driver's name ("sqlite",
// "postgresql", "mysql", "dynamodb"). Throws MigrationError for a driver without migrations.
std::unique_ptr<History> make_history(driver::Connection& conn, std::string_view driver);
std::unique_ptr<History> make_kv_history(driver::Connection& conn);  // history_kv.cpp

// FNV-1a 64 of the text, as 16 hex digits: detects an applied migration's SQL edited since.
std::string checksum(std::string_view text);

}  // namespace toasty::migrations
