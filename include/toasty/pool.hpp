#pragma once
// A thread-safe pool of driver connections. Connections are opened lazily up to
// `max_size`; acquire() waits up to the timeout for one to come back, then throws
// ConnectionError. A connection that reported itself broken is dropped, not reused.
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
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) { o.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    driver::Connection& operator*() const { return *conn_; }
    driver::Connection* operator->() const { return conn_.get(); }
    // Drop the connection instead of returning it (it is broken).
    void discard() { conn_.reset(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<driver::Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Pool* pool_ = nullptr;
    std::unique_ptr<driver::Connection> conn_;
  };

  Pool(driver::Driver& driver, std::size_t max_size, std::chrono::milliseconds acquire_timeout);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Lease acquire();

  std::size_t max_size() const { return max_size_; }
  std::size_t open_connections() const;  // idle + leased
  std::size_t idle_connections() const;

 private:
  void release(std::unique_ptr<driver::Connection> c);

  driver::Driver& driver_;
  std::size_t max_size_;
  std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<driver::Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace toasty
