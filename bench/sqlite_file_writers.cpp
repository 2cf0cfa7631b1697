// Concurrent writers on one SQLite file: BM_file_writers/sqlite/toasty/threads:N, every
// thread creating users through one shared Db (WAL, the driver's writer queue). threads:1
// is the same work done by one thread; the items/s of the two rows compare the
// throughput, and any error fails the run (contention must never surface as
// "database is locked").
#include <atomic>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "common.hpp"
#include "schema.toasty.hpp"

namespace bench {
namespace {

toasty::Db& file_db() {
  static toasty::Db db = [] {
    auto dir = std::filesystem::temp_directory_path() / ("toasty-bench-writers-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    toasty::Db d = toasty::Db::connect("sqlite://" + (dir / "bench.db").string(), benchdb::models(),
                                       toasty::Options{.max_connections = 8});
    d.push_schema();
    return d;
  }();
  return db;
}

std::atomic<std::uint64_t> g_serial{0};

void file_writers(benchmark::State& state) {
  toasty::Db& db = file_db();
  for (auto _ : state) {
    const std::uint64_t n = ++g_serial;
    try {
      auto u = benchdb::User::create()
                   .name("writer")
                   .email("w" + std::to_string(n) + "@example.com")
                   .country("W")
                   .age(static_cast<std::int64_t>(n % 90))
                   .exec(db);
      benchmark::DoNotOptimize(u.id);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(file_writers)
    ->Name("BM_file_writers/sqlite/toasty")
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace bench
