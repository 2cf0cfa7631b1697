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

std::unique_ptr<driver::Driver> open_driver(std::string_view url) {
  std::string scheme = scheme_of(url);
  if (scheme == "sqlite") return sqlite::open(url);
  if (scheme == "postgresql" || scheme == "postgres") {
#ifdef TOASTY_HAVE_POSTGRESQL
    return postgresql::open(url);
#else
    throw InvalidUrl("toasty: this build of toasty has no PostgreSQL driver (TOASTY_WITH_POSTGRESQL=OFF)");
#endif
  }
  if (scheme == "mysql" || scheme == "mariadb") {
#ifdef TOASTY_HAVE_MYSQL
    return mysql::open(url);
#else
    throw InvalidUrl("toasty: this build of toasty has no MySQL driver (TOASTY_WITH_MYSQL=OFF)");
#endif
  }
  if (scheme == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    return dynamodb::open(url);
#else
    throw InvalidUrl("toasty: this build of toasty has no DynamoDB driver (TOASTY_WITH_DYNAMODB=OFF)");
#endif
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
