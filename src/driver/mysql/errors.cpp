// MySQL / MariaDB errors: server and client error numbers to toasty's error types,
// duplicate keys to the columns of the index they name.
#include <algorithm>
#include <iterator>
#include <variant>

#include "driver/common/coded.hpp"
#include "my_internal.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace toasty::mysql::detail {

std::string duplicate_key_name(std::string_view message) {
  constexpr std::string_view kMarker = " for key '";
  std::size_t pos = message.rfind(kMarker);
  if (pos == std::string_view::npos) return {};
  std::size_t begin = pos + kMarker.size();
  std::size_t end = message.rfind('\'');
  if (end == std::string_view::npos || end < begin) return {};
  return std::string(message.substr(begin, end - begin));
}

// Errors after which the connection cannot be used any more.
bool is_connection_error(unsigned err) {
  static constexpr unsigned kCodes[] = {
      1053,  // ER_SERVER_SHUTDOWN
      1927,  // ER_CONNECTION_KILLED (MariaDB)
      2006,  // CR_SERVER_GONE_ERROR
      2013,  // CR_SERVER_LOST
      2014,  // CR_COMMANDS_OUT_OF_SYNC: protocol state unknown
      2026,  // CR_SSL_CONNECTION_ERROR
      2055,  // CR_SERVER_LOST_EXTENDED
      4031,  // ER_CLIENT_INTERACTION_TIMEOUT
  };
  return std::ranges::find(kCodes, err) != std::end(kCodes);
}

namespace {

bool is_constraint_error(unsigned err) {
  static constexpr unsigned kCodes[] = {
      1048,  // ER_BAD_NULL_ERROR: Column cannot be null
      1364,  // ER_NO_DEFAULT_FOR_FIELD
      1216,  // ER_NO_REFERENCED_ROW
      1217,  // ER_ROW_IS_REFERENCED
      1451,  // ER_ROW_IS_REFERENCED_2
      1452,  // ER_NO_REFERENCED_ROW_2
      1557,  // ER_FOREIGN_DUPLICATE_KEY
      3819,  // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
      4025,  // ER_CONSTRAINT_FAILED (MariaDB CHECK)
  };
  return std::ranges::find(kCodes, err) != std::end(kCodes);
}

bool is_conversion_error(unsigned err) {
  static constexpr unsigned kCodes[] = {
      1264,  // ER_WARN_DATA_OUT_OF_RANGE
      1366,  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
      1406,  // ER_DATA_TOO_LONG
      1292,  // ER_TRUNCATED_WRONG_VALUE
  };
  return std::ranges::find(kCodes, err) != std::end(kCodes);
}

// The target table of a statement (for error messages and unique violations).
std::size_t target_of(const stmt::Statement& statement) {
  return std::visit([](const auto& s) { return s.target; }, statement);
}

// "Duplicate entry 'x' for key 'idx'" (MariaDB) or "... for key 'table.idx'" (MySQL 8).
[[noreturn]] void throw_unique(const std::string& msg, const Context& ctx, const std::string& code,
                               const std::string& sqlstate) {
  std::string key = duplicate_key_name(msg);
  std::string table_name;
  const db::Table* table = nullptr;
  if (ctx.schema != nullptr && ctx.statement != nullptr) {
    std::size_t target = target_of(*ctx.statement);
    if (target < ctx.schema->tables.size()) table = &ctx.schema->tables[target];
  }
  if (table != nullptr) {
    table_name = table->name;
    const std::string prefix = table->name + ".";
    if (key.compare(0, prefix.size(), prefix) == 0) key.erase(0, prefix.size());
  } else if (std::size_t dot = key.find('.'); dot != std::string::npos) {
    table_name = key.substr(0, dot);
    key.erase(0, dot + 1);
  }
  std::vector<std::string> columns;
  if (table != nullptr) {
    auto names = [&](const std::vector<std::size_t>& positions) {
      for (std::size_t c : positions) {
        if (c < table->columns.size()) columns.push_back(table->columns[c].name);
      }
    };
    if (key == "PRIMARY") {
      names(table->primary_key);
    } else {
      for (const auto& idx : table->indexes) {
        if (idx.name == key) names(idx.columns);
      }
    }
  }
  driver_common::throw_coded(
      DbUniqueViolation(std::move(table_name), std::move(columns), std::move(key), "mysql: " + msg), code, sqlstate,
      false);
}

}  // namespace

// Server messages never echo the password, so they are reported as they are.
[[noreturn]] void throw_error(unsigned err, std::string msg, std::string sqlstate, const Context& ctx) {
  using driver_common::throw_coded;
  if (msg.empty()) msg = "unknown error";
  const std::string code = std::to_string(err);
  if (is_connection_error(err))
    throw_coded(ConnectionError("mysql: connection lost: " + msg + " (error " + code + ")"), code, sqlstate, false);
  if (err == 1062 || err == 1586) throw_unique(msg, ctx, code, sqlstate);
  if (is_constraint_error(err)) throw_coded(ConstraintViolation("mysql: " + msg), code, sqlstate, false);
  if (is_conversion_error(err)) throw_coded(TypeConversion("mysql: " + msg), code, sqlstate, false);
  std::string text = "mysql: " + msg + " (error " + code + ")";
  if (!ctx.sql.empty()) text += " while running: " + sql::excerpt(ctx.sql);
  // ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT: the transaction lost to another one
  if (err == 1213 || err == 1205) throw_coded(SerializationFailure(text), code, sqlstate, true);
  throw_coded(DatabaseError(text), code, sqlstate, false);
}

}  // namespace toasty::mysql::detail
