// Db::connect: choose a driver by URL scheme among the drivers built into libtoasty.
#include <string>

#include "core/text.hpp"
#include "driver/common/redact.hpp"
#include "toasty/db.hpp"
#include "toasty/driver/sqlite.hpp"
#include "toasty/error.hpp"
#ifdef TOASTY_HAVE_POSTGRESQL
#include "toasty/driver/postgresql.hpp"
#endif
#ifdef TOASTY_HAVE_MYSQL
#include "toasty/driver/mysql.hpp"
#endif
#ifdef TOASTY_HAVE_DYNAMODB
#include "toasty/driver/dynamodb.hpp"
#endif

namespace toasty {

namespace {

std::string scheme_of(std::string_view url) {
  auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw InvalidUrl("toasty: invalid database URL \"" + driver_common::redact_url(url) +
                     "\": expected scheme:..., e.g. sqlite::memory:, sqlite://app.db, "
                     "postgresql://user@host/db, mysql://user@host/db");
  return text::ascii_lower(url.substr(0, colon));
}

// The drivers by scheme; `open` is null for a driver this build does not include.
struct Scheme {
  std::string_view name;
  std::string_view driver;  // for messages: its name and TOASTY_WITH_<option>
  std::string_view option;
  std::unique_ptr<driver::Driver> (*open)(std::string_view url);
};

#ifdef TOASTY_HAVE_POSTGRESQL
constexpr auto kPostgresql = &postgresql::open;
#else
constexpr std::unique_ptr<driver::Driver> (*kPostgresql)(std::string_view) = nullptr;
#endif
#ifdef TOASTY_HAVE_MYSQL
constexpr auto kMysql = &mysql::open;
#else
constexpr std::unique_ptr<driver::Driver> (*kMysql)(std::string_view) = nullptr;
#endif
#ifdef TOASTY_HAVE_DYNAMODB
constexpr auto kDynamodb = &dynamodb::open;
#else
constexpr std::unique_ptr<driver::Driver> (*kDynamodb)(std::string_view) = nullptr;
#endif

constexpr Scheme kSchemes[] = {
    {"sqlite", "SQLite", "", &sqlite::open},
    {"postgresql", "PostgreSQL", "POSTGRESQL", kPostgresql},
    {"postgres", "PostgreSQL", "POSTGRESQL", kPostgresql},
    {"mysql", "MySQL", "MYSQL", kMysql},
    {"mariadb", "MySQL", "MYSQL", kMysql},
    {"dynamodb", "DynamoDB", "DYNAMODB", kDynamodb},
};

std::unique_ptr<driver::Driver> open_driver(std::string_view url) {
  std::string scheme = scheme_of(url);
  for (const Scheme& s : kSchemes) {
    if (s.name != scheme) continue;
    if (s.open == nullptr)
      throw DriverUnavailable("toasty: this build of toasty has no " + std::string(s.driver) +
                              " driver (TOASTY_WITH_" + std::string(s.option) + "=OFF)");
    return s.open(url);
  }
  throw InvalidUrl("toasty: unknown database URL scheme \"" + scheme + "\" in \"" +
                   driver_common::redact_url(url) + "\": expected sqlite, postgresql, postgres, mysql, mariadb or dynamodb");
}

}  // namespace

Db Db::connect(std::string_view url, const ModelSet& models, Options options) {
  return open(open_driver(url), models, options);
}

Db Db::connect(std::string_view url, const std::vector<ModelSet>& model_sets, Options options) {
  ModelSet all;
  for (const auto& set : model_sets) all.insert(all.end(), set.begin(), set.end());
  return open(open_driver(url), all, options);
}

}  // namespace toasty
