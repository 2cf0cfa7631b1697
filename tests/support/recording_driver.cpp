#include "support/recording_driver.hpp"

#include <algorithm>

#include <toasty/error.hpp>

namespace toasty_test {

namespace td = toasty::driver;

class RecordingConnection final : public td::Connection {
 public:
  RecordingConnection(RecordingDriver& d, std::unique_ptr<td::Connection> inner)
      : d_(d), inner_(std::move(inner)) {}

  td::Response exec(const td::Operation& op) override {
    if (d_.fail_next_ > 0) {
      --d_.fail_next_;
      broken_ = true;
      throw toasty::ConnectionError("injected: connection lost");
    }
    if (auto* q = std::get_if<td::QuerySql>(&op)) {
      static const char* names[] = {"select", "insert", "update", "delete"};
      d_.record(names[q->statement->index()]);
    } else if (auto* t = std::get_if<td::Transaction>(&op)) {
      static const char* names[] = {"begin", "commit", "rollback", "savepoint", "release_savepoint",
                                    "rollback_to_savepoint"};
      d_.record(names[static_cast<int>(t->kind)]);
    } else if (!std::holds_alternative<td::PushSchema>(op)) {
      // Key-value operations, by their name in driver.hpp.
      static_assert(std::variant_size_v<td::Operation> == 13, "name the new operation here");
      static const char* names[] = {"", "", "", "get_by_key", "query_pk", "find_pk_by_unique",
                                    "insert_items", "update_by_key", "delete_by_key", "scan",
                                    "transact_write", "raw_sql", "schema_step"};
      d_.record(names[op.index()]);
    }
    auto* q = std::get_if<td::QuerySql>(&op);
    if (q != nullptr && q->sink != nullptr && d_.fail_after_rows_ >= 0) return exec_failing_midway(*q);
    td::Response r = inner_->exec(op);
    if (r.streamed) ++d_.streamed_;
    d_.rows_returned_ += r.rows.size();
    return r;
  }
  // Cursors are recorded as their operation; with fail_after_rows, the cursor "loses" the
  // connection after that many rows.
  std::unique_ptr<td::Cursor> open_cursor(const td::Operation& op) override {
    if (auto* q = std::get_if<td::QuerySql>(&op)) {
      static const char* names[] = {"select", "insert", "update", "delete"};
      d_.record(names[q->statement->index()]);
    } else if (std::holds_alternative<td::QueryPk>(op)) {
      d_.record("query_pk");
    } else if (std::holds_alternative<td::Scan>(op)) {
      d_.record("scan");
    }
    ++d_.cursors_;
    auto inner = inner_->open_cursor(op);
    const int cut = d_.fail_after_rows_.exchange(-1);
    if (cut < 0) return inner;
    return std::make_unique<CutCursor>(*this, std::move(inner), cut);
  }
  bool is_healthy() override { return !broken_ && inner_->is_healthy(); }
  bool alive() override { return !broken_ && inner_->alive(); }

 private:
  // Hands over `left` rows of the real cursor, then "loses" the connection.
  class CutCursor final : public td::Cursor {
   public:
    CutCursor(RecordingConnection& c, std::unique_ptr<td::Cursor> inner, int left)
        : c_(c), inner_(std::move(inner)), left_(left) {}
    bool next(toasty::Value* row) override {
      if (left_-- == 0) {
        c_.broken_ = true;
        throw toasty::ConnectionError("injected: connection lost mid-stream");
      }
      return inner_->next(row);
    }

   private:
    RecordingConnection& c_;
    std::unique_ptr<td::Cursor> inner_;
    int left_;
  };

  // Forwards `left` rows to the real sink, then "loses" the connection.
  struct Cutoff {
    const td::RowSink* sink;
    int left;
  };
  td::Response exec_failing_midway(td::QuerySql q) {
    Cutoff cut{q.sink, d_.fail_after_rows_.exchange(-1)};
    td::RowSink wrapper{[](void* c, toasty::Value* row) {
                          auto* state = static_cast<Cutoff*>(c);
                          if (state->left-- == 0) throw toasty::ConnectionError("injected: connection lost mid-read");
                          state->sink->row(state->sink->ctx, row);
                        },
                        [](void* c) {
                          auto* state = static_cast<Cutoff*>(c);
                          state->sink->reset(state->sink->ctx);
                        },
                        &cut};
    q.sink = &wrapper;
    try {
      td::Response r = inner_->exec(q);
      if (r.streamed) ++d_.streamed_;
      return r;
    } catch (const toasty::ConnectionError&) {
      broken_ = true;
      ++d_.streamed_;
      throw;
    }
  }

  RecordingDriver& d_;
  std::unique_ptr<td::Connection> inner_;
  bool broken_ = false;
};

RecordingDriver::RecordingDriver(std::unique_ptr<td::Driver> inner) : inner_(std::move(inner)) {}

std::unique_ptr<td::Connection> RecordingDriver::connect() {
  ++connections_;
  return std::make_unique<RecordingConnection>(*this, inner_->connect());
}

void RecordingDriver::record(std::string kind) {
  std::lock_guard lock(mu_);
  kinds_.push_back(std::move(kind));
}

std::size_t RecordingDriver::statements() const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(std::count_if(kinds_.begin(), kinds_.end(), [](const auto& k) {
    return k == "select" || k == "insert" || k == "update" || k == "delete" || k == "get_by_key" ||
           k == "query_pk" || k == "find_pk_by_unique" || k == "insert_items" || k == "update_by_key" ||
           k == "delete_by_key" || k == "scan" || k == "transact_write" || k == "raw_sql";
  }));
}

std::size_t RecordingDriver::statements(std::string_view kind) const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(std::count(kinds_.begin(), kinds_.end(), kind));
}

std::vector<std::string> RecordingDriver::kinds() const {
  std::lock_guard lock(mu_);
  return kinds_;
}

void RecordingDriver::reset() {
  std::lock_guard lock(mu_);
  kinds_.clear();
  rows_returned_ = 0;
}

}  // namespace toasty_test
