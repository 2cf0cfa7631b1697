// jobs: a job queue in the database. A producer queues jobs; N worker threads each claim the
// next job no other worker holds — in a transaction, `for_update().skip_locked()` — do it, and
// mark it done. Every job is done exactly once; the workers never wait for each other's rows.
//
//   jobs [database-url] [workers] [jobs]   (default: an in-memory SQLite database, 4, 200)
//
// PostgreSQL and MySQL/MariaDB lock rows (SKIP LOCKED); SQLite needs no locks (its
// transactions write one at a time) and runs the same program. DynamoDB has no row locks:
// there the program says so and exits (a queue on DynamoDB claims with a conditional write).
// The program checks what it prints.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <toasty/toasty.hpp>

#include "queue.toasty.hpp"

using queue::Job;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "jobs: unexpected result: %s\n", what);
    std::exit(1);
  }
}

// Claims the next queued job for `worker`, or nothing when the queue is empty. The claim
// commits before the work starts, so a crashed worker's job stays visible as "running".
std::optional<Job> claim(toasty::Db& db, const std::string& worker) {
  return db.transaction(
      [&](toasty::Transaction& tx) -> std::optional<Job> {
        auto next = Job::filter_by_status("queued")
                        .order_by(Job::fields().seq().asc())
                        .limit(1)
                        .for_update()
                        .skip_locked()
                        .exec(tx);
        if (next.empty()) return std::nullopt;
        Job job = std::move(next[0]);
        job.update().status("running").claimed_by(worker).attempts_add(1).exec(tx);
        return job;
      },
      // READ COMMITTED: MySQL then takes no gap locks, which make claimers deadlock now and
      // then (a deadlock is retried by the closure form, but needlessly).
      {.isolation = toasty::Isolation::ReadCommitted});
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite::memory:";
  const int workers = argc > 2 ? std::atoi(argv[2]) : 4;
  const int jobs = argc > 3 ? std::atoi(argv[3]) : 200;
  auto db = toasty::Db::connect(url, queue::models(), toasty::Options{.max_connections = 8});
  db.reset_schema();
  if (!db.driver().capability().row_locks) {
    std::printf("%s has no row locks (for_update / skip_locked): this example runs on SQL databases\n",
                db.driver().capability().display_name);
    return 0;
  }

  // The producer: one batch of jobs.
  auto batch = Job::create_many();
  for (int i = 0; i < jobs; ++i) {
    std::string payload = "job ";  // (appended: GCC 12 warns falsely on "literal" + std::string)
    payload += std::to_string(i);
    batch.item(Job::create().seq(i).status("queued").payload(std::move(payload)));
  }
  batch.exec(db);
  std::printf("queued %d jobs for %d workers\n", jobs, workers);

  std::mutex mu;
  std::map<std::string, int> done_by;  // worker -> jobs done
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      std::string me = "worker-";
      me += std::to_string(w);
      try {
        while (auto job = claim(db, me)) {
          // ... the work itself, outside any transaction ...
          job->update().status("done").exec(db);
          std::lock_guard lock(mu);
          ++done_by[me];
        }
      } catch (const toasty::Error& e) {
        std::fprintf(stderr, "%s: %s\n", me.c_str(), e.what());
        ++failures;
      }
    });
  for (auto& t : threads) t.join();

  int total = 0;
  for (const auto& [worker, n] : done_by) {
    std::printf("  %s did %d jobs\n", worker.c_str(), n);
    total += n;
  }
  check(failures.load() == 0, "a worker failed");
  check(total == jobs, "every job done by exactly one worker");
  check(Job::filter_by_status("queued").count(db) == 0, "no job left queued");
  auto done = Job::filter_by_status("done").exec(db);
  check(done.size() == static_cast<std::size_t>(jobs), "every job marked done");
  for (const auto& j : done) check(j.attempts == 1 && j.claimed_by.has_value(), "each job claimed once");
  std::printf("%d jobs done, each exactly once\n", total);
  return 0;
}
