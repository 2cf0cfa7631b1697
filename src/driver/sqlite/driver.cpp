// toasty::sqlite::open and the Driver.
//
// In-memory databases: every connection of the pool must see the same database, so each
// driver names one with SQLite's "memdb" VFS: a name starting with '/' is shared by every
// connection of the process that opens it (SQLite >= 3.36). The driver keeps one handle
// open for its lifetime: a memdb database lives while any handle to it is open, so it
// survives the pool closing all its connections.
// Not the older `file:x?mode=memory&cache=shared` URI: shared-cache connections take
// table-level locks that fail at once with SQLITE_LOCKED (busy_timeout does not apply), so
// concurrent use fails instead of waiting. memdb connections use ordinary database locks
// and busy_timeout, like a file with a rollback journal (WAL needs shared memory, which
// memdb lacks) - but memdb's write lock also shuts out readers until the writer commits.
// As there is no parallelism to gain, the default pool size for memory is 1 (as Toasty's
// Rust driver does): callers queue on the pool instead of polling SQLite's busy handler.
// A pool of one then uses a private ":memory:" handle instead (set_pool_size), which is
// cheaper; a larger pool (Options::max_connections) shares the memdb database, the locks
// serialize it.
//
// File databases: WAL journal mode (readers and one writer at a time), set once here since
// it is persistent; every connection gets busy_timeout 5000 ms and foreign_keys = ON.
// Writers queue in the driver's WriterGate (in arrival order) rather than in SQLite's busy
// handler; readers never wait for writers in WAL mode.
#include <atomic>
#include <string>
#include <unistd.h>

#include "internal.hpp"
#include "toasty/driver/sqlite.hpp"
#include "toasty/error.hpp"

namespace toasty::sqlite {

namespace detail {

namespace {

class SqliteDriver final : public driver::Driver {
 public:
  explicit SqliteDriver(const Location& location) : memory_(location.memory) {
    if (memory_) {
      static std::atomic<std::uint64_t> counter{0};
      filename_ = "/toasty-mem-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
      vfs_ = "memdb";
      description_ = "sqlite::memory:";
      keeper_ = open_handle(filename_, vfs_, description_);
    } else {
      filename_ = location.path;
      description_ = "\"" + location.path + "\"";
      sqlite3* db = open_handle(filename_, vfs_, description_);
      // Returns the resulting mode; a file system without shared-memory support keeps the
      // rollback journal, which works too.
      char* err = nullptr;
      int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, &err);
      std::string message = rc != SQLITE_OK ? (err != nullptr ? err : sqlite3_errstr(rc)) : "";
      sqlite3_free(err);
      sqlite3_close_v2(db);
      if (rc != SQLITE_OK) {
        throw ConnectionError("toasty: cannot open SQLite database " + description_ + ": " + message);
      }
    }
    capability_.storage = driver::Capability::Storage::Sql;
    capability_.display_name = "SQLite";
    capability_.max_params = 32766;  // SQLITE_MAX_VARIABLE_NUMBER since 3.32
    capability_.returning_from_insert = true;
    capability_.returning_from_update = true;  // SQLite >= 3.35
    capability_.insert_id_without_returning = true;  // sqlite3_last_insert_rowid
    capability_.full_u64 = false;
    capability_.transactions = true;
    if (memory_) capability_.max_connections_default = 1;
  }

  ~SqliteDriver() override {
    if (solo_ != nullptr) sqlite3_close_v2(solo_);
    if (keeper_ != nullptr) sqlite3_close_v2(keeper_);
  }

  const driver::Capability& capability() const override { return capability_; }

  std::unique_ptr<driver::Connection> connect() override {
    if (solo_ != nullptr) return std::make_unique<SqliteConnection>(solo_, /*owned=*/false, nullptr);
    return std::make_unique<SqliteConnection>(open_handle(filename_, vfs_, description_), true, gate_);
  }

  // A pool of one in memory needs no sharing: a private ":memory:" handle, lent to each
  // connection in turn, skips the memdb VFS's locks and page copies (a third of the
  // cost of a small write).
  void set_pool_size(std::size_t max_connections) override {
    if (!memory_ || max_connections != 1 || solo_ != nullptr) return;
    solo_ = open_handle(":memory:", nullptr, description_);
  }

  std::string_view name() const override { return "sqlite"; }

 private:
  bool memory_;
  std::string filename_;
  const char* vfs_ = nullptr;
  std::string description_;
  sqlite3* keeper_ = nullptr;
  sqlite3* solo_ = nullptr;  // pool of one in memory: the database itself
  // Writers of every connection of this driver take turns here (writer_gate.hpp).
  std::shared_ptr<WriterGate> gate_ = std::make_shared<WriterGate>();
  driver::Capability capability_;
};

}  // namespace

}  // namespace detail

std::unique_ptr<driver::Driver> open(std::string_view url) {
  return std::make_unique<detail::SqliteDriver>(detail::parse_url(url));
}

::sqlite3* native_handle(driver::Connection& connection) noexcept {
  auto* c = dynamic_cast<detail::SqliteConnection*>(&connection);
  return c != nullptr ? c->handle() : nullptr;
}

}  // namespace toasty::sqlite
