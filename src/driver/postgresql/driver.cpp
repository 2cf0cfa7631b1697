// PostgreSQL driver on libpq.
//
// Design:
// - Parameters are sent in text format except bytes (binary format, no escaping); the
//   server infers each parameter's type from the statement, so text parameters fit any
//   column type. Results are requested in binary format and decoded per column OID, then
//   coerced to the column's ScalarType when the statement says which column it is (so a
//   u32 column stored as BIGINT comes back as an unsigned Value).
// - Each connection prepares every distinct SQL text once (`toasty_s1`, `toasty_s2`, ...)
//   and keeps up to kCacheCapacity of them (least recently used are DEALLOCATEd).
// - A connection that reported a connection-level failure is marked broken: its statement
//   cache is dropped (the server side is gone with the session), is_healthy() turns false
//   and every later exec() throws toasty::ConnectionError, so the pool discards it.
#include "toasty/driver/postgresql.hpp"

#include "driver/common/redact.hpp"
#include "pg_internal.hpp"
#include "toasty/error.hpp"

namespace toasty::postgresql {

namespace {

class PgDriver final : public driver::Driver {
 public:
  explicit PgDriver(detail::CheckedUrl checked)
      : url_(std::move(checked.url)),
        redacted_(detail::redact_url(url_)),
        password_(std::move(checked.password)),
        user_(std::move(checked.user)) {
    capability_.storage = driver::Capability::Storage::Sql;
    capability_.display_name = "PostgreSQL";
    capability_.max_params = 65535;  // parameters per statement (the protocol counts in 16 bits)
    capability_.returning_from_insert = true;
    capability_.returning_from_update = true;
    capability_.full_u64 = false;
    capability_.transactions = true;
    capability_.isolation_levels = true;
    capability_.concurrent_writes = true;
  }

  const driver::Capability& capability() const override { return capability_; }
  std::string_view name() const override { return "postgresql"; }

  std::unique_ptr<driver::Connection> connect() override {
    // Values before `dbname` are defaults the URL may override (libpq: the last one wins).
    const char* keys[] = {"client_encoding", "connect_timeout", "fallback_application_name",
                          "dbname", nullptr};
    const char* vals[] = {"UTF8", "10", "toasty", url_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, vals, /*expand_dbname=*/1);
    if (conn == nullptr) {
      throw ConnectionError("postgresql: cannot connect to " + redacted_ + ": out of memory");
    }
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string msg = driver_common::redact_secret(detail::trim(PQerrorMessage(conn)), password_, user_);
      PQfinish(conn);
      throw ConnectionError("postgresql: cannot connect to " + redacted_ + ": " + msg);
    }
    return detail::make_connection(conn);
  }

 private:
  std::string url_;
  std::string redacted_;
  std::string password_;
  std::string user_;
  driver::Capability capability_;
};

}  // namespace

std::unique_ptr<driver::Driver> open(std::string_view url) {
  return std::make_unique<PgDriver>(detail::validate_url(url));
}

}  // namespace toasty::postgresql
