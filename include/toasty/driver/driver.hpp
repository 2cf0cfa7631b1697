#pragma once
// The driver interface: what a database backend declares it can do (Capability) and
// the operations the engine sends it. SQL backends receive db-level statements and
// serialize them with their dialect; key-value backends (DynamoDB) will receive the
// key-value operations added to `Operation` without the engine changing shape.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/schema/db.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::driver {

struct Capability {
  bool sql = true;                       // accepts stmt::Statement (QuerySql)
  bool returning_from_insert = true;     // INSERT ... RETURNING
  bool returning_from_update = false;    // UPDATE ... RETURNING
  bool full_u64 = false;                 // stores u64 above i64::MAX (MySQL UNSIGNED)
  bool transactions = true;              // BEGIN/COMMIT/ROLLBACK
  std::size_t max_connections_default = 8;
};

// Run a db-level statement. For statements with `returning`, rows come back in that order.
struct QuerySql {
  const stmt::Statement* statement;
  const db::Schema* schema;
};

struct Transaction {
  enum class Kind : std::uint8_t { Begin, Commit, Rollback } kind;
};

// Create every table and index of the schema. With `drop_existing`, drop the schema's
// tables first (if they exist): a clean slate for tests and development.
struct PushSchema {
  const db::Schema* schema;
  bool drop_existing = false;
};

using Operation = std::variant<QuerySql, Transaction, PushSchema>;

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
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Throws toasty::Error subclasses; DbUniqueViolation for duplicates,
  // ConnectionError when the connection is broken (the pool then discards it).
  virtual Response exec(const Operation& op) = 0;
  // Cheap liveness check used by the pool before handing a connection out again.
  virtual bool is_healthy() = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual const Capability& capability() const = 0;
  virtual std::unique_ptr<Connection> connect() = 0;
  // Short name for messages: "sqlite", "postgresql", "mysql".
  virtual std::string_view name() const = 0;
};

}  // namespace toasty::driver
