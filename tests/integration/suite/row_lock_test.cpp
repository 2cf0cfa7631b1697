// Row locks: for_update(), for_share(), skip_locked(), nowait() in transactions. PostgreSQL
// and MariaDB lock rows; SQLite accepts the same program and needs no locks (its
// transactions write one at a time); DynamoDB refuses them by name.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "app.toasty.hpp"
#include "support/backend.hpp"

using app::Job;
using toasty_test::BackendTest;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class RowLock : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models(), nullptr, toasty::Options{.max_connections = 8}));
  }
  toasty::Db& db() { return *db_; }
  void queue(int n) {
    auto many = Job::create_many();
    for (int i = 0; i < n; ++i) many.item(Job::create().status("queued").seq(i));
    many.exec(db());
  }
  static auto next_queued() { return Job::filter_by_status("queued").order_by(Job::fields().seq().asc()).limit(1); }
  std::optional<toasty::Db> db_;
};

TEST_F(RowLock, LocksOutsideATransactionOrOnDynamoDbAreRefusedByName) {
  queue(1);
  if (!db().driver().capability().row_locks) {
    try {
      auto tx = db().transaction();
      (void)next_queued().for_update().exec(tx);
      ADD_FAILURE() << "expected UnsupportedQuery";
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_TRUE(contains(e.what(), "no row locks")) << e.what();
      EXPECT_TRUE(contains(e.what(), "DynamoDB")) << e.what();
    }
    EXPECT_THROW((void)next_queued().for_update().exec(db()), toasty::UnsupportedQuery);
    return;
  }
  try {
    (void)next_queued().for_update().exec(db());
    ADD_FAILURE() << "expected InvalidStatement";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_TRUE(contains(e.what(), "transaction")) << e.what();
    EXPECT_TRUE(contains(e.what(), "Job")) << e.what();
  }
  EXPECT_THROW((void)next_queued().for_share().stream(db()), toasty::InvalidStatement);
  auto tx = db().transaction();
  EXPECT_THROW((void)next_queued().skip_locked().exec(tx), toasty::InvalidStatement);  // locks what?
  EXPECT_THROW((void)Job::filter_by_status("queued").for_update().count(tx), toasty::InvalidStatement);
  EXPECT_EQ(next_queued().for_update().exec(tx).size(), 1u);
  EXPECT_EQ(next_queued().for_share().nowait().exec(tx).size(), 1u);
  tx.commit();
}

// The job queue: 4 workers claim 1 000 jobs, each in a transaction of its own that locks the
// next queued job it can have (skipping those other workers hold) and marks it claimed.
// No job is claimed twice, none is left.
TEST_F(RowLock, SkipLockedWorkersClaimEveryJobOnce) {
  TOASTY_REQUIRE_CAPABILITY(db(), row_locks);
  constexpr int kJobs = 1000, kWorkers = 4;
  queue(kJobs);
  std::mutex mu;
  std::map<std::string, int> claims;  // job id -> times claimed
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([&, w] {
      const std::string me = "worker" + std::to_string(w);
      try {
        for (;;) {
          // READ COMMITTED: MySQL then locks no gaps between index records, which under
          // REPEATABLE READ make claimers deadlock now and then (retried, but needlessly).
          // (A claim counts once its transaction committed: a retried attempt's does not.)
          std::optional<std::string> claimed = db().transaction(
              [&](toasty::Transaction& tx) -> std::optional<std::string> {
                auto jobs = next_queued().for_update().skip_locked().exec(tx);
                if (jobs.empty()) return std::nullopt;
                Job& job = jobs[0];
                job.update().status("claimed").claimed_by(me).exec(tx);
                return job.id.to_string();
              },
              {.isolation = toasty::Isolation::ReadCommitted});
          if (!claimed) break;
          std::lock_guard lock(mu);
          ++claims[*claimed];
        }
      } catch (const std::exception& e) {
        if (errors++ < 3) ADD_FAILURE() << me << ": " << e.what();
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claims.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << "job " << id << " claimed " << n << " times";
  EXPECT_EQ(Job::filter_by_status("queued").count(db()), 0u);
  auto done = Job::filter_by_status("claimed").exec(db());
  EXPECT_EQ(done.size(), static_cast<std::size_t>(kJobs));
  for (const auto& j : done) EXPECT_TRUE(j.claimed_by.has_value());
}

// A row another transaction holds: skip_locked() leaves it out, nowait() fails at once with a
// retryable error, a shared lock shares it.
TEST_F(RowLock, LockedRowsAreSkippedOrFailAtOnce) {
  TOASTY_REQUIRE_CAPABILITY(db(), concurrent_writes);
  queue(3);
  auto holder = db().transaction();
  auto first = next_queued().for_update().exec(holder);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].seq, 0);
  // (MySQL locks every row a locking read scans; the index (status, seq) keeps that to one.)
  {
    auto tx = db().transaction();
    auto rest = Job::filter_by_status("queued").order_by(Job::fields().seq().asc()).for_update().skip_locked().exec(tx);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].seq, 1);
    EXPECT_EQ(rest[1].seq, 2);
    tx.commit();
  }
  {
    auto tx = db().transaction();
    try {
      (void)Job::filter_by_id(first[0].id).for_update().nowait().exec(tx);
      ADD_FAILURE() << "expected an error: the row is locked";
    } catch (const toasty::DatabaseError& e) {
      EXPECT_TRUE(e.retryable()) << e.what();
    }
  }
  holder.rollback();
  auto shared = db().transaction();
  ASSERT_EQ(next_queued().for_share().exec(shared).size(), 1u);
  {
    auto tx = db().transaction();
    EXPECT_EQ(next_queued().for_share().nowait().exec(tx).size(), 1u);  // shared with `shared`
    tx.commit();
  }
  shared.commit();
}

}  // namespace
