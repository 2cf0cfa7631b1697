#pragma once
// Internal to the MySQL / MariaDB driver: what its files share.
#include <mysql.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driver/common/redact.hpp"
#include "toasty/core/value.hpp"
#include "toasty/driver/driver.hpp"
#include "sql/serializer.hpp"

namespace toasty::mysql::detail {

// ---- url.cpp ----
enum class SslMode { Default, Disabled, Preferred, Required, VerifyIdentity };

struct Url {
  std::string host = "localhost";
  unsigned port = 3306;
  std::string user;
  std::string password;
  std::string database;  // "" = none
  std::string socket;    // unix socket path; "" = TCP
  unsigned connect_timeout = 10;
  SslMode ssl = SslMode::Default;
  std::string ssl_ca;    // PEM file of the CAs to trust ("" = the library's default)
  std::string ssl_cert;  // client certificate and key, for servers that ask for one
  std::string ssl_key;
};

// Throws InvalidUrl (redacted) when `url` is not a mysql:// or mariadb:// URL it understands.
Url parse_url(std::string_view url);

// The URL for messages: driver/common/redact.hpp.
using driver_common::redact_url;

// ---- errors.cpp ----
// What a failing statement was, for its error message and unique violations.
struct Context {
  std::string_view sql;
  const db::Schema* schema = nullptr;
  const stmt::Statement* statement = nullptr;
};

// The index name in "Duplicate entry 'x' for key 'idx'" (MariaDB) or "'table.idx'" (MySQL 8).
std::string duplicate_key_name(std::string_view message);
// Errors after which the connection cannot be used any more.
bool is_connection_error(unsigned err);
// Throws the toasty error for server or client error `err` (ConnectionError,
// DbUniqueViolation, ConstraintViolation, TypeConversion, DatabaseError with an excerpt).
[[noreturn]] void throw_error(unsigned err, std::string msg, std::string sqlstate, const Context& ctx);

// ---- values.cpp ----
// Parameter binds for mysql_stmt_bind_param. Strings and bytes point into the Values,
// which outlive the execution.
struct ParamBinds {
  std::vector<MYSQL_BIND> binds;
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<signed char> bools;
  std::vector<unsigned long> lengths;
  std::vector<std::string> texts;  // text of Uuid and Timestamp parameters
  explicit ParamBinds(const sql::ParamList& params);

 private:
  void bind_text(std::size_t i, std::string text);  // bound from texts[i]
};

// Who reports a failed prepared-statement call (the connection, which may mark itself broken).
class StatementErrors {
 public:
  [[noreturn]] virtual void raise_stmt(MYSQL_STMT* st, const Context& ctx) = 0;

 protected:
  ~StatementErrors() = default;
};

// The rows of an executed statement one at a time, decoded and coerced to `types` when they
// name every column (a null entry: as the server gives it). `raw`: a RawSql, whose column
// names go to `columns` and pick the types. After mysql_stmt_store_result the text buffers
// fit the longest value; without it (rows fetched from the server as they are read) a
// longer value is fetched whole on its own.
class RowReader {
 public:
  RowReader(MYSQL_STMT* st, std::vector<const db::Column*> types, const Context& ctx, StatementErrors& errors,
            const driver::RawSql* raw = nullptr, std::vector<std::string>* columns = nullptr);
  ~RowReader();
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;
  std::size_t width() const;
  // The next row into `row` (width() cells); false after the last.
  bool next(Value* row);

 private:
  struct Column;
  MYSQL_STMT* st_;
  Context ctx_;
  StatementErrors& errors_;
  std::vector<const db::Column*> types_;
  std::vector<Column> cols_;
  std::vector<MYSQL_BIND> binds_;
};

// The rows (or affected count) of an executed statement, read whole (store_result) and
// decoded as RowReader does; with `sink`, each row goes there instead (out.streamed).
void read_results(MYSQL_STMT* st, std::vector<const db::Column*> types, const Context& ctx,
                  driver::Response& out, StatementErrors& errors, const driver::RawSql* raw = nullptr,
                  const driver::RowSink* sink = nullptr);

// ---- connection.cpp ----
// A connection on an open session (strict SQL mode set).
std::unique_ptr<driver::Connection> make_connection(MYSQL* m);

}  // namespace toasty::mysql::detail
