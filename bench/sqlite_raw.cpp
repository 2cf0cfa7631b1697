// The raw C API side on SQLite: sqlite3 with statements prepared once and reused, rows
// read into plain structs. Also the dataset loader every SQLite database uses.
#include <sqlite3.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "common.hpp"
#include "sqlite_load.hpp"

namespace bench {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw std::runtime_error("sqlite: " + what + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error("sqlite: " + msg + " (" + sql + ")");
  }
}

sqlite3_stmt* prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()) + 1,
                         SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    fail(db, "prepare " + sql);
  return s;
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return std::string(p != nullptr ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
}

UserRow read_user(sqlite3_stmt* s) {
  UserRow u;
  u.id = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
  u.name = column_text(s, 1);
  u.email = column_text(s, 2);
  u.country = column_text(s, 3);
  u.age = sqlite3_column_int64(s, 4);
  return u;
}

TodoRow read_todo(sqlite3_stmt* s) {
  TodoRow t;
  t.id = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
  t.user_id = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
  t.title = column_text(s, 2);
  t.done = sqlite3_column_int64(s, 3) != 0;
  return t;
}

// Runs a statement that returns no rows, then resets it.
void run(sqlite3* db, sqlite3_stmt* s) {
  if (sqlite3_step(s) != SQLITE_DONE) fail(db, "step");
  sqlite3_reset(s);
}

std::string placeholders(std::uint64_t n) {
  std::string out;
  for (std::uint64_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

const char* kUserColumns = "id, name, email, country, age";

struct Raw {
  sqlite3* db = nullptr;
  sqlite3_stmt* begin;
  sqlite3_stmt* commit;
  sqlite3_stmt* get_pk;
  sqlite3_stmt* get_email;
  sqlite3_stmt* insert_user;
  sqlite3_stmt* insert_user_id;
  sqlite3_stmt* by_country;
  sqlite3_stmt* all_users;
  sqlite3_stmt* all_todos;
  sqlite3_stmt* todos_in;
  sqlite3_stmt* update_name;
  sqlite3_stmt* delete_user;
  sqlite3_stmt* delete_inserted;

  explicit Raw(sqlite3* h) : db(h) {
    const std::string cols = kUserColumns;
    begin = prepare(db, "BEGIN");
    commit = prepare(db, "COMMIT");
    get_pk = prepare(db, "SELECT " + cols + " FROM users WHERE id = ?");
    get_email = prepare(db, "SELECT " + cols + " FROM users WHERE email = ?");
    insert_user = prepare(db, "INSERT INTO users (name, email, country, age) VALUES (?, ?, ?, ?)");
    insert_user_id =
        prepare(db, "INSERT INTO users (id, name, email, country, age) VALUES (?, ?, ?, ?, ?)");
    by_country = prepare(db, "SELECT " + cols + " FROM users WHERE country = ?");
    all_users = prepare(db, "SELECT " + cols + " FROM users");
    all_todos = prepare(db, "SELECT id, user_id, title, done FROM todos");
    todos_in = prepare(db, "SELECT id, user_id, title, done FROM todos WHERE user_id IN (" +
                               placeholders(config().per_country) + ")");
    update_name = prepare(db, "UPDATE users SET name = ? WHERE id = ?");
    delete_user = prepare(db, "DELETE FROM users WHERE id = ?");
    delete_inserted = prepare(db, "DELETE FROM users WHERE id > ?");
  }

  std::uint64_t insert(const std::string& name, const std::string& email,
                       const std::string& country, std::int64_t age) {
    bind_text(insert_user, 1, name);
    bind_text(insert_user, 2, email);
    bind_text(insert_user, 3, country);
    sqlite3_bind_int64(insert_user, 4, age);
    run(db, insert_user);
    return static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db));
  }

  std::vector<UserRow> users_by_country(const std::string& c) {
    std::vector<UserRow> out;
    bind_text(by_country, 1, c);
    int rc;
    while ((rc = sqlite3_step(by_country)) == SQLITE_ROW) out.push_back(read_user(by_country));
    if (rc != SQLITE_DONE) fail(db, "step");
    sqlite3_reset(by_country);
    return out;
  }

  void drop_inserted() {
    sqlite3_bind_int64(delete_inserted, 1, static_cast<sqlite3_int64>(config().users));
    run(db, delete_inserted);
  }
};

Raw& raw() {
  static Raw r = [] {
    sqlite3* db = nullptr;
    // TOASTY_BENCH_SQLITE_RAW_MEMDB=1: use the "memdb" VFS like toasty's sqlite::memory:
    // (to tell the storage layer's cost from the ORM's); default: plain ":memory:".
    const char* memdb = std::getenv("TOASTY_BENCH_SQLITE_RAW_MEMDB");
    int rc;
    if (memdb != nullptr && std::string(memdb) == "1") {
      rc = sqlite3_open_v2("/toasty-bench-raw", &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           "memdb");
    } else {
      rc = sqlite3_open_v2(":memory:", &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
    }
    if (rc != SQLITE_OK) throw std::runtime_error("sqlite: cannot open the raw database");
    sqlite_create_and_load_handle(db);
    return Raw(db);
  }();
  return r;
}

const bool registered = [] {
  const std::string b = "sqlite", side = "raw";

  add("get_by_pk", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      sqlite3_bind_int64(r.get_pk, 1, static_cast<sqlite3_int64>(keys.next()));
      if (sqlite3_step(r.get_pk) != SQLITE_ROW) fail(r.db, "get_by_pk: no row");
      UserRow u = read_user(r.get_pk);
      sqlite3_reset(r.get_pk);
      benchmark::DoNotOptimize(u);
    }
  });

  add("get_by_unique", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      bind_text(r.get_email, 1, user_email(keys.next()));
      if (sqlite3_step(r.get_email) != SQLITE_ROW) fail(r.db, "get_by_unique: no row");
      UserRow u = read_user(r.get_email);
      sqlite3_reset(r.get_email);
      benchmark::DoNotOptimize(u);
    }
  });

  add("insert_one", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    std::uint64_t i = 0;
    for (auto _ : state) {
      ++i;
      std::uint64_t id = r.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
      benchmark::DoNotOptimize(id);
    }
    r.drop_inserted();
  });

  add("insert_bulk", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    const std::uint64_t n = config().bulk;
    for (auto _ : state) {
      run(r.db, r.begin);
      for (std::uint64_t i = 1; i <= n; ++i) {
        std::uint64_t id = r.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
        benchmark::DoNotOptimize(id);
      }
      run(r.db, r.commit);
      {
        Untimed untimed(state);  // neither timed nor counted
        r.drop_inserted();
        settle();
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  // Multi-row INSERT ... RETURNING id, kManyBatch rows per statement, in one transaction.
  add("insert_many", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    const std::uint64_t n = config().bulk;
    const std::uint64_t per = std::min(kManyBatch, n);
    auto many_sql = [](std::uint64_t rows) { return insert_users_returning_sql(rows, Dialect::Sqlite); };
    sqlite3_stmt* full = prepare(r.db, many_sql(per));
    sqlite3_stmt* tail = n % per != 0 ? prepare(r.db, many_sql(n % per)) : nullptr;
    std::vector<std::string> names(per), emails(per);
    std::vector<std::uint64_t> ids;
    ids.reserve(n);
    for (auto _ : state) {
      ids.clear();
      run(r.db, r.begin);
      for (std::uint64_t at = 0; at < n; at += per) {
        const std::uint64_t k = std::min(per, n - at);
        sqlite3_stmt* s = k == per ? full : tail;
        for (std::uint64_t j = 0; j < k; ++j) {
          const std::uint64_t i = at + j + 1;
          names[j] = user_name(i);
          emails[j] = fresh_email();
          const int p = static_cast<int>(j * 4);
          bind_text(s, p + 1, names[j]);
          bind_text(s, p + 2, emails[j]);
          bind_text(s, p + 3, user_country(1));
          sqlite3_bind_int64(s, p + 4, user_age(i));
        }
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) ids.push_back(static_cast<std::uint64_t>(sqlite3_column_int64(s, 0)));
        if (rc != SQLITE_DONE) fail(r.db, "insert_many");
        sqlite3_reset(s);
      }
      run(r.db, r.commit);
      expect(ids.size() == n, "insert_many row count");
      {
        Untimed untimed(state);  // neither timed nor counted
        r.drop_inserted();
        settle();
      }
    }
    sqlite3_finalize(full);
    if (tail != nullptr) sqlite3_finalize(tail);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("filter_indexed", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<UserRow> users = r.users_by_country(country(keys.next() - 1));
      expect(users.size() == config().per_country, "filter_indexed row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("read_all", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    for (auto _ : state) {
      std::vector<UserRow> users;
      int rc;
      while ((rc = sqlite3_step(r.all_users)) == SQLITE_ROW) users.push_back(read_user(r.all_users));
      if (rc != SQLITE_DONE) fail(r.db, "step");
      sqlite3_reset(r.all_users);
      expect(users.size() == config().users, "read_all row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("stream_all", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    const std::uint64_t rows = config().users * config().todos_per_user;
    for (auto _ : state) {
      std::uint64_t n = 0, sum = 0;
      int rc;
      while ((rc = sqlite3_step(r.all_todos)) == SQLITE_ROW) {
        TodoRow t = read_todo(r.all_todos);
        ++n;
        sum += t.user_id + t.title.size();
      }
      if (rc != SQLITE_DONE) fail(r.db, "step");
      sqlite3_reset(r.all_todos);
      expect(n == rows, "stream_all row count");
      benchmark::DoNotOptimize(sum);
    }
  });

  add("preload", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<UserRow> users = r.users_by_country(country(keys.next() - 1));
      int p = 1;
      for (const UserRow& u : users)
        sqlite3_bind_int64(r.todos_in, p++, static_cast<sqlite3_int64>(u.id));
      std::vector<TodoRow> todos;
      int rc;
      while ((rc = sqlite3_step(r.todos_in)) == SQLITE_ROW) todos.push_back(read_todo(r.todos_in));
      if (rc != SQLITE_DONE) fail(r.db, "step");
      sqlite3_reset(r.todos_in);
      auto out = attach(std::move(users), std::move(todos));
      check_preload(out);
      benchmark::DoNotOptimize(out.data());
    }
  });

  add("update_one", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    std::uint64_t i = 0;
    for (auto _ : state) {
      bind_text(r.update_name, 1, renamed(++i));
      sqlite3_bind_int64(r.update_name, 2, static_cast<sqlite3_int64>(keys.next()));
      run(r.db, r.update_name);
    }
  });

  add("remove_one", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    remove_loop(
        state,
        [&](std::uint64_t id) {
          sqlite3_bind_int64(r.delete_user, 1, static_cast<sqlite3_int64>(id));
          run(r.db, r.delete_user);
        },
        [&](const std::vector<std::uint64_t>& ids) {
          run(r.db, r.begin);
          for (std::uint64_t id : ids) {
            const std::string name = user_name(id);
            sqlite3_bind_int64(r.insert_user_id, 1, static_cast<sqlite3_int64>(id));
            bind_text(r.insert_user_id, 2, name);
            bind_text(r.insert_user_id, 3, user_email(id));
            bind_text(r.insert_user_id, 4, user_country(id));
            sqlite3_bind_int64(r.insert_user_id, 5, user_age(id));
            run(r.db, r.insert_user_id);
          }
          run(r.db, r.commit);
        });
  });

  return true;
}();

}  // namespace

void sqlite_load_handle(void* handle) {
  auto* db = static_cast<sqlite3*>(handle);
  const Config& cfg = config();
  exec(db, "BEGIN");
  sqlite3_stmt* u = prepare(db, "INSERT INTO users (name, email, country, age) VALUES (?, ?, ?, ?)");
  sqlite3_stmt* t = prepare(db, "INSERT INTO todos (user_id, title, done) VALUES (?, ?, ?)");
  for (std::uint64_t i = 1; i <= cfg.users; ++i) {
    const std::string name = user_name(i);
    bind_text(u, 1, name);
    bind_text(u, 2, user_email(i));
    bind_text(u, 3, user_country(i));
    sqlite3_bind_int64(u, 4, user_age(i));
    run(db, u);
    expect(static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db)) == i, "user ids are 1..n");
    for (std::uint64_t j = 0; j < cfg.todos_per_user; ++j) {
      const std::string title = todo_title(i, j);
      sqlite3_bind_int64(t, 1, static_cast<sqlite3_int64>(i));
      bind_text(t, 2, title);
      sqlite3_bind_int(t, 3, todo_done(j) ? 1 : 0);
      run(db, t);
    }
  }
  sqlite3_finalize(u);
  sqlite3_finalize(t);
  exec(db, "COMMIT");
  exec(db, "ANALYZE");
}

void sqlite_create_and_load_handle(void* handle) {
  auto* db = static_cast<sqlite3*>(handle);
  for (const std::string& sql : ddl(Dialect::Sqlite)) exec(db, sql);
  sqlite_load_handle(db);
}

}  // namespace bench
