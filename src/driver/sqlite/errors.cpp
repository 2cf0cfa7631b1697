// SQLite result codes -> toasty errors.
#include <iterator>
#include <string>

#include "driver/common/coded.hpp"
#include "internal.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace toasty::sqlite::detail {

UniqueFailure parse_unique_message(std::string_view message, std::string_view table_hint) {
  UniqueFailure out;
  constexpr std::string_view prefix = "UNIQUE constraint failed: ";
  const auto at = message.find(prefix);
  if (at == std::string_view::npos) return out;
  std::string_view rest = message.substr(at + prefix.size());

  // Unique index on expressions: "index 'name'".
  constexpr std::string_view index_prefix = "index '";
  if (rest.substr(0, index_prefix.size()) == index_prefix) {
    rest.remove_prefix(index_prefix.size());
    out.index_name = std::string(rest.substr(0, rest.rfind('\'')));
    return out;
  }

  // "t.a, t.b": the table name may itself hold dots, so prefer the known table name.
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
    std::string_view table;
    std::string_view column;
    if (!table_hint.empty() && item.size() > table_hint.size() &&
        item.substr(0, table_hint.size()) == table_hint && item[table_hint.size()] == '.') {
      table = table_hint;
      column = item.substr(table_hint.size() + 1);
    } else if (const auto dot = item.find('.'); dot != std::string_view::npos) {
      table = item.substr(0, dot);
      column = item.substr(dot + 1);
    } else {
      column = item;
    }
    if (out.table.empty()) out.table = std::string(table);
    out.columns.emplace_back(column);
  }
  return out;
}

// The name of a primary result code, as SQLite's documentation spells it.
std::string code_name(int primary) {
  static constexpr const char* kNames[] = {
      "SQLITE_OK",     "SQLITE_ERROR",    "SQLITE_INTERNAL", "SQLITE_PERM",     "SQLITE_ABORT",
      "SQLITE_BUSY",   "SQLITE_LOCKED",   "SQLITE_NOMEM",    "SQLITE_READONLY", "SQLITE_INTERRUPT",
      "SQLITE_IOERR",  "SQLITE_CORRUPT",  "SQLITE_NOTFOUND", "SQLITE_FULL",     "SQLITE_CANTOPEN",
      "SQLITE_PROTOCOL", "SQLITE_EMPTY",  "SQLITE_SCHEMA",   "SQLITE_TOOBIG",   "SQLITE_CONSTRAINT",
      "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS",    "SQLITE_AUTH",     "SQLITE_FORMAT",
      "SQLITE_RANGE",  "SQLITE_NOTADB",   "SQLITE_NOTICE",   "SQLITE_WARNING"};
  if (primary >= 0 && primary < static_cast<int>(std::size(kNames))) return kNames[primary];
  return "SQLITE_" + std::to_string(primary);
}

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view sql, std::string_view table) {
  using driver_common::throw_coded;
  const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  const std::string code = code_name(primary);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    UniqueFailure f = parse_unique_message(message, table);
    throw_coded(DbUniqueViolation(std::move(f.table), std::move(f.columns), std::move(f.index_name),
                                  "sqlite: " + message),
                code, "", false);
  }
  const std::string where = " (sqlite code " + std::to_string(rc) + ", executing: " + sql::excerpt(sql) + ")";
  if (primary == SQLITE_CONSTRAINT) throw_coded(ConstraintViolation("toasty: sqlite: " + message + where), code, "", false);
  if (primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ||
      primary == SQLITE_CANTOPEN) {
    throw_coded(ConnectionError("toasty: sqlite: " + message + where), code, "", false);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)  // still busy after busy_timeout
    throw_coded(SerializationFailure("toasty: sqlite: " + message + where), code, "", true);
  throw_coded(DatabaseError("toasty: sqlite: " + message + where), code, "", false);
}

}  // namespace toasty::sqlite::detail
