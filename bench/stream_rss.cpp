// Peak memory of reading many rows: Query::stream() against exec(), one process per run so
// that each peak (getrusage's ru_maxrss) is that run's own. bench/stream_rss.sh runs the
// matrix (1 000 and 1 000 000 rows, SQLite file and PostgreSQL) and prints the table.
//
//   toasty_stream_rss URL seed N     (re)creates the todos table with N rows
//   toasty_stream_rss URL stream N   reads them with stream(), prints the peak RSS
//   toasty_stream_rss URL exec N     reads them with exec() into a vector, same
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <toasty/toasty.hpp>

#include "schema.toasty.hpp"

namespace {

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // kB on Linux
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: toasty_stream_rss URL seed|stream|exec ROWS\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) usage();
  const std::string url = argv[1];
  const std::string_view mode = argv[2];
  const std::uint64_t rows = std::strtoull(argv[3], nullptr, 10);
  try {
    toasty::Db db = toasty::Db::connect(url, benchdb::models());
    using benchdb::Todo;
    if (mode == "seed") {
      db.reset_schema();
      const bool pg = url.rfind("postgres", 0) == 0;
      // The rows are made by the database (no client memory): generate_series on PostgreSQL,
      // a recursive CTE on SQLite.
      if (pg) {
        db.execute("INSERT INTO todos (user_id, title, done) SELECT i, 'todo number ' || i, false "
                   "FROM generate_series(1, ?::bigint) AS i",
                   static_cast<std::int64_t>(rows));
      } else {
        db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                   "INSERT INTO todos (user_id, title, done) SELECT i, 'todo number ' || i, 0 FROM n",
                   static_cast<std::int64_t>(rows));
      }
      std::printf("seeded %llu rows\n", static_cast<unsigned long long>(rows));
      return 0;
    }
    if (mode != "stream" && mode != "exec") usage();
    const long before = peak_rss_kb();
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t n = 0, sum = 0;
    if (mode == "stream") {
      for (Todo& t : Todo::all().stream(db)) {
        ++n;
        sum += t.user_id + t.title.size();
      }
    } else {
      std::vector<Todo> all = Todo::all().exec(db);
      for (const Todo& t : all) {
        ++n;
        sum += t.user_id + t.title.size();
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (n != rows) {
      std::fprintf(stderr, "read %llu rows, expected %llu\n", static_cast<unsigned long long>(n),
                   static_cast<unsigned long long>(rows));
      return 1;
    }
    // rows mode peak_kB peak_growth_kB seconds checksum
    std::printf("%llu %s %ld %ld %.3f %llu\n", static_cast<unsigned long long>(rows), argv[2], peak_rss_kb(),
                peak_rss_kb() - before, seconds, static_cast<unsigned long long>(sum));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "toasty_stream_rss: %s\n", e.what());
    return 1;
  }
}
