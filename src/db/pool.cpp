#include "toasty/pool.hpp"

#include <optional>

#include "toasty/error.hpp"

namespace toasty {

Pool::Lease::~Lease() {
  if (pool_) pool_->release(std::move(conn_), born_);
}

Pool::Pool(driver::Driver& driver, Settings settings) : driver_(driver), s_(settings) {
  if (s_.max_size == 0) s_.max_size = 1;
  if (s_.min_idle > s_.max_size) s_.min_idle = s_.max_size;
  driver_.set_pool_size(s_.max_size);
}

Pool::Pool(driver::Driver& driver, std::size_t max_size, std::chrono::milliseconds acquire_timeout)
    : Pool(driver, Settings{.max_size = max_size, .acquire_timeout = acquire_timeout}) {}

bool Pool::expired(Clock::time_point born, Clock::time_point now) const {
  return s_.max_lifetime.count() > 0 && now - born >= s_.max_lifetime;
}

std::vector<std::unique_ptr<driver::Connection>> Pool::take_stale(Clock::time_point now) {
  std::vector<std::unique_ptr<driver::Connection>> stale;
  if (s_.idle_timeout.count() == 0 && s_.max_lifetime.count() == 0) return stale;
  // Oldest returns first: idle_ is ordered by `since`.
  for (std::size_t i = 0; i < idle_.size();) {
    bool too_idle = s_.idle_timeout.count() > 0 && now - idle_[i].since >= s_.idle_timeout &&
                    idle_.size() > s_.min_idle;
    if (too_idle || expired(idle_[i].born, now)) {
      stale.push_back(std::move(idle_[i].conn));
      idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
      --open_;
    } else {
      ++i;
    }
  }
  return stale;
}

// The clock is read only for what needs it (timeouts, lifetimes, idle checks): a statement
// on a pool without them pays for no clock reading.
bool Pool::timed() const {
  return s_.idle_timeout.count() > 0 || s_.max_lifetime.count() > 0 || s_.check_idle_after.count() > 0;
}

Pool::Lease Pool::acquire() {
  std::optional<Clock::time_point> deadline;  // set when the first wait begins
  std::unique_lock lock(mu_);
  for (;;) {
    const auto now = timed() ? Clock::now() : Clock::time_point{};
    if (auto stale = take_stale(now); !stale.empty()) {
      lock.unlock();
      stale.clear();  // closed outside the lock
      cv_.notify_all();
      lock.lock();
      continue;
    }
    if (!idle_.empty()) {
      Idle c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      // Looked at outside the lock: a socket check is a system call.
      bool check = s_.check_idle_after.count() == 0 || now - c.since >= s_.check_idle_after;
      if (check ? c.conn->alive() : c.conn->is_healthy()) return Lease(this, std::move(c.conn), c.born);
      c.conn.reset();  // closed by the server while idle: replaced
      lock.lock();
      --open_;
      cv_.notify_one();
      continue;
    }
    if (open_ < s_.max_size) {
      ++open_;
      lock.unlock();
      try {
        return Lease(this, driver_.connect(), timed() ? Clock::now() : Clock::time_point{});
      } catch (...) {
        lock.lock();
        --open_;
        cv_.notify_one();
        throw;
      }
    }
    if (!deadline) deadline = Clock::now() + s_.acquire_timeout;
    if (cv_.wait_until(lock, *deadline) == std::cv_status::timeout && idle_.empty() && open_ >= s_.max_size)
      throw ConnectionError("toasty: timed out after " + std::to_string(s_.acquire_timeout.count()) +
                            " ms waiting for a " + std::string(driver_.name()) + " connection (pool max size " +
                            std::to_string(s_.max_size) + " reached)");
  }
}

void Pool::warm() {
  std::vector<Lease> opened;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (idle_.size() + opened.size() >= s_.min_idle || open_ >= s_.max_size) break;
      ++open_;
    }
    try {
      opened.push_back(Lease(this, driver_.connect(), Clock::now()));
    } catch (...) {
      std::lock_guard lock(mu_);
      --open_;
      throw;  // `opened` go back to the pool
    }
  }
}

void Pool::discard_idle() {
  std::vector<Idle> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(idle_);
    open_ -= dropped.size();
  }
  dropped.clear();  // closed outside the lock
  cv_.notify_all();
}

void Pool::release(std::unique_ptr<driver::Connection> c, Clock::time_point born) {
  const auto now = timed() ? Clock::now() : Clock::time_point{};
  bool keep = c && c->is_healthy() && !expired(born, now);
  std::unique_ptr<driver::Connection> closing;
  {
    std::lock_guard lock(mu_);
    if (keep) {
      idle_.push_back(Idle{std::move(c), born, now});
    } else {
      closing = std::move(c);
      --open_;
    }
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
