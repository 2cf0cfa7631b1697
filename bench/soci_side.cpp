// SOCI side of the scenarios (see soci_side.hpp for how SOCI is used).
#include "soci_side.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "common.hpp"

namespace bench {

namespace {

struct Env {
  soci::session& sql;
  SociBackend backend;

  // Variables the statements are bound to.
  long long key = 0;
  std::string text_key;
  long long new_id = 0;
  UserRow in;                    // values an insert/update uses
  long long in_id = 0;
  long long in_age = 0;
  long long out_id = 0;          // a user row read by a select
  std::string out_name, out_email, out_country;
  long long out_age = 0;
  long long t_id = 0, t_user = 0;  // a todo row
  std::string t_title;
  int t_done = 0;
  std::vector<long long> in_ids;  // the IN list of preload
  long long limit_id = 0;

  std::unique_ptr<soci::statement> get_pk, get_email, insert_user, insert_user_id, by_country,
      all_users, todos_in, update_name, delete_user, delete_inserted;

  Env(soci::session& s, const SociBackend& b) : sql(s), backend(b) {
    using soci::into;
    using soci::use;
    const std::string cols = "SELECT id, name, email, country, age FROM users";
    auto user_into = [&](auto&& p) {
      return std::make_unique<soci::statement>(
          (p, into(out_id), into(out_name), into(out_email), into(out_country), into(out_age)));
    };
    get_pk = user_into((sql.prepare << cols + " WHERE id = :id", use(key)));
    get_email = user_into((sql.prepare << cols + " WHERE email = :email", use(text_key)));
    by_country = user_into((sql.prepare << cols + " WHERE country = :c", use(text_key)));
    all_users = user_into(sql.prepare << cols);
    const std::string ins =
        "INSERT INTO users (name, email, country, age) VALUES (:name, :email, :country, :age)";
    if (backend.insert_returning) {
      insert_user = std::make_unique<soci::statement>(
          (sql.prepare << ins + " RETURNING id", use(in.name), use(in.email), use(in.country),
           use(in_age), into(new_id)));
    } else {
      insert_user = std::make_unique<soci::statement>(
          (sql.prepare << ins, use(in.name), use(in.email), use(in.country), use(in_age)));
    }
    insert_user_id = std::make_unique<soci::statement>(
        (sql.prepare << "INSERT INTO users (id, name, email, country, age) "
                        "VALUES (:id, :name, :email, :country, :age)",
         use(in_id), use(in.name), use(in.email), use(in.country), use(in_age)));
    update_name = std::make_unique<soci::statement>(
        (sql.prepare << "UPDATE users SET name = :name WHERE id = :id", use(in.name), use(key)));
    delete_user = std::make_unique<soci::statement>(
        (sql.prepare << "DELETE FROM users WHERE id = :id", use(key)));
    delete_inserted = std::make_unique<soci::statement>(
        (sql.prepare << "DELETE FROM users WHERE id > :id", use(limit_id)));

    // The IN list: as many placeholders as users per country, bound one by one.
    in_ids.assign(config().per_country, 0);
    std::string q = "SELECT id, user_id, title, done FROM todos WHERE user_id IN (";
    todos_in = std::make_unique<soci::statement>(sql);
    todos_in->exchange(into(t_id));
    todos_in->exchange(into(t_user));
    todos_in->exchange(into(t_title));
    todos_in->exchange(into(t_done));
    for (std::size_t i = 0; i < in_ids.size(); ++i) {
      q += (i == 0 ? ":p" : ", :p") + std::to_string(i);
      todos_in->exchange(use(in_ids[i]));
    }
    q += ")";
    todos_in->alloc();
    todos_in->prepare(q);
    todos_in->define_and_bind();
  }

  UserRow user_out() const {
    return UserRow{static_cast<std::uint64_t>(out_id), out_name, out_email, out_country, out_age};
  }

  std::uint64_t insert(std::string name, std::string email, const std::string& country,
                       std::int64_t age) {
    in.name = std::move(name);
    in.email = std::move(email);
    in.country = country;
    in_age = age;
    insert_user->execute(true);
    if (!backend.insert_returning) sql.get_last_insert_id("users", new_id);
    return static_cast<std::uint64_t>(new_id);
  }

  std::vector<UserRow> users_by_country(const std::string& c) {
    text_key = c;
    std::vector<UserRow> out;
    by_country->execute();
    while (by_country->fetch()) out.push_back(user_out());
    return out;
  }

  void drop_inserted() {
    limit_id = static_cast<long long>(config().users);
    delete_inserted->execute(true);
  }
};

}  // namespace

void register_soci(const SociBackend& backend, std::function<soci::session&()> session) {
  const std::string& b = backend.name;
  const std::string side = "soci";
  // One Env per backend, made on first use and never destroyed: its statements must not
  // outlive the session, and static destruction order across files is not ours to pick.
  // Kept reachable from a static, as the sessions are: not a leak once the benchmarks go.
  static auto* const envs = new std::vector<Env*>();
  auto env = [backend, session, cache = std::make_shared<Env*>(nullptr)]() -> Env& {
    if (*cache == nullptr) envs->push_back(*cache = new Env(session(), backend));
    return **cache;
  };

  add("get_by_pk", b, side, [env](benchmark::State& state) {
    Env& e = env();
    KeySeq keys(config().users);
    for (auto _ : state) {
      e.key = static_cast<long long>(keys.next());
      expect(e.get_pk->execute(true), "get_by_pk: no row");
      UserRow u = e.user_out();
      benchmark::DoNotOptimize(u);
    }
  });

  add("get_by_unique", b, side, [env](benchmark::State& state) {
    Env& e = env();
    KeySeq keys(config().users);
    for (auto _ : state) {
      e.text_key = user_email(keys.next());
      expect(e.get_email->execute(true), "get_by_unique: no row");
      UserRow u = e.user_out();
      benchmark::DoNotOptimize(u);
    }
  });

  add("insert_one", b, side, [env](benchmark::State& state) {
    Env& e = env();
    std::uint64_t i = 0;
    for (auto _ : state) {
      ++i;
      std::uint64_t id = e.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
      benchmark::DoNotOptimize(id);
    }
    e.drop_inserted();
  });

  add("insert_bulk", b, side, [env](benchmark::State& state) {
    Env& e = env();
    const std::uint64_t n = config().bulk;
    for (auto _ : state) {
      soci::transaction tr(e.sql);
      for (std::uint64_t i = 1; i <= n; ++i) {
        std::uint64_t id = e.insert(user_name(i), fresh_email(), user_country(1), user_age(i));
        benchmark::DoNotOptimize(id);
      }
      tr.commit();
      {
        Untimed untimed(state);  // neither timed nor counted
        e.drop_inserted();
        settle();
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("filter_indexed", b, side, [env](benchmark::State& state) {
    Env& e = env();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<UserRow> users = e.users_by_country(country(keys.next() - 1));
      expect(users.size() == config().per_country, "filter_indexed row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("read_all", b, side, [env](benchmark::State& state) {
    Env& e = env();
    for (auto _ : state) {
      std::vector<UserRow> users;
      e.all_users->execute();
      while (e.all_users->fetch()) users.push_back(e.user_out());
      expect(users.size() == config().users, "read_all row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("preload", b, side, [env](benchmark::State& state) {
    Env& e = env();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<UserRow> users = e.users_by_country(country(keys.next() - 1));
      for (std::size_t i = 0; i < users.size() && i < e.in_ids.size(); ++i)
        e.in_ids[i] = static_cast<long long>(users[i].id);
      std::vector<TodoRow> todos;
      e.todos_in->execute();
      while (e.todos_in->fetch())
        todos.push_back(TodoRow{static_cast<std::uint64_t>(e.t_id),
                                static_cast<std::uint64_t>(e.t_user), e.t_title, e.t_done != 0});
      auto out = attach(std::move(users), std::move(todos));
      check_preload(out);
      benchmark::DoNotOptimize(out.data());
    }
  });

  add("update_one", b, side, [env](benchmark::State& state) {
    Env& e = env();
    KeySeq keys(config().users);
    std::uint64_t i = 0;
    for (auto _ : state) {
      e.in.name = renamed(++i);
      e.key = static_cast<long long>(keys.next());
      e.update_name->execute(true);
    }
  });

  add("remove_one", b, side, [env](benchmark::State& state) {
    Env& e = env();
    remove_loop(
        state,
        [&](std::uint64_t id) {
          e.key = static_cast<long long>(id);
          e.delete_user->execute(true);
        },
        [&](const std::vector<std::uint64_t>& ids) {
          soci::transaction tr(e.sql);
          for (std::uint64_t id : ids) {
            e.in_id = static_cast<long long>(id);
            e.in.name = user_name(id);
            e.in.email = user_email(id);
            e.in.country = user_country(id);
            e.in_age = user_age(id);
            e.insert_user_id->execute(true);
          }
          tr.commit();
        });
  });
}

}  // namespace bench
