#include "toasty/pool.hpp"

#include "toasty/error.hpp"

namespace toasty {

Pool::Lease::~Lease() {
  if (pool_) pool_->release(std::move(conn_));
}

Pool::Pool(driver::Driver& driver, std::size_t max_size, std::chrono::milliseconds timeout)
    : driver_(driver), max_size_(max_size == 0 ? 1 : max_size), timeout_(timeout) {
  driver_.set_pool_size(max_size_);
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (c->is_healthy()) return Lease(this, std::move(c));
      --open_;  // broken while idle: drop it and look again
    }
    if (open_ < max_size_) {
      ++open_;
      lock.unlock();
      try {
        return Lease(this, driver_.connect());
      } catch (...) {
        lock.lock();
        --open_;
        cv_.notify_one();
        throw;
      }
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= max_size_)
      throw ConnectionError("toasty: timed out after " + std::to_string(timeout_.count()) +
                            " ms waiting for a " + std::string(driver_.name()) +
                            " connection (pool max size " + std::to_string(max_size_) +
                            " reached)");
  }
}

void Pool::release(std::unique_ptr<driver::Connection> c) {
  {
    std::lock_guard lock(mu_);
    if (c && c->is_healthy())
      idle_.push_back(std::move(c));
    else
      --open_;
  }
  cv_.notify_one();
}

std::size_t Pool::open_connections() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::size_t Pool::idle_connections() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

}  // namespace toasty
