#include "common.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <tuple>

#include <toasty/schema/schema.hpp>
#include "sql/serializer.hpp"

#include "schema.toasty.hpp"
#include "server_dataset.hpp"

namespace bench {

namespace {

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

struct Data {
  std::vector<std::string> emails;     // [i-1]
  std::vector<std::string> countries;  // [k]
};

const Data& data() {
  static const Data d = [] {
    const Config& cfg = config();
    Data out;
    out.emails.reserve(cfg.users);
    for (std::uint64_t i = 1; i <= cfg.users; ++i)
      out.emails.push_back("user" + std::to_string(i) + "@example.com");
    const std::uint64_t n = (cfg.users + cfg.per_country - 1) / cfg.per_country;
    for (std::uint64_t k = 0; k < n; ++k) out.countries.push_back("country-" + std::to_string(k));
    return out;
  }();
  return d;
}

toasty::sql::Dialect to_toasty(Dialect d) {
  switch (d) {
    case Dialect::Sqlite: return toasty::sql::Dialect::Sqlite;
    case Dialect::Postgresql: return toasty::sql::Dialect::Postgresql;
    case Dialect::Mysql: return toasty::sql::Dialect::Mysql;
  }
  return toasty::sql::Dialect::Sqlite;
}

const toasty::Schema& schema() {
  static const std::shared_ptr<const toasty::Schema> s = toasty::Schema::build(benchdb::models());
  return *s;
}

}  // namespace

const Config& config() {
  static const Config cfg = [] {
    Config c = env_flag("TOASTY_BENCH_SMALL") ? Config{100, 2, 10, 100, 20, true}
                                              : Config{10000, 10, 100, 10000, 1000, false};
    // Shown in the JSON output's context, read by format_table.py.
    benchmark::AddCustomContext("toasty_bench_users", std::to_string(c.users));
    benchmark::AddCustomContext("toasty_bench_todos_per_user", std::to_string(c.todos_per_user));
    benchmark::AddCustomContext("toasty_bench_per_country", std::to_string(c.per_country));
    benchmark::AddCustomContext("toasty_bench_bulk", std::to_string(c.bulk));
    return c;
  }();
  return cfg;
}

std::string user_name(std::uint64_t i) { return "user " + std::to_string(i); }
const std::string& user_email(std::uint64_t i) { return data().emails.at(i - 1); }
const std::string& user_country(std::uint64_t i) {
  return data().countries.at((i - 1) / config().per_country);
}
std::int64_t user_age(std::uint64_t i) { return static_cast<std::int64_t>(18 + i % 60); }
const std::string& country(std::uint64_t k) { return data().countries.at(k); }
std::uint64_t country_count() { return data().countries.size(); }

std::string todo_title(std::uint64_t user, std::uint64_t j) {
  return "todo " + std::to_string(j) + " of user " + std::to_string(user);
}
bool todo_done(std::uint64_t j) { return j % 2 == 1; }

std::string fresh_email() {
  static std::uint64_t counter = 0;
  return "new" + std::to_string(++counter) + "@example.com";
}

const std::string& renamed(std::uint64_t i) {
  static const std::string names[2] = {"Renamed Ann", "Renamed Bob"};
  return names[i & 1];
}

std::vector<std::string> ddl(Dialect d) {
  return toasty::sql::create_schema(schema().db(), to_toasty(d));
}

std::vector<std::string> drop_ddl(Dialect d) {
  return toasty::sql::drop_schema(schema().db(), to_toasty(d));
}

std::string insert_users_returning_sql(std::uint64_t rows, Dialect d) {
  std::string sql = "INSERT INTO users (name, email, country, age) VALUES ";
  for (std::uint64_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(" : ", (";
    for (std::uint64_t c = 1; c <= 4; ++c) {
      if (c > 1) sql += ", ";
      sql += d == Dialect::Postgresql ? "$" + std::to_string(i * 4 + c) : "?";
    }
    sql += ")";
  }
  return sql + " RETURNING id";
}

void expect(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("benchmark sanity check failed: ") + what);
}

namespace {

struct Declared {
  std::string scenario, backend, side;
  std::function<void(benchmark::State&)> fn;
};

std::vector<Declared>& declared() {
  static std::vector<Declared> v;
  return v;
}

std::string& current_backend() {
  static std::string b;
  return b;
}

std::map<std::string, std::function<void()>>& settlers() {
  static std::map<std::string, std::function<void()>> m;
  return m;
}

std::size_t rank(const std::vector<std::string>& order, const std::string& x) {
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] == x) return i;
  return order.size();
}

}  // namespace

void add(const std::string& scenario, const std::string& backend, const std::string& side,
         std::function<void(benchmark::State&)> fn) {
  declared().push_back({scenario, backend, side, std::move(fn)});
}

void register_all() {
  config();  // records the dataset shape in the output's context
  static const std::vector<std::string> scenarios = {
      "get_by_pk",  "get_by_unique", "insert_one", "insert_bulk", "filter_indexed",
      "read_all",   "preload",       "update_one", "remove_one"};
  static const std::vector<std::string> backends = {"sqlite", "postgresql", "mysql"};
  static const std::vector<std::string> sides = {"toasty", "raw", "soci"};
  std::vector<Declared> all = declared();
  std::stable_sort(all.begin(), all.end(), [](const Declared& a, const Declared& b) {
    return std::tuple(rank(scenarios, a.scenario), rank(backends, a.backend), rank(sides, a.side)) <
           std::tuple(rank(scenarios, b.scenario), rank(backends, b.backend), rank(sides, b.side));
  });
  const char* fixed = std::getenv("TOASTY_BENCH_ITERATIONS");
  for (Declared& d : all) {
    const std::string name = "BM_" + d.scenario + "/" + d.backend + "/" + d.side;
    const bool writes = d.scenario == "insert_one" || d.scenario == "insert_bulk" ||
                        d.scenario == "update_one" || d.scenario == "remove_one";
    auto* b = benchmark::RegisterBenchmark(
        name.c_str(), [fn = std::move(d.fn), backend = d.backend, writes](benchmark::State& st) {
          current_backend() = backend;
          // Allocations per iteration in this process (the client side: a server's own are
          // not seen). Untimed parts of the loop are not counted; the set-up before the
          // loop is (the first run of a side loads its dataset: a median over repetitions
          // leaves that run out).
          count_allocations(true);
          const std::uint64_t before = allocations();
          fn(st);
          const std::uint64_t counted = allocations() - before;
          if (st.iterations() > 0)
            st.counters["allocs_per_op"] =
                benchmark::Counter(static_cast<double>(counted) / static_cast<double>(st.iterations()));
          if (writes) settle();
        });
    b->Unit(benchmark::kMicrosecond);
    // A fixed iteration count (bench/callgrind.sh uses it to count instructions per
    // iteration): TOASTY_BENCH_ITERATIONS=N.
    if (fixed != nullptr && *fixed != '\0')
      b->Iterations(static_cast<benchmark::IterationCount>(std::stoll(fixed)));
    // SQLite runs inside this thread: its CPU time is all the work, and it does not count
    // time the thread waits for the CPU on a busy machine. A server does part of the work
    // in another process: wall-clock time.
    if (d.backend != "sqlite") b->UseRealTime();
  }
}

void settle() {
  auto it = settlers().find(current_backend());
  if (it != settlers().end()) it->second();
}

void on_settle(const std::string& backend, std::function<void()> fn) {
  settlers()[backend] = std::move(fn);
}

std::string server_url(const char* backend) {
  const std::string b(backend);
  const char* var = b == "postgresql" ? "TOASTY_BENCH_POSTGRESQL_URL" : "TOASTY_BENCH_MYSQL_URL";
  const char* v = std::getenv(var);
  if (v != nullptr && *v != '\0') return v;
  static std::mutex mu;
  static std::set<std::string> noted;
  std::lock_guard lock(mu);
  if (noted.insert(b).second)
    std::fprintf(stderr, "toasty_bench: %s not set: %s benchmarks are not registered\n", var,
                 backend);
  return {};
}

void once(const std::string& key, const std::function<void()>& fn) {
  static std::recursive_mutex mu;
  static std::set<std::string> done;
  std::lock_guard lock(mu);
  if (done.count(key) != 0) return;
  fn();
  done.insert(key);
}

ServerUrl parse_server_url(const std::string& url) {
  ServerUrl u;
  std::string rest = url;
  const auto scheme = rest.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("bad server URL: " + url);
  rest = rest.substr(scheme + 3);
  const auto at = rest.rfind('@');
  if (at != std::string::npos) {
    const std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = cred.find(':');
    u.user = cred.substr(0, colon);
    if (colon != std::string::npos) u.password = cred.substr(colon + 1);
  }
  const auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) u.database = rest.substr(slash + 1);
  if (auto q = u.database.find('?'); q != std::string::npos) u.database.resize(q);
  const auto colon = hostport.rfind(':');
  if (colon != std::string::npos) {
    u.port = static_cast<unsigned>(std::stoul(hostport.substr(colon + 1)));
    hostport.resize(colon);
  }
  u.host = hostport.empty() ? "127.0.0.1" : hostport;
  return u;
}

}  // namespace bench
