#pragma once
// Internal to the PostgreSQL driver: what its files share.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driver/common/redact.hpp"
#include "toasty/core/value.hpp"
#include "toasty/driver/driver.hpp"
#include "sql/serializer.hpp"

namespace toasty::postgresql::detail {

// ---- url.cpp ----
// The URL for messages: driver/common/redact.hpp.
using driver_common::redact_url;

struct CheckedUrl {
  std::string url;       // for libpq, with the scheme in lower case
  std::string password;  // decoded ("" when none), to redact it from messages
  std::string user;      // decoded ("" when none)
};
// Checks `url` with libpq's parser; throws InvalidUrl (redacted) when it is not one.
CheckedUrl validate_url(std::string_view url);

// ---- values.cpp ----
// Parameter arrays for PQexecPrepared: text format, bytes in binary. Strings and bytes
// point into the Values, which outlive the call.
struct Params {
  std::vector<std::string> text;  // owned text of numbers and bools
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  explicit Params(const sql::ParamList& params);
};
// One result cell in libpq's binary format, by its type OID.
Value decode_binary(Oid oid, const char* p, int len);
// A native enum column (its OID is the type's own): the label, or a list of labels.
Value decode_enum(const char* p, int len, bool list);

// ---- errors.cpp ----
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's message on one line.
std::string trim(std::string s);
bool sqlstate_is(const char* state, std::string_view code);
bool sqlstate_class(const char* state, std::string_view cls);
// The columns of `Key (a, b)=(...)` in a unique violation's detail.
std::vector<std::string> parse_key_columns(std::string_view detail);
// The failure of `res` lost the connection (class 08, admin shutdown, a dead socket).
bool connection_lost(PGconn* conn, const PGresult* res);
// Throws the toasty error for a failed `res` (ConnectionError, DbUniqueViolation,
// ConstraintViolation, TypeConversion, DatabaseError with SQLSTATE and an excerpt of `sql`).
[[noreturn]] void throw_error(PGconn* conn, const PGresult* res, std::string_view sql, const db::Schema* schema);

// ---- connection.cpp ----
std::unique_ptr<driver::Connection> make_connection(PGconn* conn);

}  // namespace toasty::postgresql::detail
