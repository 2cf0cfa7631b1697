#pragma once
// Wraps a real driver and records what the engine sends it, so tests can count
// round trips and check plans. The database underneath stays real.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <toasty/driver/driver.hpp>

namespace toasty_test {

class RecordingDriver final : public toasty::driver::Driver {
 public:
  explicit RecordingDriver(std::unique_ptr<toasty::driver::Driver> inner);

  const toasty::driver::Capability& capability() const override { return cap_ ? *cap_ : inner_->capability(); }
  // Declares a smaller bound-parameter limit than the real driver's, so that a test can
  // watch the planner split work without building statements of 65 535 values. Takes
  // effect from the next statement.
  void limit_params(std::size_t n) {
    cap_ = inner_->capability();
    cap_->max_params = n;
  }
  std::unique_ptr<toasty::driver::Connection> connect() override;
  std::string_view name() const override { return inner_->name(); }
  void set_pool_size(std::size_t n) override { inner_->set_pool_size(n); }

  // Statements received (QuerySql operations), by kind: "select", "insert", ...; key-value
  // operations count as statements too, by kind "get_by_key", "query_pk", "find_pk_by_unique",
  // "insert_items", "update_by_key", "delete_by_key", "scan", "transact_write".
  std::size_t statements() const;
  std::size_t statements(std::string_view kind) const;
  std::vector<std::string> kinds() const;
  std::size_t connections_opened() const { return connections_; }
  void reset();

  // Make the next `n` operations fail with ConnectionError before reaching the database.
  void fail_next(int n) { fail_next_ = n; }
  // Make the next streamed select (a RowSink, or a cursor) lose its connection after handing
  // over `rows` rows.
  void fail_after_rows(int rows) { fail_after_rows_ = rows; }
  // Selects whose rows the driver streamed to the caller (QuerySql::sink).
  std::size_t streamed_selects() const { return streamed_; }
  // Cursors opened (Connection::open_cursor: Query::stream()).
  std::size_t cursors() const { return cursors_; }
  // Rows the database handed back in responses (not those streamed to a sink).
  std::size_t rows_returned() const { return rows_returned_; }

 private:
  friend class RecordingConnection;
  void record(std::string kind);

  std::unique_ptr<toasty::driver::Driver> inner_;
  std::optional<toasty::driver::Capability> cap_;
  mutable std::mutex mu_;
  std::vector<std::string> kinds_;
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> rows_returned_{0};
  std::atomic<int> fail_next_{0};
  std::atomic<int> fail_after_rows_{-1};
  std::atomic<std::size_t> streamed_{0};
  std::atomic<std::size_t> cursors_{0};
};

}  // namespace toasty_test
