// The raw C API side on PostgreSQL: libpq, statements prepared once per connection
// (PQprepare / PQexecPrepared), text parameters, binary results (as toasty's driver
// requests them), rows read into plain structs. Also loads the shared dataset.
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <endian.h>
#include <stdexcept>
#include <string>

#include "common.hpp"
#include "server_dataset.hpp"

namespace bench {

namespace {

struct Result {
  PGresult* r;
  explicit Result(PGresult* p) : r(p) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(r); }
};

[[noreturn]] void fail(PGconn* c, const std::string& what) {
  throw std::runtime_error("postgresql: " + what + ": " + PQerrorMessage(c));
}

PGconn* connect(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) fail(c, "connect");
  return c;
}

void exec(PGconn* c, const std::string& sql) {
  Result r(PQexec(c, sql.c_str()));
  const auto st = PQresultStatus(r.r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(c, sql);
}

std::int64_t get_i64(const PGresult* r, int row, int col) {
  std::uint64_t v;
  std::memcpy(&v, PQgetvalue(r, row, col), 8);
  return static_cast<std::int64_t>(be64toh(v));
}

std::string get_text(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}

UserRow read_user(const PGresult* r, int row) {
  return UserRow{static_cast<std::uint64_t>(get_i64(r, row, 0)), get_text(r, row, 1),
                 get_text(r, row, 2), get_text(r, row, 3), get_i64(r, row, 4)};
}

TodoRow read_todo(const PGresult* r, int row) {
  return TodoRow{static_cast<std::uint64_t>(get_i64(r, row, 0)),
                 static_cast<std::uint64_t>(get_i64(r, row, 1)), get_text(r, row, 2),
                 *PQgetvalue(r, row, 3) != 0};
}

// A decimal integer parameter in a small inline buffer.
struct IntText {
  char buf[24];
  explicit IntText(std::int64_t v) { *std::to_chars(buf, buf + sizeof buf - 1, v).ptr = '\0'; }
  const char* c_str() const { return buf; }
};

struct Raw {
  PGconn* c;

  explicit Raw(const std::string& url) : c(connect(url)) {
    const std::string cols = "SELECT id, name, email, country, age FROM users";
    prepare("get_pk", cols + " WHERE id = $1");
    prepare("get_email", cols + " WHERE email = $1");
    prepare("by_country", cols + " WHERE country = $1");
    prepare("all_users", cols);
    prepare("all_todos", "SELECT id, user_id, title, done FROM todos");
    prepare("insert_user",
            "INSERT INTO users (name, email, country, age) VALUES ($1, $2, $3, $4) RETURNING id");
    prepare("insert_user_id",
            "INSERT INTO users (id, name, email, country, age) VALUES ($1, $2, $3, $4, $5)");
    std::string in;
    for (std::uint64_t i = 1; i <= config().per_country; ++i)
      in += (i == 1 ? "$" : ", $") + std::to_string(i);
    prepare("todos_in", "SELECT id, user_id, title, done FROM todos WHERE user_id IN (" + in + ")");
    prepare("update_name", "UPDATE users SET name = $1 WHERE id = $2");
    prepare("delete_user", "DELETE FROM users WHERE id = $1");
    prepare("delete_inserted", "DELETE FROM users WHERE id > $1");
  }

  void prepare(const char* name, const std::string& sql) {
    Result r(PQprepare(c, name, sql.c_str(), 0, nullptr));
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK) fail(c, "prepare " + sql);
  }

  // Executes a prepared statement with text parameters; binary results.
  PGresult* run(const char* name, int n, const char* const* values, ExecStatusType expected) {
    PGresult* r = PQexecPrepared(c, name, n, values, nullptr, nullptr, 1);
    if (PQresultStatus(r) != expected) {
      PQclear(r);
      fail(c, name);
    }
    return r;
  }

  UserRow get_one(const char* name, const char* param) {
    Result r(run(name, 1, &param, PGRES_TUPLES_OK));
    if (PQntuples(r.r) != 1) throw std::runtime_error("postgresql: no row");
    return read_user(r.r, 0);
  }

  std::vector<UserRow> users(const char* name, int n, const char* const* params) {
    Result r(run(name, n, params, PGRES_TUPLES_OK));
    const int rows = PQntuples(r.r);
    std::vector<UserRow> out;
    out.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) out.push_back(read_user(r.r, i));
    return out;
  }

  std::uint64_t insert(const std::string& name, const std::string& email,
                       const std::string& country, std::int64_t age) {
    IntText a(age);
    const char* p[4] = {name.c_str(), email.c_str(), country.c_str(), a.c_str()};
    Result r(run("insert_user", 4, p, PGRES_TUPLES_OK));
    return static_cast<std::uint64_t>(get_i64(r.r, 0, 0));
  }

  void command(const char* name, int n, const char* const* params) {
    Result r(run(name, n, params, PGRES_COMMAND_OK));
  }

  void drop_inserted() {
    IntText n(static_cast<std::int64_t>(config().users));
    const char* p = n.c_str();
    command("delete_inserted", 1, &p);
  }
};

Raw& raw() {
  static Raw r = [] {
    pg_dataset();
    return Raw(server_url("postgresql"));
  }();
  return r;
}

const bool registered = [] {
  if (server_url("postgresql").empty()) return false;
  const std::string b = "postgresql", side = "raw";
  // Dead rows left by deletes and updates are vacuumed before the next measurement.
  on_settle(b, [] { exec(raw().c, "VACUUM ANALYZE users"); });

  add("get_by_pk", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      IntText id(static_cast<std::int64_t>(keys.next()));
      UserRow u = r.get_one("get_pk", id.c_str());
      benchmark::DoNotOptimize(u);
    }
  });

  add("get_by_unique", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(config().users);
    for (auto _ : state) {
      UserRow u = r.get_one("get_email", user_email(keys.next()).c_str());
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
      exec(r.c, "BEGIN");
      for (std::uint64_t i = 1; i <= n; ++i) {
        std::uint64_t id = r.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
        benchmark::DoNotOptimize(id);
      }
      exec(r.c, "COMMIT");
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
    auto many_sql = [](std::uint64_t rows) { return insert_users_returning_sql(rows, Dialect::Postgresql); };
    r.prepare("insert_many_full", many_sql(per));
    if (n % per != 0) r.prepare("insert_many_tail", many_sql(n % per));
    std::vector<std::string> names(per), emails(per), ages(per);
    std::vector<const char*> params(per * 4);
    std::vector<std::uint64_t> ids;
    ids.reserve(n);
    for (auto _ : state) {
      ids.clear();
      exec(r.c, "BEGIN");
      for (std::uint64_t at = 0; at < n; at += per) {
        const std::uint64_t k = std::min(per, n - at);
        for (std::uint64_t j = 0; j < k; ++j) {
          const std::uint64_t i = at + j + 1;
          names[j] = user_name(i);
          emails[j] = fresh_email();
          ages[j] = std::to_string(user_age(i));
          params[j * 4] = names[j].c_str();
          params[j * 4 + 1] = emails[j].c_str();
          params[j * 4 + 2] = user_country(1).c_str();
          params[j * 4 + 3] = ages[j].c_str();
        }
        Result res(r.run(k == per ? "insert_many_full" : "insert_many_tail", static_cast<int>(k * 4),
                         params.data(), PGRES_TUPLES_OK));
        for (int row = 0; row < PQntuples(res.r); ++row) ids.push_back(static_cast<std::uint64_t>(get_i64(res.r, row, 0)));
      }
      exec(r.c, "COMMIT");
      expect(ids.size() == n, "insert_many row count");
      {
        Untimed untimed(state);  // neither timed nor counted
        r.drop_inserted();
        settle();
      }
    }
    exec(r.c, "DEALLOCATE insert_many_full");
    if (n % per != 0) exec(r.c, "DEALLOCATE insert_many_tail");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("filter_indexed", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    for (auto _ : state) {
      const char* p = country(keys.next() - 1).c_str();
      std::vector<UserRow> users = r.users("by_country", 1, &p);
      expect(users.size() == config().per_country, "filter_indexed row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("read_all", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    for (auto _ : state) {
      std::vector<UserRow> users = r.users("all_users", 0, nullptr);
      expect(users.size() == config().users, "read_all row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  // libpq's single-row mode: one row in memory at a time.
  add("stream_all", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    const std::uint64_t rows = config().users * config().todos_per_user;
    for (auto _ : state) {
      std::uint64_t n = 0, sum = 0;
      if (PQsendQueryPrepared(r.c, "all_todos", 0, nullptr, nullptr, nullptr, 1) == 0 || PQsetSingleRowMode(r.c) == 0)
        fail(r.c, "stream_all");
      while (PGresult* res = PQgetResult(r.c)) {
        Result owned(res);
        const ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE) {
          TodoRow t = read_todo(res, 0);
          ++n;
          sum += t.user_id + t.title.size();
        } else if (st != PGRES_TUPLES_OK) {
          fail(r.c, "stream_all");
        }
      }
      expect(n == rows, "stream_all row count");
      benchmark::DoNotOptimize(sum);
    }
  });

  add("preload", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    KeySeq keys(country_count());
    std::vector<IntText> ids;
    std::vector<const char*> params;
    for (auto _ : state) {
      const char* p = country(keys.next() - 1).c_str();
      std::vector<UserRow> users = r.users("by_country", 1, &p);
      ids.clear();
      params.clear();
      for (const UserRow& u : users) ids.emplace_back(static_cast<std::int64_t>(u.id));
      for (const IntText& t : ids) params.push_back(t.c_str());
      std::vector<TodoRow> todos;
      {
        Result res(r.run("todos_in", static_cast<int>(params.size()), params.data(),
                         PGRES_TUPLES_OK));
        const int rows = PQntuples(res.r);
        todos.reserve(static_cast<std::size_t>(rows));
        for (int i = 0; i < rows; ++i) todos.push_back(read_todo(res.r, i));
      }
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
      IntText id(static_cast<std::int64_t>(keys.next()));
      const char* p[2] = {renamed(++i).c_str(), id.c_str()};
      r.command("update_name", 2, p);
    }
  });

  add("remove_one", b, side, [](benchmark::State& state) {
    Raw& r = raw();
    remove_loop(
        state,
        [&](std::uint64_t id) {
          IntText t(static_cast<std::int64_t>(id));
          const char* p = t.c_str();
          r.command("delete_user", 1, &p);
        },
        [&](const std::vector<std::uint64_t>& ids) {
          exec(r.c, "BEGIN");
          for (std::uint64_t id : ids) {
            IntText t(static_cast<std::int64_t>(id)), age(user_age(id));
            const std::string name = user_name(id);
            const char* p[5] = {t.c_str(), name.c_str(), user_email(id).c_str(),
                                user_country(id).c_str(), age.c_str()};
            r.command("insert_user_id", 5, p);
          }
          exec(r.c, "COMMIT");
        });
  });

  return true;
}();

}  // namespace

void pg_dataset() {
  once("postgresql-dataset", [] {
    const Config& cfg = config();
    PGconn* c = connect(server_url("postgresql"));
    exec(c, "SET client_min_messages = warning");
    for (const std::string& sql : drop_ddl(Dialect::Postgresql)) exec(c, sql);
    for (const std::string& sql : ddl(Dialect::Postgresql)) exec(c, sql);
    auto copy = [&](const char* sql, auto&& rows) {
      Result start(PQexec(c, sql));
      if (PQresultStatus(start.r) != PGRES_COPY_IN) fail(c, sql);
      std::string buf;
      rows(buf);
      if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1 ||
          PQputCopyEnd(c, nullptr) != 1)
        fail(c, "COPY data");
      Result end(PQgetResult(c));
      if (PQresultStatus(end.r) != PGRES_COMMAND_OK) fail(c, "COPY end");
      while (PGresult* extra = PQgetResult(c)) PQclear(extra);
    };
    // Ids come from the identity columns of the fresh tables: 1..n in COPY order.
    copy("COPY users (name, email, country, age) FROM STDIN", [&](std::string& buf) {
      for (std::uint64_t i = 1; i <= cfg.users; ++i)
        buf += user_name(i) + '\t' + user_email(i) + '\t' + user_country(i) + '\t' +
               std::to_string(user_age(i)) + '\n';
    });
    copy("COPY todos (user_id, title, done) FROM STDIN", [&](std::string& buf) {
      for (std::uint64_t i = 1; i <= cfg.users; ++i)
        for (std::uint64_t j = 0; j < cfg.todos_per_user; ++j)
          buf += std::to_string(i) + '\t' + todo_title(i, j) + '\t' + (todo_done(j) ? "t" : "f") +
                 '\n';
    });
    // Hint bits, visibility map and statistics now, so that the first side measured does
    // not pay for them.
    exec(c, "VACUUM ANALYZE users");
    exec(c, "VACUUM ANALYZE todos");
    {
      Result r(PQexec(c, "SELECT count(*), max(id) FROM users"));
      expect(PQresultStatus(r.r) == PGRES_TUPLES_OK &&
                 std::stoull(PQgetvalue(r.r, 0, 0)) == cfg.users &&
                 std::stoull(PQgetvalue(r.r, 0, 1)) == cfg.users,
             "postgresql user ids are 1..n");
    }
    PQfinish(c);
  });
}

}  // namespace bench
