#include "service_ops.hpp"

#include <chrono>
#include <cstdlib>

namespace service_ops {

std::string database_url(const char* url) {
  if (url != nullptr && *url != '\0') return url;
  if (const char* env = std::getenv("TOASTY_DATABASE_URL"); env != nullptr && *env != '\0') return env;
  return "sqlite::memory:";
}

toasty::Db build_db(const std::string& url) {
  using namespace std::chrono_literals;
  toasty::Options pool;
  pool.max_connections = 32;     // requests served at once; more wait up to acquire_timeout
  pool.acquire_timeout = 2s;     // then toasty::PoolTimeout, not an endless queue
  pool.min_idle = 2;             // opened at start, so the first requests do not connect
  pool.idle_timeout = 5min;      // connections idle longer are closed (beyond min_idle)
  pool.max_lifetime = 30min;     // and none lives longer (credentials, failovers)
  pool.check_idle_after = 10s;   // one idle this long is checked before use (a server restart)
  return toasty::Db::connect(url, service_ops::models(), pool);
}

}  // namespace service_ops
