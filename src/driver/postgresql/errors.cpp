// PostgreSQL errors: SQLSTATE classes to toasty's error types, unique violations to the
// columns they name, messages on one line with at most an excerpt of the statement.
#include <cstring>

#include "driver/common/coded.hpp"
#include "pg_internal.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace toasty::postgresql::detail {

std::vector<std::string> parse_key_columns(std::string_view detail) {
  constexpr std::string_view kPrefix = "Key (";
  std::size_t start = detail.find(kPrefix);
  if (start == std::string_view::npos) return {};
  std::size_t pos = start + kPrefix.size();
  std::vector<std::string> columns;
  std::string current;
  bool quoted = false;
  while (pos < detail.size()) {
    char c = detail[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < detail.size() && detail[pos + 1] == '"') {
          current += '"';
          pos += 2;
          continue;
        }
        quoted = false;
      } else {
        current += c;
      }
      ++pos;
      continue;
    }
    if (c == '"') {
      quoted = true;
      ++pos;
    } else if (c == ',' && pos + 1 < detail.size() && detail[pos + 1] == ' ') {
      columns.push_back(std::move(current));
      current.clear();
      pos += 2;
    } else if (c == ')' && detail.substr(pos, 3) == ")=(") {
      columns.push_back(std::move(current));
      return columns;
    } else {
      current += c;
      ++pos;
    }
  }
  return {};  // no `)=(`: not the shape we know
}


// One line: libpq's messages end with a newline and wrap with "\n\t".
std::string trim(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool sqlstate_is(const char* state, std::string_view code) {
  return state != nullptr && code == state;
}

bool sqlstate_class(const char* state, std::string_view cls) {
  return state != nullptr && std::string_view(state).substr(0, 2) == cls;
}

bool connection_lost(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  return PQstatus(conn) == CONNECTION_BAD || sqlstate_class(state, "08") || sqlstate_is(state, "57P01") ||
         sqlstate_is(state, "57P02") || sqlstate_is(state, "57P03");
}

namespace {

// Columns of a unique index (or the primary key, `<table>_pkey`) named by the server.
std::vector<std::string> columns_of(const db::Schema& schema, const std::string& table,
                                           const std::string& constraint) {
  for (const auto& t : schema.tables) {
    if (t.name != table) continue;
    auto names = [&](const std::vector<std::size_t>& cols) {
      std::vector<std::string> out;
      for (std::size_t c : cols) {
        if (c < t.columns.size()) out.push_back(t.columns[c].name);
      }
      return out;
    };
    for (const auto& idx : t.indexes) {
      if (idx.name == constraint) return names(idx.columns);
    }
    if (constraint == t.name + "_pkey") return names(t.primary_key);
  }
  return {};
}

[[noreturn]] void throw_unique(const PGresult* res, const std::string& msg,
                               const db::Schema* schema) {
  auto field = [&](int code) {
    const char* v = PQresultErrorField(res, code);
    return std::string(v ? v : "");
  };
  std::string table = field(PG_DIAG_TABLE_NAME);
  std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
  std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
  std::vector<std::string> columns = parse_key_columns(detail);
  if (columns.empty() && schema != nullptr) columns = columns_of(*schema, table, constraint);
  driver_common::throw_coded(DbUniqueViolation(std::move(table), std::move(columns), std::move(constraint),
                                               "postgresql: " + msg),
                             "23505", "23505", false);
}

}  // namespace

[[noreturn]] void throw_error(PGconn* conn, const PGresult* res, std::string_view sql, const db::Schema* schema) {
  // Server messages never echo the password, so they are reported as they are.
  std::string msg;
  if (const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    msg = primary;
    if (const char* d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
      msg += std::string(" (") + d + ")";
    }
    if (const char* h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT)) {
      msg += std::string(" hint: ") + h;
    }
  } else {
    msg = trim(res ? PQresultErrorMessage(res) : "");
    if (msg.empty()) msg = trim(PQerrorMessage(conn));
  }
  if (msg.empty()) msg = "unknown error";
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  using driver_common::throw_coded;

  if (connection_lost(conn, res)) throw_coded(ConnectionError("postgresql: connection lost: " + msg), code, code, false);
  if (sqlstate_is(state, "23505")) throw_unique(res, msg, schema);
  if (sqlstate_class(state, "23")) throw_coded(ConstraintViolation("postgresql: " + msg), code, code, false);
  if (sqlstate_is(state, "22003") || sqlstate_is(state, "22P02"))
    throw_coded(TypeConversion("postgresql: " + msg), code, code, false);
  std::string text = "postgresql: " + msg;
  if (state != nullptr) text += std::string(" [SQLSTATE ") + state + "]";
  if (!sql.empty()) text += " while running: " + sql::excerpt(sql);
  // serialization_failure, deadlock_detected: the transaction lost to another one
  if (sqlstate_is(state, "40001") || sqlstate_is(state, "40P01")) throw_coded(SerializationFailure(text), code, code, true);
  // lock_not_available (NOWAIT)
  throw_coded(DatabaseError(text), code, code, sqlstate_is(state, "55P03"));
}

}  // namespace toasty::postgresql::detail
