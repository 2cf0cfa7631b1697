// The migration history on a key-value store (DynamoDB): the table _toasty_migrations, keyed
// by migration id, through the driver's own key-value operations; the lock is one more
// item ("lock") that names its holder and a lease, renewed while the holder works, so that
// a process that died holding it blocks the others only until the lease runs out.
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "migrate/history.hpp"
#include "toasty/core/time.hpp"
#include "toasty/error.hpp"
#include "toasty/stmt/expr.hpp"

namespace toasty::migrations {

namespace {

constexpr std::string_view kLockId = "lock";
constexpr std::chrono::seconds kLease{120};
constexpr std::chrono::seconds kRenewAfter{30};
constexpr std::chrono::minutes kLockWait{10};

enum Col : std::size_t { kId, kName, kChecksum, kAppliedAt, kDurationMs, kStatus, kStatementsDone, kOwner, kExpires, kCount };

db::Schema history_schema() {
  db::Table t;
  t.name = std::string(kHistoryTable);
  auto add = [&](const char* name, ScalarType type, bool nullable) {
    db::Column c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    t.columns.push_back(std::move(c));
  };
  add("id", ScalarType::String, false);
  add("name", ScalarType::String, true);
  add("checksum", ScalarType::String, true);
  add("applied_at", ScalarType::String, true);
  add("duration_ms", ScalarType::I64, true);
  add("status", ScalarType::String, true);
  add("statements_done", ScalarType::I64, true);
  add("owner", ScalarType::String, true);    // the lock item: its holder
  add("expires", ScalarType::I64, true);     // ... and when its lease ends (Unix seconds)
  t.primary_key = {kId};
  db::Schema s;
  s.tables.push_back(std::move(t));
  return s;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string random_token() {
  std::random_device rd;
  std::mt19937_64 g((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) out += digits[g() & 15];
  return out;
}

// Every column of the table, in order: what each read and write names.
const std::vector<std::size_t>& all_columns() {
  static const std::vector<std::size_t> all = [] {
    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < kCount; ++c) out.push_back(c);
    return out;
  }();
  return all;
}

std::string text_of(const Value& v) { return v.is_null() ? std::string() : v.as_string(); }
std::int64_t number_of(const Value& v) { return v.is_null() ? 0 : v.as_i64(); }

stmt::ExprPtr equals(Col col, Value v) {
  return stmt::binary(stmt::BinaryOp::Eq, stmt::column(0, col), stmt::value(std::move(v)));
}

class KvHistory final : public History {
 public:
  explicit KvHistory(driver::Connection& conn) : conn_(conn), schema_(history_schema()), token_(random_token()) {}

  void lock() override {
    create_table();  // the lock is an item of it
    const auto deadline = std::chrono::steady_clock::now() + kLockWait;
    for (;;) {
      try {
        insert_row({Value(std::string(kLockId)), Value(), Value(), Value(), Value(), Value(), Value(), Value(token_),
                    Value(unix_now() + kLease.count())});
        locked_ = true;
        renewed_ = std::chrono::steady_clock::now();
        return;
      } catch (const DbUniqueViolation&) {
        // Held: by a live process (wait), or by one whose lease ran out (take it over).
      }
      auto held = get(std::string(kLockId));
      if (held && number_of((*held)[kExpires]) < unix_now()) {
        conn_.exec(driver::DeleteByKey{&schema_, 0, {{Value(std::string(kLockId))}},
                                       stmt::and_(equals(kOwner, (*held)[kOwner]), equals(kExpires, (*held)[kExpires]))});
        continue;
      }
      if (std::chrono::steady_clock::now() >= deadline)
        throw MigrationError("toasty: another process has been migrating this database for " +
                             std::to_string(kLockWait.count()) + " minutes (it holds the item \"lock\" of table " +
                             std::string(kHistoryTable) + "); try again when it is done");
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }

  void unlock() noexcept override {
    if (!locked_) return;
    locked_ = false;
    try {
      conn_.exec(driver::DeleteByKey{&schema_, 0, {{Value(std::string(kLockId))}}, equals(kOwner, Value(token_))});
    } catch (...) {
      // The lease runs out on its own.
    }
  }

  // Once per session: lock() needs the table before the Session asks for it.
  void create_table() override {
    if (table_made_) return;
    conn_.exec(driver::PushSchema{&schema_, false});
    table_made_ = true;
  }

  std::vector<HistoryRow> rows() override {
    driver::Response r = conn_.exec(driver::Scan{&schema_, 0, all_columns(), nullptr, std::nullopt});
    std::vector<HistoryRow> out;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const Value* v = r.rows.row(i);
      if (text_of(v[kId]) == kLockId) continue;
      out.push_back(to_row(v));
    }
    std::sort(out.begin(), out.end(), [](const HistoryRow& a, const HistoryRow& b) { return a.id < b.id; });
    return out;
  }

  std::optional<HistoryRow> row(const std::string& id) override {
    auto v = get(id);
    if (!v) return std::nullopt;
    return to_row(v->data());
  }

  void insert(const HistoryRow& h) override {
    renew();
    insert_row({Value(h.id), Value(h.name), Value(h.checksum), Value(h.applied_at), Value(h.duration_ms),
                Value(h.status), Value(h.statements_done), Value(), Value()});
  }

  void update(const HistoryRow& h) override {
    renew();
    driver::UpdateByKey u{&schema_, 0, {Value(h.id)}, {}, nullptr};
    u.assignments = {{kName, Value(h.name)},         {kChecksum, Value(h.checksum)},
                     {kAppliedAt, Value(h.applied_at)}, {kDurationMs, Value(h.duration_ms)},
                     {kStatus, Value(h.status)},     {kStatementsDone, Value(h.statements_done)}};
    conn_.exec(u);
  }

  void remove(const std::string& id) override {
    renew();
    conn_.exec(driver::DeleteByKey{&schema_, 0, {{Value(id)}}, nullptr});
  }

  void run(const std::string& step, const std::function<void(std::string_view)>& waiting) override {
    renew();
    conn_.exec(driver::SchemaStep{step, [&](std::string_view what) {
                                    if (waiting) waiting(what);
                                    renew();  // a long wait keeps the lease
                                  }});
  }

  // A key-value store has no transactions around a migration: its steps are recorded one
  // by one (History rows with status partial_up / partial_down).
  void begin() override { throw MigrationError("toasty: DynamoDB has no transactions around a migration"); }
  void commit() override {}
  void rollback() noexcept override {}

 private:
  void insert_row(std::vector<Value> values) {
    driver::InsertItems ins{&schema_, 0, all_columns(), {}};
    ins.rows.push_back(std::move(values));
    conn_.exec(ins);
  }

  std::optional<std::vector<Value>> get(const std::string& id) {
    driver::Response r = conn_.exec(driver::GetByKey{&schema_, 0, all_columns(), {{Value(id)}}});
    if (r.rows.size() == 0) return std::nullopt;
    return std::vector<Value>(r.rows.row(0), r.rows.row(0) + kCount);
  }

  static HistoryRow to_row(const Value* v) {
    return HistoryRow{text_of(v[kId]),          text_of(v[kName]),       text_of(v[kChecksum]),
                      text_of(v[kAppliedAt]),   number_of(v[kDurationMs]), text_of(v[kStatus]),
                      number_of(v[kStatementsDone])};
  }

  // Extends the lease when it is half used up; refuses to go on when another process took
  // the lock over (this one stalled past its lease).
  void renew() {
    if (!locked_ || std::chrono::steady_clock::now() - renewed_ < kRenewAfter) return;
    driver::UpdateByKey u{&schema_, 0, {Value(std::string(kLockId))}, {{kExpires, Value(unix_now() + kLease.count())}},
                          equals(kOwner, Value(token_))};
    if (conn_.exec(u).affected == 0) {
      locked_ = false;
      throw MigrationError("toasty: this process lost the migration lock (it stalled for longer than its " +
                           std::to_string(kLease.count()) +
                           " s lease, and another process took the lock); run the migrations again");
    }
    renewed_ = std::chrono::steady_clock::now();
  }

  driver::Connection& conn_;
  db::Schema schema_;
  std::string token_;
  bool locked_ = false;
  bool table_made_ = false;
  std::chrono::steady_clock::time_point renewed_;
};

}  // namespace

std::unique_ptr<History> make_kv_history(driver::Connection& conn) { return std::make_unique<KvHistory>(conn); }

}  // namespace toasty::migrations
