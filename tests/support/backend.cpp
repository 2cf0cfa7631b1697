#include "support/backend.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <toasty/driver/sqlite.hpp>
#ifdef TOASTY_HAVE_POSTGRESQL
#include <toasty/driver/postgresql.hpp>
#endif
#ifdef TOASTY_HAVE_MYSQL
#include <toasty/driver/mysql.hpp>
#endif
#ifdef TOASTY_HAVE_DYNAMODB
#include <toasty/driver/dynamodb.hpp>
#endif

#ifdef TOASTY_TEST_HAVE_MIGRATE
#include "support/migrated_schema.hpp"
#endif
#include "support/recording_driver.hpp"

namespace toasty_test {

namespace {
#ifndef TOASTY_TEST_HAVE_MIGRATE
bool schema_by_migrations() { return false; }
void reset_by_migrations(toasty::Db&) {}
#endif

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::unique_ptr<toasty::driver::Driver> open_driver(const std::string& url) {
  std::string scheme = url.substr(0, url.find(':'));
  if (scheme == "sqlite") return toasty::sqlite::open(url);
#ifdef TOASTY_HAVE_POSTGRESQL
  if (scheme == "postgresql" || scheme == "postgres") return toasty::postgresql::open(url);
#endif
#ifdef TOASTY_HAVE_MYSQL
  if (scheme == "mysql" || scheme == "mariadb") return toasty::mysql::open(url);
#endif
#ifdef TOASTY_HAVE_DYNAMODB
  if (scheme == "dynamodb") return toasty::dynamodb::open(url);
#endif
  throw toasty::InvalidUrl("test support: no driver for " + url);
}
}  // namespace

std::string backend_name() {
  std::string b = env("TOASTY_TEST_BACKEND");
  return b.empty() ? "sqlite" : b;
}

std::optional<std::string> backend_url(std::string* why) {
  std::string b = backend_name();
  if (b == "sqlite") return std::string("sqlite::memory:");
  if (b == "dynamodb") {
    // DynamoDB: TOASTY_TEST_DYNAMODB_URL, or dynamodb:// with the standard AWS settings
    // when AWS_ENDPOINT_URL_DYNAMODB points at a DynamoDB (Local) to test against.
    std::string url = env("TOASTY_TEST_DYNAMODB_URL");
    if (url.empty() && !env("AWS_ENDPOINT_URL_DYNAMODB").empty()) url = "dynamodb://";
    if (url.empty()) {
      if (why)
        *why = "TOASTY_TEST_DYNAMODB_URL and AWS_ENDPOINT_URL_DYNAMODB are not set: no DynamoDB to test against "
               "(scripts/test.sh starts DynamoDB Local; or source scripts/lib/dynamodb_local.sh and call "
               "start_dynamodb_local)";
      return std::nullopt;
    }
    return url;
  }
  std::string var = b == "postgresql" ? "TOASTY_TEST_POSTGRESQL_URL"
                    : b == "mysql"    ? "TOASTY_TEST_MYSQL_URL"
                                      : "";
  if (var.empty()) {
    if (why) *why = "unknown TOASTY_TEST_BACKEND " + b;
    return std::nullopt;
  }
  std::string url = env(var.c_str());
  if (url.empty()) {
    if (why) *why = var + " is not set: no " + b + " server to test against (scripts/test.sh starts one)";
    return std::nullopt;
  }
  return url;
}

toasty::ModelSet servable_models(const toasty::ModelSet& models,
                                 const toasty::driver::Capability& cap) {
  auto needs_auto_increment = [](const toasty::app::Model& m) {
    for (const auto& f : m.fields)
      if (f.auto_generated && toasty::is_integer(f.type)) return true;
    return false;
  };
  toasty::ModelSet out;
  for (const auto* m : models)
    if (cap.auto_increment || !needs_auto_increment(*m)) out.push_back(m);
  // Drop, until none is left, models whose relations reach a dropped model.
  for (bool changed = true; changed;) {
    changed = false;
    auto kept = [&](const toasty::app::Model& t) {
      return std::find(out.begin(), out.end(), &t) != out.end();
    };
    for (auto it = out.begin(); it != out.end(); ++it) {
      bool broken = false;
      for (const auto& r : (*it)->relations) {
        broken = broken || !kept(r.target());
        for (const auto& step : r.via) broken = broken || !kept(step.model());
      }
      if (broken) {
        out.erase(it);
        changed = true;
        break;
      }
    }
  }
  return out;
}

toasty::Db fresh_db(const toasty::ModelSet& models, RecordingDriver** recorder,
                    toasty::Options options) {
  std::string why;
  auto url = backend_url(&why);
  if (!url) throw std::runtime_error(why);
  auto driver = open_driver(*url);
  const toasty::ModelSet usable = servable_models(models, driver->capability());
  if (recorder) {
    auto rec = std::make_unique<RecordingDriver>(std::move(driver));
    *recorder = rec.get();
    driver = std::move(rec);
  }
  auto db = toasty::Db::open(std::move(driver), usable, options);
  if (schema_by_migrations()) reset_by_migrations(db);
  else db.reset_schema();
  if (recorder) (*recorder)->reset();
  return db;
}

toasty::Db open_db_at(const std::string& url, const toasty::ModelSet& models, toasty::Options options, bool reset) {
  auto driver = open_driver(url);
  const toasty::ModelSet usable = servable_models(models, driver->capability());
  auto db = toasty::Db::open(std::move(driver), usable, options);
  if (reset) {
    if (schema_by_migrations()) reset_by_migrations(db);
    else db.reset_schema();
  }
  return db;
}

void BackendTest::SetUp() {
  std::string why;
  auto url = backend_url(&why);
  if (!url) GTEST_SKIP() << why;
  url_ = *url;
}

ClientVisibleDb::ClientVisibleDb(const toasty::ModelSet& models) {
  std::string why;
  url = backend_url(&why).value_or("");
  if (backend_name() != "sqlite") {
    db.emplace(fresh_db(models));
    return;
  }
  static std::atomic<int> counter{0};
  file = (std::filesystem::temp_directory_path() /
          ("toasty-client-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
             .string();
  std::filesystem::remove(file);
  url = "sqlite://" + file;
  db.emplace(toasty::Db::connect(url, models));
  db->push_schema();
}

ClientVisibleDb::~ClientVisibleDb() {
  db.reset();
  if (!file.empty()) std::filesystem::remove(file);
}

}  // namespace toasty_test
