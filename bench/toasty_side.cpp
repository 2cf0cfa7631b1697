// toasty side of the scenarios. Everything goes through the generated model API, the way
// an application would write it; the Db executor takes a pooled connection per statement.
#include "toasty_side.hpp"

#include "common.hpp"
#include "schema.toasty.hpp"

namespace bench {

namespace {

using benchdb::Todo;
using benchdb::User;

// Back to the loaded dataset: users inserted by insert_one / insert_bulk go away.
void drop_inserted_users(toasty::Db& db) {
  User::filter(User::fields().id().gt(config().users)).remove(db);
}

void reinsert_users(toasty::Db& db, const std::vector<std::uint64_t>& ids) {
  auto tx = db.transaction();
  for (std::uint64_t id : ids) {
    User::create()
        .id(id)
        .name(user_name(id))
        .email(user_email(id))
        .country(user_country(id))
        .age(user_age(id))
        .exec(tx);
  }
  tx.commit();
}

}  // namespace

void register_toasty(const std::string& backend, std::function<toasty::Db&()> get_db) {
  const std::string side = "toasty";

  add("get_by_pk", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    KeySeq keys(config().users);
    for (auto _ : state) {
      const std::uint64_t id = keys.next();
      User u = User::get_by_id(db, id);
      benchmark::DoNotOptimize(u);
    }
  });

  add("get_by_unique", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    KeySeq keys(config().users);
    for (auto _ : state) {
      User u = User::get_by_email(db, user_email(keys.next()));
      benchmark::DoNotOptimize(u);
    }
  });

  add("insert_one", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    std::uint64_t i = 0;
    for (auto _ : state) {
      ++i;
      User u = User::create()
                   .name(user_name(i))
                   .email(fresh_email())
                   .country(user_country(1))
                   .age(user_age(i))
                   .exec(db);
      benchmark::DoNotOptimize(u.id);
    }
    drop_inserted_users(db);
  });

  add("insert_bulk", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    const std::uint64_t n = config().bulk;
    for (auto _ : state) {
      {
        auto tx = db.transaction();  // holds its pooled connection until destroyed
        for (std::uint64_t i = 1; i <= n; ++i) {
          User u = User::create()
                       .name(user_name(i))
                       .email(fresh_email())
                       .country(user_country(1))
                       .age(user_age(i))
                       .exec(tx);
          benchmark::DoNotOptimize(u.id);
        }
        tx.commit();
      }
      {
        Untimed untimed(state);  // neither timed nor counted
        drop_inserted_users(db);
        settle();
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("insert_many", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    const std::uint64_t n = config().bulk;
    for (auto _ : state) {
      auto batch = User::create_many();
      for (std::uint64_t i = 1; i <= n; ++i)
        batch.item(User::create().name(user_name(i)).email(fresh_email()).country(user_country(1)).age(user_age(i)));
      std::vector<User> users = batch.exec(db);
      expect(users.size() == n, "insert_many row count");
      benchmark::DoNotOptimize(users.data());
      {
        Untimed untimed(state);  // neither timed nor counted
        drop_inserted_users(db);
        settle();
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  });

  add("filter_indexed", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<User> users = User::filter_by_country(country(keys.next() - 1)).exec(db);
      expect(users.size() == config().per_country, "filter_indexed row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  add("read_all", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    for (auto _ : state) {
      std::vector<User> users = User::all().exec(db);
      expect(users.size() == config().users, "read_all row count");
      benchmark::DoNotOptimize(users.data());
    }
  });

  // Every todo, one at a time, none kept: Query::stream() (constant memory).
  add("stream_all", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    const std::uint64_t rows = config().users * config().todos_per_user;
    for (auto _ : state) {
      std::uint64_t n = 0, sum = 0;
      for (Todo& t : Todo::all().stream(db)) {
        ++n;
        sum += t.user_id + t.title.size();
      }
      expect(n == rows, "stream_all row count");
      benchmark::DoNotOptimize(sum);
    }
  });

  // The two statements .include(User::fields().todos()) runs (the users, then their todos
  // by an IN list), written out: the schema has no relation (see schema.toasty).
  add("preload", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    KeySeq keys(country_count());
    for (auto _ : state) {
      std::vector<User> users = User::filter_by_country(country(keys.next() - 1)).exec(db);
      std::vector<std::uint64_t> ids;
      ids.reserve(users.size());
      for (const User& u : users) ids.push_back(u.id);
      std::vector<Todo> todos = Todo::filter(Todo::fields().user_id().in_list(ids)).exec(db);
      auto out = attach(std::move(users), std::move(todos));
      check_preload(out);
      benchmark::DoNotOptimize(out.data());
    }
  });

  add("update_one", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    KeySeq keys(config().users);
    std::uint64_t i = 0;
    for (auto _ : state) {
      User::filter_by_id(keys.next()).update().name(renamed(++i)).exec(db);
    }
  });

  add("remove_one", backend, side, [get_db](benchmark::State& state) {
    toasty::Db& db = get_db();
    remove_loop(
        state, [&](std::uint64_t id) { User::filter_by_id(id).remove(db); },
        [&](const std::vector<std::uint64_t>& ids) { reinsert_users(db, ids); });
  });
}

}  // namespace bench
