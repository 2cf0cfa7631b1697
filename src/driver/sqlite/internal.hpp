#pragma once
// Internal to the SQLite driver.
#include <sqlite3.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/driver/driver.hpp"
#include "writer_gate.hpp"

namespace toasty::sqlite::detail {

// ---- url.cpp ----
struct Location {
  bool memory = false;
  std::string path;  // file path when !memory
};
Location parse_url(std::string_view url);

// ---- values.cpp ----
// Binds `v` to parameter `index` (1-based). Strings and blobs are bound without copying:
// `v` must outlive the statement's execution (bindings are cleared right after).
void bind_value(sqlite3* db, sqlite3_stmt* stmt, int index, const Value& v, std::string_view sql);
// Reads column `i` of the current row by its storage class. `hint` is the schema type of the
// column when known: INTEGER becomes bool for Bool columns and uint64 for unsigned ones.
Value read_column(sqlite3_stmt* stmt, int i, std::optional<ScalarType> hint);

// ---- errors.cpp ----
// Throws the toasty error for result code `rc` (extended) on `db`. `table` is the table the
// statement writes, used to split "t.c" in unique-violation messages.
[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view sql, std::string_view table = {});
// Parses "UNIQUE constraint failed: t.a, t.b" / "UNIQUE constraint failed: index 'i'".
struct UniqueFailure {
  std::string table;
  std::vector<std::string> columns;
  std::string index_name;
};
UniqueFailure parse_unique_message(std::string_view message, std::string_view table_hint);

// ---- connection.cpp ----
// How long a writer waits for the write lock: SQLite's busy_timeout, and the WriterGate.
inline constexpr std::chrono::milliseconds kWriteWait{5000};

// Opens and configures a handle (extended result codes, busy_timeout, foreign keys).
// Throws ConnectionError.
sqlite3* open_handle(const std::string& filename, const char* vfs, std::string_view description);

class SqliteConnection final : public driver::Connection {
 public:
  // `owned`: closes the handle when done; a borrowed handle outlives the connection.
  // `gate`: where the writers among the driver's connections queue (null: no other writer).
  SqliteConnection(sqlite3* db, bool owned, std::shared_ptr<WriterGate> gate)
      : db_(db), owned_(owned), gate_(std::move(gate)) {}
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  driver::Response exec(const driver::Operation& op) override;
  std::unique_ptr<driver::Cursor> open_cursor(const driver::Operation& op) override;
  bool is_healthy() override { return db_ != nullptr; }
  sqlite3* handle() const { return db_; }

 private:
  driver::Response query(const driver::QuerySql& q);
  driver::Response transaction(const driver::Transaction& t);
  driver::Response raw(const driver::RawSql& r);
  driver::Response push_schema(const driver::PushSchema& p);

  // A prepared statement for `sql`, from the cache or newly prepared and cached.
  sqlite3_stmt* prepare_cached(const std::string& sql);
  // Runs `sql` once without caching (DDL).
  void exec_uncached(const std::string& sql);
  void clear_cache();

  // The write turn: taken for a write outside a transaction (for that statement) and by
  // BEGIN (until the transaction ends).
  void take_write_turn();
  void end_write_turn();
  struct WriteTurn {  // one statement's turn, unless a transaction holds one already
    SqliteConnection* c;
    bool taken;
    explicit WriteTurn(SqliteConnection* conn) : c(conn), taken(conn->gate_ && !conn->writing_) {
      if (taken) c->take_write_turn();
    }
    ~WriteTurn() {
      if (taken) c->end_write_turn();
    }
    WriteTurn(const WriteTurn&) = delete;
    WriteTurn& operator=(const WriteTurn&) = delete;
  };

  sqlite3* db_;
  bool owned_;
  std::shared_ptr<WriterGate> gate_;
  bool query_only_ = false;  // a read-only transaction is open (PRAGMA query_only)
  bool writing_ = false;  // this connection holds the write turn
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  // The same statements by the engine's PreparedSlot (one per cached plan action; slots
  // live as long as the Db, so the key is never reused while this connection lives).
  std::unordered_map<const void*, sqlite3_stmt*> by_slot_;
  std::vector<Value> row_;  // the row a select streams to a RowSink, reused
};

}  // namespace toasty::sqlite::detail
