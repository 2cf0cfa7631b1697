// RAII transactions, the connection pool under threads, and lost connections.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "app.toasty.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#include "support/recording_driver.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

class Tx : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models(), &rec_));
  }
  std::optional<toasty::Db> db_;
  toasty_test::RecordingDriver* rec_ = nullptr;
};

TEST_F(Tx, CommitAndRollbackReturnTheConnectionAtOnce) {
  TOASTY_REQUIRE_CAPABILITY(*db_, transactions);
  toasty::Options one;
  one.max_connections = 1;
  one.acquire_timeout = std::chrono::milliseconds(300);
  auto db = toasty_test::fresh_db(app::models(), nullptr, one);
  auto tx = db.transaction();
  auto ann = User::create().name("Ann").email("ann@x.io").country("NZ").exec(tx);
  tx.commit();
  // `tx` is still alive; with a pool of one its connection must be back already.
  EXPECT_EQ(User::get_by_id(db, ann.id).name, "Ann");
  auto tx2 = db.transaction();
  User::create().name("Bob").email("bob@x.io").country("NZ").exec(tx2);
  tx2.rollback();
  EXPECT_THROW(User::get_by_email(db, "bob@x.io"), toasty::NotFound);
  EXPECT_EQ(db.pool().idle_connections(), 1u);
  EXPECT_THROW(tx.commit(), toasty::InvalidStatement);  // ended already: a clear error
}

TEST_F(Tx, CommitKeepsRollbackDiscards) {
  TOASTY_REQUIRE_CAPABILITY(*db_, transactions);
  {
    auto tx = db_->transaction();
    User::create().name("Ann").email("ann@x.io").country("NZ").exec(tx);
    tx.commit();
  }
  {
    auto tx = db_->transaction();
    User::create().name("Bob").email("bob@x.io").country("NZ").exec(tx);
    EXPECT_EQ(User::all().allow_full_scan().exec(tx).size(), 2u);  // visible inside
    tx.rollback();
  }
  {
    auto tx = db_->transaction();
    User::create().name("Cat").email("cat@x.io").country("NZ").exec(tx);
    // destroyed without commit: rolled back
  }
  auto all = User::all().allow_full_scan().exec(*db_);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "Ann");
  EXPECT_THROW(
      {
        auto tx = db_->transaction();
        tx.commit();
        tx.commit();
      },
      toasty::InvalidStatement);
}

TEST_F(Tx, PoolServesManyThreads) {
  auto db = toasty_test::fresh_db(app::models(), nullptr, toasty::Options{.max_connections = 4});
  constexpr int kThreads = 4, kPer = 25;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPer; ++i) {
        try {
          auto n = std::to_string(t) + "-" + std::to_string(i);
          auto u = User::create().name(n).email(n + "@x.io").country("T" + std::to_string(t)).exec(db);
          if (User::get_by_id(db, u.id).name != n) ++errors;
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++errors;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(User::all().allow_full_scan().exec(db).size(), static_cast<std::size_t>(kThreads * kPer));
  EXPECT_LE(db.pool().open_connections(), db.pool().max_size());
}

// Tried as a new user would: one Db on an SQLite file, 8 threads creating at once. Writers
// queue for SQLite's single write lock; contention alone never reaches the caller as
// "database is locked".
TEST_F(Tx, SqliteFileTakesConcurrentWritersWithoutErrors) {
  if (db_->driver().name() != "sqlite") GTEST_SKIP() << "a file database is SQLite's (other backends: PoolServesManyThreads)";
  auto dir = std::filesystem::temp_directory_path() / ("toasty-writers-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = toasty::Db::connect("sqlite://" + (dir / "app.db").string(), app::models());
    db.push_schema();
    constexpr int kThreads = 8, kPer = 1000;
    std::vector<std::thread> threads;
    std::atomic<int> errors{0};
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPer; ++i) {
          try {
            auto n = std::to_string(t) + "-" + std::to_string(i);
            if (i % 10 == 9) {  // some in transactions of their own
              auto tx = db.transaction();
              User::create().name(n).email(n + "@x.io").country("T").exec(tx);
              tx.commit();
            } else {
              User::create().name(n).email(n + "@x.io").country("T").exec(db);
            }
            if (i % 5 == 0) (void)User::filter_by_country("T").limit(3).exec(db);  // readers too
          } catch (const std::exception& e) {
            if (errors++ < 3) ADD_FAILURE() << e.what();
          }
        }
      });
    for (auto& th : threads) th.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(User::filter_by_country("T").exec(db).size(), static_cast<std::size_t>(kThreads * kPer));
  }
  std::filesystem::remove_all(dir);
}

// Pool upkeep: min_idle connections open at connect and stay; those beyond it close after
// idle_timeout; any older than max_lifetime is replaced.
TEST_F(Tx, PoolKeepsMinIdleAndClosesIdleAndOldConnections) {
  toasty_test::RecordingDriver* rec = nullptr;
  auto db = toasty_test::fresh_db(app::models(), &rec,
                                  toasty::Options{.max_connections = 4, .min_idle = 2,
                                                  .idle_timeout = std::chrono::milliseconds(20)});
  EXPECT_GE(db.pool().open_connections(), 2u);
  {
    auto a = db.pool().acquire(), b = db.pool().acquire(), c = db.pool().acquire(), d = db.pool().acquire();
    EXPECT_EQ(db.pool().open_connections(), 4u);
  }
  EXPECT_EQ(db.pool().idle_connections(), 4u);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));  // past idle_timeout
  EXPECT_TRUE(User::all().allow_full_scan().exec(db).empty());
  EXPECT_EQ(db.pool().open_connections(), 2u);  // the two beyond min_idle were closed

  constexpr auto lifetime = std::chrono::milliseconds(200);
  auto old = toasty_test::fresh_db(app::models(), &rec, toasty::Options{.max_lifetime = lifetime});
  (void)User::all().allow_full_scan().exec(old);
  std::size_t opened = rec->connections_opened();
  std::this_thread::sleep_for(lifetime + std::chrono::milliseconds(50));  // past max_lifetime
  const auto replaced_at = std::chrono::steady_clock::now();
  (void)User::all().allow_full_scan().exec(old);
  EXPECT_EQ(rec->connections_opened(), opened + 1);  // replaced, not reused
  (void)User::all().allow_full_scan().exec(old);
  // The new one is reused while it is younger than max_lifetime (a loaded machine may take
  // longer than that between the two reads; then it is rightly replaced again).
  if (std::chrono::steady_clock::now() - replaced_at < lifetime) {
    EXPECT_EQ(rec->connections_opened(), opened + 1);
  }
}

TEST_F(Tx, AcquireTimesOutWithAClearError) {
  TOASTY_REQUIRE_CAPABILITY(*db_, transactions);  // holds the connection with db.transaction()
  auto db = toasty_test::fresh_db(app::models(), nullptr,
                                  toasty::Options{.max_connections = 1,
                                                  .acquire_timeout = std::chrono::milliseconds(100)});
  auto tx = db.transaction();  // holds the only connection
  try {
    User::all().allow_full_scan().exec(db);
    FAIL() << "expected a pool timeout";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
  }
}

// A read whose connection dies after some rows were decoded is retried from scratch:
// the caller gets every row once.
TEST_F(Tx, ReadLostMidStreamIsRetriedWithoutDuplicates) {
  for (const char* n : {"Ann", "Bob", "Cat"})
    User::create().name(n).email(std::string(n) + "@x.io").country("NZ").exec(*db_);
  std::size_t streamed = rec_->streamed_selects();
  rec_->fail_after_rows(1);
  auto users = User::filter_by_country("NZ").exec(*db_);
  std::vector<std::string> names;
  for (const auto& u : users) names.push_back(u.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Ann", "Bob", "Cat"}));
  if (toasty_test::backend_name() != "dynamodb") {
    // SQL drivers decode rows straight into the structs: the cut-off read and its retry.
    EXPECT_EQ(rec_->streamed_selects(), streamed + 2);
  }
  rec_->fail_after_rows(-1);
}

TEST_F(Tx, BrokenConnectionIsReplaced) {
  User::create().name("Ann").email("ann@x.io").country("NZ").exec(*db_);
  std::size_t opened = rec_->connections_opened();
  rec_->fail_next(1);  // the connection "dies" under the next read
  // A read is retried once on a fresh connection.
  EXPECT_EQ(User::all().allow_full_scan().exec(*db_).size(), 1u);
  EXPECT_GT(rec_->connections_opened(), opened);
  // A write on a dead connection reports the loss; the next one works.
  rec_->fail_next(1);
  EXPECT_THROW(User::create().name("Bob").email("bob@x.io").country("NZ").exec(*db_),
               toasty::ConnectionError);
  User::create().name("Bob").email("bob@x.io").country("NZ").exec(*db_);
  EXPECT_EQ(User::all().allow_full_scan().exec(*db_).size(), 2u);
}

}  // namespace

namespace {

// Kills, server-side, every connection of the test's database user but the killer's own
// (as a restart, a failover or an admin would). Skips the test where that cannot be done.
#define KILL_SERVER_CONNECTIONS(url)                                                                    \
  do {                                                                                                  \
    std::string why_;                                                                                   \
    std::string backend_ = toasty_test::backend_name();                                                \
    if (backend_ == "sqlite") GTEST_SKIP() << "sqlite is embedded: there is no server connection to kill"; \
    if (!kill_server_connections(backend_, url, &why_)) GTEST_SKIP() << why_;                          \
  } while (0)

bool kill_server_connections(const std::string& backend, const std::string& url, std::string* why) {
  if (backend == "postgresql") {
    return toasty_test::client_query(url,
                                     // With a timeout (PostgreSQL 14+), it returns once they are gone.
                                     "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND pid <> pg_backend_pid()",
                                     why)
        .has_value();
  }
  if (backend == "mysql") {
    auto ids = toasty_test::client_query(
        url, "SELECT id FROM information_schema.processlist WHERE user = SUBSTRING_INDEX(USER(), '@', 1) "
             "AND id <> CONNECTION_ID()", why);
    if (!ids) return false;
    std::string kills;
    for (std::size_t pos = 0, end; pos < ids->size(); pos = end + 1) {
      end = ids->find('\n', pos);
      if (end == std::string::npos) end = ids->size();
      std::string id = ids->substr(pos, end - pos);
      if (!id.empty()) kills += "KILL " + id + "; ";
    }
    if (kills.empty()) {
      *why = "the pool holds no connection to kill";
      return false;
    }
    return toasty_test::client_query(url, kills, why).has_value();
  }
  *why = backend + " has no connection-killing hook in this test";
  return false;
}

// The server kills every connection of the pool; the next operation succeeds on a fresh
// connection.
TEST_F(Tx, ServerKilledConnectionsAreReplaced) {
  User::create().name("Ann").email("ann@x.io").country("NZ").exec(*db_);
  std::size_t opened = rec_->connections_opened();
  KILL_SERVER_CONNECTIONS(url_);
  EXPECT_EQ(User::all().allow_full_scan().exec(*db_).size(), 1u);  // the read is retried on a new connection
  EXPECT_GT(rec_->connections_opened(), opened);
  User::create().name("Bob").email("bob@x.io").country("NZ").exec(*db_);
  EXPECT_EQ(User::all().allow_full_scan().exec(*db_).size(), 2u);
}

// Tried as a new user would: a pool of four idle connections, all killed by the server at
// once. Not one of the operations started afterwards fails, reads or writes: dead idle
// connections are found before use (a socket check) and replaced.
TEST_F(Tx, NoOperationFailsAfterAMassKill) {
  const std::string backend = toasty_test::backend_name();
  if (backend != "postgresql" && backend != "mysql")
    GTEST_SKIP() << backend << " has no server connections to kill (SQLite is embedded; DynamoDB's HTTP client "
                               "reconnects by itself)";
  auto db = toasty_test::fresh_db(app::models(), nullptr, toasty::Options{.max_connections = 4});
  {  // four connections open and idle
    std::vector<std::thread> warm;
    std::atomic<int> ready{0};
    for (int t = 0; t < 4; ++t)
      warm.emplace_back([&] {
        auto tx = db.transaction();  // holds a connection until all four are open
        ++ready;
        while (ready.load() < 4) std::this_thread::yield();
        tx.rollback();
      });
    for (auto& th : warm) th.join();
  }
  ASSERT_EQ(db.pool().idle_connections(), 4u);
  KILL_SERVER_CONNECTIONS(url_);
  int failures = 0;
  std::vector<User> made;
  for (int i = 0; i < 12; ++i) {
    try {
      switch (i % 3) {
        case 0: (void)User::all().allow_full_scan().exec(db); break;
        case 1: made.push_back(User::create().name("u" + std::to_string(i)).email(std::to_string(i) + "@x.io")
                                   .country("NZ").exec(db)); break;
        case 2: made.back().update().bio("after").exec(db); break;
      }
    } catch (const toasty::ConnectionError& e) {
      ++failures;
      ADD_FAILURE() << "operation " << i << ": " << e.what();
    }
  }
  EXPECT_EQ(failures, 0);
  // What was written is there once, read back with the database's own client.
  std::string why;
  auto count = toasty_test::client_query(url_, "SELECT count(*) FROM users WHERE bio = 'after'", &why);
  ASSERT_TRUE(count.has_value()) << why;
  EXPECT_EQ(std::stoi(*count), 4) << *count;
}

}  // namespace
