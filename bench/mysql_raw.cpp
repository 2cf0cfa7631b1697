// The raw C API side on MySQL/MariaDB: MariaDB Connector/C server-side prepared statements
// (mysql_stmt_*), prepared once, parameters and results bound once to fixed buffers,
// results buffered with mysql_stmt_store_result (as toasty's driver does), rows read into
// plain structs. Also loads the shared dataset.
#include <mysql.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "common.hpp"
#include "server_dataset.hpp"

namespace bench {

namespace {

[[noreturn]] void fail(MYSQL* m, const std::string& what) {
  throw std::runtime_error("mysql: " + what + ": " + mysql_error(m));
}
[[noreturn]] void fail(MYSQL_STMT* s, const std::string& what) {
  throw std::runtime_error("mysql: " + what + ": " + mysql_stmt_error(s));
}

MYSQL* connect() {
  static const bool init = (mysql_library_init(0, nullptr, nullptr), true);
  (void)init;
  const ServerUrl u = parse_server_url(server_url("mysql"));
  MYSQL* m = mysql_init(nullptr);
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (mysql_real_connect(m, u.host.c_str(), u.user.c_str(), u.password.c_str(),
                         u.database.c_str(), u.port != 0 ? u.port : 3306, nullptr, 0) == nullptr)
    fail(m, "connect");
  return m;
}

void query(MYSQL* m, const std::string& sql) {
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) fail(m, sql);
  if (MYSQL_RES* r = mysql_store_result(m)) mysql_free_result(r);
}

// A string buffer for parameters and results.
struct Text {
  char buf[256];
  unsigned long len = 0;
  void set(const std::string& s) {
    len = static_cast<unsigned long>(std::min(s.size(), sizeof buf));
    std::memcpy(buf, s.data(), len);
  }
  std::string get() const { return std::string(buf, std::min<std::size_t>(len, sizeof buf)); }
};

MYSQL_BIND bind_text(Text& t) {
  MYSQL_BIND b;
  std::memset(&b, 0, sizeof b);
  b.buffer_type = MYSQL_TYPE_STRING;
  b.buffer = t.buf;
  b.buffer_length = sizeof t.buf;
  b.length = &t.len;
  return b;
}
MYSQL_BIND bind_i64(std::int64_t& v) {
  MYSQL_BIND b;
  std::memset(&b, 0, sizeof b);
  b.buffer_type = MYSQL_TYPE_LONGLONG;
  b.buffer = &v;
  return b;
}
MYSQL_BIND bind_u64(std::uint64_t& v) {
  MYSQL_BIND b = {};
  std::memset(&b, 0, sizeof b);
  b.buffer_type = MYSQL_TYPE_LONGLONG;
  b.buffer = &v;
  b.is_unsigned = 1;
  return b;
}
MYSQL_BIND bind_tiny(signed char& v) {
  MYSQL_BIND b;
  std::memset(&b, 0, sizeof b);
  b.buffer_type = MYSQL_TYPE_TINY;
  b.buffer = &v;
  return b;
}

struct Stmt {
  MYSQL_STMT* s = nullptr;
  Stmt(MYSQL* m, const std::string& sql, std::vector<MYSQL_BIND> params,
       std::vector<MYSQL_BIND> results) {
    s = mysql_stmt_init(m);
    if (mysql_stmt_prepare(s, sql.data(), sql.size()) != 0) fail(s, "prepare " + sql);
    if (!params.empty() && mysql_stmt_bind_param(s, params.data()) != 0) fail(s, "bind " + sql);
    if (!results.empty() && mysql_stmt_bind_result(s, results.data()) != 0)
      fail(s, "bind result " + sql);
  }
  void execute() {
    if (mysql_stmt_execute(s) != 0) fail(s, "execute");
  }
  // Executes a select, buffers its rows and calls row() for each.
  template <class F>
  void rows(F&& row) {
    execute();
    if (mysql_stmt_store_result(s) != 0) fail(s, "store_result");
    int rc;
    while ((rc = mysql_stmt_fetch(s)) == 0) row();
    if (rc == MYSQL_DATA_TRUNCATED) throw std::runtime_error("mysql: a value was truncated");
    if (rc != MYSQL_NO_DATA) fail(s, "fetch");
    mysql_stmt_free_result(s);
  }
};

struct Raw {
  MYSQL* m;
  // Parameter buffers.
  std::uint64_t p_id = 0;
  Text p_text, p_name, p_email, p_country;
  std::int64_t p_age = 0;
  std::vector<std::uint64_t> p_ids;
  // Result buffers.
  std::uint64_t r_id = 0, r_user = 0;
  Text r_name, r_email, r_country, r_title;
  std::int64_t r_age = 0;
  signed char r_done = 0;

  Stmt get_pk, get_email, by_country, all_users, insert_user, insert_user_id, todos_in,
      update_name, delete_user, delete_inserted;

  std::vector<MYSQL_BIND> user_result() {
    return {bind_u64(r_id), bind_text(r_name), bind_text(r_email), bind_text(r_country),
            bind_i64(r_age)};
  }
  std::vector<MYSQL_BIND> in_params() {
    p_ids.assign(config().per_country, 0);
    std::vector<MYSQL_BIND> out;
    for (auto& id : p_ids) out.push_back(bind_u64(id));
    return out;
  }
  static std::string in_list(std::uint64_t n) {
    std::string s;
    for (std::uint64_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
    return s;
  }

  static constexpr const char* kCols = "SELECT id, name, email, country, age FROM users";

  Raw()
      : m(connect()),
        get_pk(m, std::string(kCols) + " WHERE id = ?", {bind_u64(p_id)}, user_result()),
        get_email(m, std::string(kCols) + " WHERE email = ?", {bind_text(p_text)},
                  user_result()),
        by_country(m, std::string(kCols) + " WHERE country = ?", {bind_text(p_text)},
                   user_result()),
        all_users(m, kCols, {}, user_result()),
        insert_user(m, "INSERT INTO users (name, email, country, age) VALUES (?, ?, ?, ?)",
                    {bind_text(p_name), bind_text(p_email), bind_text(p_country), bind_i64(p_age)},
                    {}),
        insert_user_id(m,
                       "INSERT INTO users (id, name, email, country, age) VALUES (?, ?, ?, ?, ?)",
                       {bind_u64(p_id), bind_text(p_name), bind_text(p_email),
                        bind_text(p_country), bind_i64(p_age)},
                       {}),
        todos_in(m,
                 "SELECT id, user_id, title, done FROM todos WHERE user_id IN (" +
                     in_list(config().per_country) + ")",
                 in_params(),
                 {bind_u64(r_id), bind_u64(r_user), bind_text(r_title), bind_tiny(r_done)}),
        update_name(m, "UPDATE users SET name = ? WHERE id = ?",
                    {bind_text(p_name), bind_u64(p_id)}, {}),
        delete_user(m, "DELETE FROM users WHERE id = ?", {bind_u64(p_id)}, {}),
        delete_inserted(m, "DELETE FROM users WHERE id > ?", {bind_u64(p_id)}, {}) {}

  UserRow user() const {
    return UserRow{r_id, r_name.get(), r_email.get(), r_country.get(), r_age};
  }

  UserRow get_one(Stmt& st) {
    UserRow u;
    int n = 0;
    st.rows([&] {
      u = user();
      ++n;
    });
    expect(n == 1, "mysql: one row");
    return u;
  }

  std::vector<UserRow> users(Stmt& st) {
    std::vector<UserRow> out;
    st.rows([&] { out.push_back(user()); });
    return out;
  }

  std::uint64_t insert(const std::string& name, const std::string& email,
                       const std::string& country, std::int64_t age) {
    p_name.set(name);
    p_email.set(email);
    p_country.set(country);
    p_age = age;
    insert_user.execute();
    return mysql_stmt_insert_id(insert_user.s);
  }

  void drop_inserted() {
    p_id = config().users;
    delete_inserted.execute();
  }
};

Raw& raw() {
  static Raw* r = [] {
    mysql_dataset();
    return new Raw();  // never destroyed: Stmt keeps pointers into it
  }();
  return *r;
}

const bool registered = [] {
  if (server_url("mysql").empty()) return false;
  const std::string b = "mysql", side = "raw";

  add("get_by_pk", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      r.p_id = keys.next();
      UserRow u = r.get_one(r.get_pk);
      benchmark::DoNotOptimize(u);
    }
  });

  add("get_by_unique", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      r.p_text.set(user_email(keys.next()));
      UserRow u = r.get_one(r.get_email);
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
      query(r.m, "START TRANSACTION");
      for (std::uint64_t i = 1; i <= n; ++i) {
        std::uint64_t id = r.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
        benchmark::DoNotOptimize(id);
      }
      query(r.m, "COMMIT");
      {
        Untimed untimed(state);  // neither timed nor counted
        r.drop_inserted();
        settle();
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  // Multi-row INSERT ... RETURNING id (MariaDB 10.5+), kManyBatch rows per statement, in
  // one transaction.
  add("insert_many", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    const std::uint64_t n = config().bulk;
    const std::uint64_t per = std::min(kManyBatch, n);
    // Parameter buffers for one statement's rows (stable addresses: binds point into them).
    std::vector<Text> names(per), emails(per), countries(per);
    std::vector<std::int64_t> ages(per);
    std::uint64_t id = 0;
    auto make = [&](std::uint64_t rows) {
      std::vector<MYSQL_BIND> params;
      for (std::uint64_t j = 0; j < rows; ++j) {
        params.push_back(bind_text(names[j]));
        params.push_back(bind_text(emails[j]));
        params.push_back(bind_text(countries[j]));
        params.push_back(bind_i64(ages[j]));
      }
      // MariaDB describes RETURNING's result only once executed: results are bound then.
      return std::make_unique<Stmt>(r.m, insert_users_returning_sql(rows, Dialect::Mysql), std::move(params),
                                    std::vector<MYSQL_BIND>{});
    };
    MYSQL_BIND id_bind = bind_u64(id);
    auto full = make(per);
    auto tail = n % per != 0 ? make(n % per) : nullptr;
    std::vector<std::uint64_t> ids;
    ids.reserve(n);
    for (auto _ : state) {
      ids.clear();
      query(r.m, "START TRANSACTION");
      for (std::uint64_t at = 0; at < n; at += per) {
        const std::uint64_t k = std::min(per, n - at);
        for (std::uint64_t j = 0; j < k; ++j) {
          const std::uint64_t i = at + j + 1;
          names[j].set(user_name(i));
          emails[j].set(fresh_email());
          countries[j].set(user_country(1));
          ages[j] = user_age(i);
        }
        MYSQL_STMT* s = (k == per ? full : tail)->s;
        if (mysql_stmt_execute(s) != 0) fail(s, "insert_many");
        if (mysql_stmt_bind_result(s, &id_bind) != 0 || mysql_stmt_store_result(s) != 0) fail(s, "insert_many ids");
        while (mysql_stmt_fetch(s) == 0) ids.push_back(id);
        mysql_stmt_free_result(s);
      }
      query(r.m, "COMMIT");
      expect(ids.size() == n, "insert_many row count");
      {
        Untimed untimed(state);  // neither timed nor counted
        r.drop_inserted();
        settle();
      }
    }
    for (Stmt* s : {full.get(), tail.get()})
      if (s != nullptr) mysql_stmt_close(s->s);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("filter_indexed", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    for (auto _ : state) {
      r.p_text.set(country(keys.next() - 1));
      std::vector<UserRow> users = r.users(r.by_country);
      expect(users.size() == config().per_country, "filter_indexed row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("read_all", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    for (auto _ : state) {
      std::vector<UserRow> users = r.users(r.all_users);
      expect(users.size() == config().users, "read_all row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("preload", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    for (auto _ : state) {
      r.p_text.set(country(keys.next() - 1));
      std::vector<UserRow> users = r.users(r.by_country);
      for (std::size_t i = 0; i < users.size() && i < r.p_ids.size(); ++i)
        r.p_ids[i] = users[i].id;
      std::vector<TodoRow> todos;
      r.todos_in.rows([&] {
        todos.push_back(TodoRow{r.r_id, r.r_user, r.r_title.get(), r.r_done != 0});
      });
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
      r.p_name.set(renamed(++i));
      r.p_id = keys.next();
      r.update_name.execute();
    }
  });

  add("remove_one", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    remove_loop(
        state,
        [&](std::uint64_t id) {
          r.p_id = id;
          r.delete_user.execute();
        },
        [&](const std::vector<std::uint64_t>& ids) {
          query(r.m, "START TRANSACTION");
          for (std::uint64_t id : ids) {
            r.p_id = id;
            r.p_name.set(user_name(id));
            r.p_email.set(user_email(id));
            r.p_country.set(user_country(id));
            r.p_age = user_age(id);
            r.insert_user_id.execute();
          }
          query(r.m, "COMMIT");
        });
  });

  return true;
}();

}  // namespace

void mysql_dataset() {
  once("mysql-dataset", [] {
    const Config& cfg = config();
    MYSQL* m = connect();
    for (const std::string& sql : drop_ddl(Dialect::Mysql)) query(m, sql);
    for (const std::string& sql : ddl(Dialect::Mysql)) query(m, sql);
    query(m, "START TRANSACTION");
    // Multi-row inserts of 1000 rows; ids come from AUTO_INCREMENT, 1..n in order.
    std::string sql;
    for (std::uint64_t i = 1; i <= cfg.users; ++i) {
      sql += sql.empty() ? "INSERT INTO users (name, email, country, age) VALUES " : ", ";
      sql.append("('").append(user_name(i)).append("', '").append(user_email(i));
      sql.append("', '").append(user_country(i)).append("', ");
      sql.append(std::to_string(user_age(i))).append(")");
      if (i % 1000 == 0 || i == cfg.users) {
        query(m, sql);
        sql.clear();
      }
    }
    std::uint64_t rows = 0;
    for (std::uint64_t i = 1; i <= cfg.users; ++i) {
      for (std::uint64_t j = 0; j < cfg.todos_per_user; ++j) {
        sql += sql.empty() ? "INSERT INTO todos (user_id, title, done) VALUES " : ", ";
        sql.append("(").append(std::to_string(i)).append(", '").append(todo_title(i, j));
        sql.append("', ").append(todo_done(j) ? "TRUE" : "FALSE").append(")");
        if (++rows % 1000 == 0) {
          query(m, sql);
          sql.clear();
        }
      }
    }
    if (!sql.empty()) query(m, sql);
    query(m, "COMMIT");
    query(m, "ANALYZE TABLE users, todos");
    // Warm the buffer pool evenly for every side.
    query(m, "SELECT COUNT(*), SUM(LENGTH(name) + LENGTH(email) + age) FROM users");
    query(m, "SELECT COUNT(*), SUM(LENGTH(title) + done) FROM todos");
    if (mysql_real_query(m, "SELECT COUNT(*), MAX(id) FROM users", 35) != 0) fail(m, "count");
    MYSQL_RES* res = mysql_store_result(m);
    MYSQL_ROW row = mysql_fetch_row(res);
    expect(row != nullptr && std::stoull(row[0]) == cfg.users && std::stoull(row[1]) == cfg.users,
           "mysql user ids are 1..n");
    mysql_free_result(res);
    mysql_close(m);
  });
}

}  // namespace bench
