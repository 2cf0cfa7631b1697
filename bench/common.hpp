#pragma once
// Shared by every side of the benchmark: dataset shape and contents, plain row structs
// (raw C API and SOCI sides), key sequences and benchmark registration.
//
// Naming: every benchmark is registered as  BM_<scenario>/<backend>/<side>
//   scenario: get_by_pk, get_by_unique, insert_one, insert_bulk, filter_indexed,
//             read_all, preload, update_one, remove_one
//   backend:  sqlite, postgresql, mysql
//   side:     toasty, raw, soci
// scripts/bench.sh (bench/format_table.py) builds its table from these names.
//
// This header includes neither toasty nor a database client header, so that the SOCI
// translation units (whose SQLite backend header wraps <sqlite3.h> in a namespace) can
// include it.
#include <benchmark/benchmark.h>

#include "alloc_count.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bench {

// ---- dataset --------------------------------------------------------------------------
// Normal: 10 000 users × 10 todos, 100 users per country, bulk insert of 10 000.
// TOASTY_BENCH_SMALL=1 (the CTest smoke test): 100 users × 2 todos, 10 per country.
// Rows per multi-row INSERT in the insert_many scenario: what toasty's create_many()
// sends for the benchmark's User model.
constexpr std::uint64_t kManyBatch = 500;

struct Config {
  std::uint64_t users;
  std::uint64_t todos_per_user;
  std::uint64_t per_country;   // users sharing one country = rows of filter_indexed/preload
  std::uint64_t bulk;          // rows of insert_bulk
  std::uint64_t remove_batch;  // remove_one re-inserts the removed rows every this many
  bool small;
};
const Config& config();

// User i (1-based; ids are 1..users in load order on every backend).
std::string user_name(std::uint64_t i);
const std::string& user_email(std::uint64_t i);  // precomputed: "user<i>@example.com"
const std::string& user_country(std::uint64_t i);
std::int64_t user_age(std::uint64_t i);
// Country k (0-based) of the countries()/per_country groups.
const std::string& country(std::uint64_t k);
std::uint64_t country_count();
// Todo j (0-based) of user i. Todo ids are (i-1)*todos_per_user + j + 1.
std::string todo_title(std::uint64_t user, std::uint64_t j);
bool todo_done(std::uint64_t j);

// A fresh email for inserted users (unique within the process).
std::string fresh_email();
// Names that update_one assigns (alternating).
const std::string& renamed(std::uint64_t i);

// CREATE TABLE / CREATE INDEX statements toasty emits for the benchmark models, so that
// the raw and SOCI sides run on exactly the same tables.
enum class Dialect { Sqlite, Postgresql, Mysql };
std::vector<std::string> ddl(Dialect d);
std::vector<std::string> drop_ddl(Dialect d);
// INSERT INTO users (name, email, country, age) VALUES (...) x rows RETURNING id, with the
// dialect's placeholders: the raw sides of insert_many.
std::string insert_users_returning_sql(std::uint64_t rows, Dialect d);

// ---- plain rows for the raw and SOCI sides -----------------------------------------
struct UserRow {
  std::uint64_t id = 0;
  std::string name;
  std::string email;
  std::string country;
  std::int64_t age = 0;
};
struct TodoRow {
  std::uint64_t id = 0;
  std::uint64_t user_id = 0;
  std::string title;
  bool done = false;
};

// preload result: each user with its todos. The same grouping code runs on every side.
template <class U, class T>
struct WithTodos {
  U user;
  std::vector<T> todos;
};

template <class U, class T>
std::vector<WithTodos<U, T>> attach(std::vector<U>&& users, std::vector<T>&& todos) {
  std::vector<WithTodos<U, T>> out;
  out.reserve(users.size());
  std::unordered_map<std::uint64_t, std::size_t> index;
  index.reserve(users.size());
  for (auto& u : users) {
    index.emplace(static_cast<std::uint64_t>(u.id), out.size());
    out.push_back({std::move(u), {}});
  }
  for (auto& t : todos) {
    auto it = index.find(static_cast<std::uint64_t>(t.user_id));
    if (it != index.end()) out[it->second].todos.push_back(std::move(t));
  }
  return out;
}

// Checks a preload result against the dataset: per_country users, each with its
// todos_per_user todos, `done` decoded right (todo j of a user has done = j odd).
template <class W>
void check_preload(const std::vector<W>& out);

// ---- key sequences -------------------------------------------------------------------
// Visits 1..n in a scattered but deterministic order (stride coprime with n), so every
// side reads and writes the same keys in the same order.
struct KeySeq {
  explicit KeySeq(std::uint64_t n) : n_(n) {}
  std::uint64_t next() {
    i_ = (i_ + 7919) % n_;
    return i_ + 1;
  }

 private:
  std::uint64_t n_;
  std::uint64_t i_ = 0;
};

// After writes that leave dead rows behind (deleted or updated rows), brings the database
// of the running benchmark back to a steady state, untimed: PostgreSQL runs VACUUM ANALYZE
// on users (else the next benchmark, often another side's, pays for the bloat). A no-op
// for SQLite and MySQL. Called by the harness after every run of a writing scenario, and
// by insert_bulk / remove_one inside their paused clean-up.
void settle();
// Registers what settle() does for a backend.
void on_settle(const std::string& backend, std::function<void()> fn);

// remove_one: remove `remove(id)` on every iteration (timed); every `batch` removals the
// removed rows are put back by `reinsert(ids)` with timing paused, and once more at the
// end, so the table keeps its size and every side does the same.
template <class Remove, class Reinsert>
void remove_loop(benchmark::State& state, Remove&& remove, Reinsert&& reinsert) {
  const Config& cfg = config();
  KeySeq keys(cfg.users);
  std::vector<std::uint64_t> removed;
  removed.reserve(cfg.remove_batch);
  for (auto _ : state) {
    const std::uint64_t id = keys.next();
    remove(id);
    removed.push_back(id);
    if (removed.size() == cfg.remove_batch) {
      Untimed untimed(state);  // neither timed nor counted
      reinsert(removed);
      removed.clear();
      settle();
    }
  }
  if (!removed.empty()) reinsert(removed);
}

// Throws std::runtime_error when a benchmark's result is not what the dataset implies
// (never a timing check: a cheap sanity check that both sides do the same work).
void expect(bool ok, const char* what);

template <class W>
void check_preload(const std::vector<W>& out) {
  const Config& cfg = config();
  expect(out.size() == cfg.per_country, "preload: user count");
  for (const auto& w : out) {
    expect(w.todos.size() == cfg.todos_per_user, "preload: todos per user");
    for (const auto& t : w.todos) {
      const auto j = (static_cast<std::uint64_t>(t.id) - 1) % cfg.todos_per_user;
      expect(static_cast<std::uint64_t>(t.user_id) == static_cast<std::uint64_t>(w.user.id) &&
                 static_cast<bool>(t.done) == todo_done(j),
             "preload: todo fields");
    }
  }
}

// ---- registration --------------------------------------------------------------------
// Declares BM_<scenario>/<backend>/<side>, in microseconds. main.cpp registers every
// declared benchmark with Google Benchmark in scenario-major order (one scenario on every
// backend and side, then the next), so the sides of a scenario run back to back on the
// same database state. SQLite (in-process) is
// measured in CPU time of the benchmark thread; PostgreSQL and MySQL in wall-clock time
// (the server's share of the work and the round trips count), their names then end in
// "/real_time".
void add(const std::string& scenario, const std::string& backend, const std::string& side,
         std::function<void(benchmark::State&)> fn);
// Registers the declared benchmarks with Google Benchmark (main.cpp).
void register_all();

// Server URLs from TOASTY_BENCH_POSTGRESQL_URL / TOASTY_BENCH_MYSQL_URL; empty when unset
// (then that backend's benchmarks are not registered). The first call for a backend that
// is not configured prints one note on stderr.
std::string server_url(const char* backend);

// Runs `fn` once per process (dataset loading for a shared server database).
void once(const std::string& key, const std::function<void()>& fn);

}  // namespace bench
