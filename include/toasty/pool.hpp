#pragma once
// A thread-safe pool of driver connections. Connections are opened lazily up to
// `max_size` (and `min_idle` of them up front); acquire() waits up to the timeout for one
// to come back, then throws ConnectionError. A connection that reported itself broken is
// dropped, not reused; one that sat idle is looked at (a socket check, no round trip)
// before it is handed out again, so connections the server closed meanwhile (a restart,
// a kill, an idle timeout) are replaced instead of failing the next operation.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "toasty/driver/driver.hpp"

namespace toasty {

class Pool {
 public:
  using Clock = std::chrono::steady_clock;

  // Upkeep; a zero duration turns that part off.
  struct Settings {
    std::size_t max_size = 1;
    std::chrono::milliseconds acquire_timeout{5000};
    std::size_t min_idle = 0;                       // opened by warm(), kept through idle_timeout
    std::chrono::milliseconds idle_timeout{0};      // closes connections idle longer (beyond min_idle)
    std::chrono::milliseconds max_lifetime{0};      // closes connections older than this
    std::chrono::milliseconds check_idle_after{0};  // checks connections idle this long (0: every time)
  };

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)), born_(o.born_) { o.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    driver::Connection& operator*() const { return *conn_; }
    driver::Connection* operator->() const { return conn_.get(); }
    // Drop the connection instead of returning it (it is broken).
    void discard() { conn_.reset(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<driver::Connection> c, Clock::time_point born)
        : pool_(pool), conn_(std::move(c)), born_(born) {}
    Pool* pool_ = nullptr;
    std::unique_ptr<driver::Connection> conn_;
    Clock::time_point born_;
  };

  Pool(driver::Driver& driver, Settings settings);
  Pool(driver::Driver& driver, std::size_t max_size, std::chrono::milliseconds acquire_timeout);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Lease acquire();
  // Opens connections until `min_idle` are idle (Db::connect calls it).
  void warm();
  // Closes every idle connection: after one connection was lost, the others of its time
  // (a restart, a failover) are suspect, and the next acquire() opens a new one.
  void discard_idle();

  std::size_t max_size() const { return s_.max_size; }
  std::size_t open_connections() const;  // idle + leased
  std::size_t idle_connections() const;
  const Settings& settings() const { return s_; }

 private:
  struct Idle {
    std::unique_ptr<driver::Connection> conn;
    Clock::time_point born;
    Clock::time_point since;
  };
  void release(std::unique_ptr<driver::Connection> c, Clock::time_point born);
  bool expired(Clock::time_point born, Clock::time_point now) const;
  bool timed() const;  // whether any setting needs the clock
  // Idle connections past idle_timeout (beyond min_idle) or max_lifetime, taken out of
  // idle_ (under the lock) to be closed outside it.
  std::vector<std::unique_ptr<driver::Connection>> take_stale(Clock::time_point now);

  driver::Driver& driver_;
  Settings s_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Idle> idle_;  // most recently returned last: reused first
  std::size_t open_ = 0;
};

}  // namespace toasty
