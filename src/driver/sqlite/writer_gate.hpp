#pragma once
// SQLite lets one connection write at a time. Left to itself, a connection that finds the
// write lock taken polls SQLite's busy handler, which sleeps in growing steps (up to 100 ms)
// and gives up after busy_timeout: under many writers a writer can lose every race and
// fail with "database is locked" for contention alone. The connections of one driver wait
// here instead, blocked until the writer before them is done, and woken at once.
// (Other processes still meet SQLite's own lock and busy_timeout.)
//
// A semaphore, not a mutex: a transaction's turn may end on another thread than the one
// that began it. Not a strict queue either: the releasing thread may take the next turn
// again, which keeps the write lock busy instead of waiting for a woken thread to run (8
// writers on 2 cores, creates/s against SQLite's busy handler alone: a strict FIFO queue
// 0.6×, this gate about 1.2×; bench BM_file_writers).
#include <chrono>
#include <semaphore>

namespace toasty::sqlite::detail {

class WriterGate {
 public:
  // Waits for the turn; false when `timeout` passed first.
  bool acquire(std::chrono::milliseconds timeout) { return turn_.try_acquire_for(timeout); }
  void release() { turn_.release(); }

 private:
  std::binary_semaphore turn_{1};
};

}  // namespace toasty::sqlite::detail
