// Fuzz target: every URL parser (SQLite, PostgreSQL through libpq's, MySQL, DynamoDB) and
// the redaction that keeps passwords out of messages.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "driver/common/redact.hpp"
#include "fuzz_target.hpp"

#ifdef TOASTY_FUZZ_SQLITE
#include "driver/sqlite/internal.hpp"
#endif
#ifdef TOASTY_FUZZ_POSTGRESQL
#include "driver/postgresql/pg_internal.hpp"
#endif
#ifdef TOASTY_FUZZ_MYSQL
#include "driver/mysql/my_internal.hpp"
#endif
#ifdef TOASTY_FUZZ_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string url(reinterpret_cast<const char*>(data), size);
  using toasty_fuzz::only_toasty_errors;
  only_toasty_errors([&] { (void)toasty::driver_common::redact_url(url); });
#ifdef TOASTY_FUZZ_SQLITE
  only_toasty_errors([&] { (void)toasty::sqlite::detail::parse_url(url); });
#endif
#ifdef TOASTY_FUZZ_POSTGRESQL
  only_toasty_errors([&] { (void)toasty::postgresql::detail::validate_url(url); });
#endif
#ifdef TOASTY_FUZZ_MYSQL
  only_toasty_errors([&] { (void)toasty::mysql::detail::parse_url(url); });
#endif
#ifdef TOASTY_FUZZ_DYNAMODB
  only_toasty_errors([&] {
    (void)toasty::dynamodb::Config::from_url(url, toasty::dynamodb::Environment::from_map({}));
  });
#endif
  return 0;
}
