// MySQL / MariaDB driver on MariaDB Connector/C.
//
// Design:
// - Server-side prepared statements (mysql_stmt_*), one per distinct SQL text per
//   connection, kept in an LRU cache of kCacheCapacity (evicted ones are closed).
// - Parameters are bound from Values: integers as MYSQL_TYPE_LONGLONG (is_unsigned for
//   u64, so BIGINT UNSIGNED keeps the full range), doubles, strings, blobs, NULL.
// - Results are buffered client-side (mysql_stmt_store_result with
//   STMT_ATTR_UPDATE_MAX_LENGTH, so variable-length buffers are sized exactly; a column
//   longer than its buffer is re-read with mysql_stmt_fetch_column). Values are decoded by
//   the column's MySQL type and then coerced to the schema's ScalarType when the statement
//   names the columns (TINYINT(1) → bool, BIGINT → unsigned for u-types, ...).
// - Library initialisation runs once (std::call_once(mysql_library_init)), before the first
//   mysql_init. Connector/C 3.x needs no per-thread set-up: mysql_thread_init/end are
//   no-ops there (the symbols in libmariadb.so.3 just return). A connection is used by one
//   thread at a time (the pool guarantees it).
// - is_healthy() does no round trip (mysql_ping would be one): it returns false once an
//   operation reported a connection-level failure (server gone, lost connection, killed).
//   A connection that died while idle is found out by its next exec(), which throws
//   toasty::ConnectionError; the pool then discards it.
#include "toasty/driver/mysql.hpp"

#include <mutex>

#include "driver/common/redact.hpp"
#include "my_internal.hpp"
#include "toasty/error.hpp"

namespace toasty::mysql {

namespace {

std::once_flag g_library_once;
bool g_library_ok = false;

void init_library() {
  std::call_once(g_library_once,
                 [] { g_library_ok = mysql_library_init(0, nullptr, nullptr) == 0; });
  if (!g_library_ok) throw ConnectionError("mysql: mysql_library_init failed");
}

class MyDriver final : public driver::Driver {
 public:
  MyDriver(detail::Url url, std::string redacted)
      : url_(std::move(url)), redacted_(std::move(redacted)) {
    capability_.storage = driver::Capability::Storage::Sql;
    capability_.display_name = "MySQL";
    capability_.max_params = 65535;  // placeholders per prepared statement
    capability_.returning_from_insert = true;
    capability_.returning_from_update = false;
    capability_.insert_id_without_returning = true;  // mysql_stmt_insert_id
    capability_.full_u64 = true;
    capability_.transactions = true;
    capability_.isolation_levels = true;
    capability_.concurrent_writes = true;
  }

  const driver::Capability& capability() const override { return capability_; }
  std::string_view name() const override { return "mysql"; }

  std::unique_ptr<driver::Connection> connect() override {
    init_library();
    MYSQL* m = mysql_init(nullptr);
    if (m == nullptr) throw ConnectionError("mysql: out of memory");
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    unsigned timeout = url_.connect_timeout;
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    my_bool off = 0, on = 1;
    mysql_options(m, MYSQL_OPT_RECONNECT, &off);  // a silent reconnect loses session state
    mysql_options(m, MYSQL_REPORT_DATA_TRUNCATION, &on);
    if (url_.socket.empty()) {
      // libmariadb takes host `localhost` to mean the unix socket; toasty means TCP.
      unsigned protocol = MYSQL_PROTOCOL_TCP;
      mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
    }
    switch (url_.ssl) {
      case detail::SslMode::Disabled:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &off);
        break;
      case detail::SslMode::Required:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
        break;
      case detail::SslMode::VerifyIdentity:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
        mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
        break;
      case detail::SslMode::Default:
      case detail::SslMode::Preferred:
        break;  // the library's default
    }
    if (!url_.ssl_ca.empty()) mysql_options(m, MYSQL_OPT_SSL_CA, url_.ssl_ca.c_str());
    if (!url_.ssl_cert.empty()) mysql_options(m, MYSQL_OPT_SSL_CERT, url_.ssl_cert.c_str());
    if (!url_.ssl_key.empty()) mysql_options(m, MYSQL_OPT_SSL_KEY, url_.ssl_key.c_str());
    const char* host = url_.socket.empty() && url_.host == "localhost" ? "127.0.0.1"
                                                                       : url_.host.c_str();
    if (mysql_real_connect(m, host, url_.user.empty() ? nullptr : url_.user.c_str(),
                           url_.password.c_str(),
                           url_.database.empty() ? nullptr : url_.database.c_str(), url_.port,
                           url_.socket.empty() ? nullptr : url_.socket.c_str(),
                           CLIENT_FOUND_ROWS) == nullptr) {
      std::string msg = driver_common::redact_secret(mysql_error(m), url_.password, url_.user);
      unsigned err = mysql_errno(m);
      mysql_close(m);
      throw ConnectionError("mysql: cannot connect to " + redacted_ + ": " + msg + " (error " +
                            std::to_string(err) + ")");
    }
    // The server decides what the SQL may use: MariaDB 10.5+ has INSERT ... RETURNING,
    // MySQL (8.x) has not. Learned from the first connection, before any statement is
    // planned (Db acquires its connection before planning).
    std::call_once(learned_, [&] {
      const bool mariadb = std::string_view(mysql_get_server_info(m)).find("MariaDB") != std::string_view::npos;
      capability_.returning_from_insert = mariadb && mysql_get_server_version(m) >= 100500;
    });
    return detail::make_connection(m);
  }

 private:
  detail::Url url_;
  std::string redacted_;
  driver::Capability capability_;
  std::once_flag learned_;
};

}  // namespace

std::unique_ptr<driver::Driver> open(std::string_view url) {
  detail::Url parsed = detail::parse_url(url);
  return std::make_unique<MyDriver>(std::move(parsed), detail::redact_url(url));
}

}  // namespace toasty::mysql
