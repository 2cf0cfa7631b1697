// Value <-> SQLite storage classes.
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>

#include "core/text.hpp"
#include "internal.hpp"
#include "sql/json_list.hpp"
#include "toasty/error.hpp"

namespace toasty::sqlite::detail {

void bind_value(sqlite3* db, sqlite3_stmt* stmt, int index, const Value& v, std::string_view sql) {
  int rc = std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return sqlite3_bind_null(stmt, index);
        } else if constexpr (std::is_same_v<T, bool>) {
          return sqlite3_bind_int(stmt, index, x ? 1 : 0);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return sqlite3_bind_int64(stmt, index, x);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
          if (x > max) {
            throw TypeConversion("toasty: cannot store the u64 value " + std::to_string(x) +
                                 " in SQLite: SQLite stores signed 64-bit integers (largest " +
                                 std::to_string(max) + ")");
          }
          return sqlite3_bind_int64(stmt, index, static_cast<sqlite3_int64>(x));
        } else if constexpr (std::is_same_v<T, double>) {
          return sqlite3_bind_double(stmt, index, x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          toasty::text::require_text(x);
          return sqlite3_bind_text64(stmt, index, x.data(), x.size(), SQLITE_STATIC, SQLITE_UTF8);
        } else if constexpr (std::is_same_v<T, Uuid>) {
          // TEXT in canonical form: readable with sqlite3, and text order is byte order.
          const std::string text = x.to_string();
          return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
        } else if constexpr (std::is_same_v<T, Timestamp> || std::is_same_v<T, Date> ||
                             std::is_same_v<T, DateTime> || std::is_same_v<T, Time>) {
          // TEXT, fixed-width ISO-8601: comparisons and ORDER BY follow time.
          std::string text;
          if constexpr (std::is_same_v<T, Timestamp>) text = format_timestamp(x);
          else if constexpr (std::is_same_v<T, Date>) text = format_date(x);
          else if constexpr (std::is_same_v<T, DateTime>) text = format_datetime(x);
          else text = format_time(x);
          return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
        } else if constexpr (std::is_same_v<T, Value::List>) {
          const std::string text = sql::encode_json_list(x);  // TEXT holding a JSON array
          return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          // TEXT in plain notation; the column's toasty_decimal collation orders it by value.
          const std::string& text = x.to_string();
          return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
        } else {
          static_assert(std::is_same_v<T, Bytes>);
          // A null data pointer would bind NULL, not an empty blob.
          if (x.empty()) return sqlite3_bind_zeroblob(stmt, index, 0);
          return sqlite3_bind_blob64(stmt, index, x.data(), x.size(), SQLITE_STATIC);
        }
      },
      v.storage());
  if (rc != SQLITE_OK) throw_error(db, rc, sql);
}

Value read_column(sqlite3_stmt* stmt, int i, std::optional<ScalarType> hint) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: {
      const std::int64_t v = sqlite3_column_int64(stmt, i);
      if (hint == ScalarType::Bool) return Value(v != 0);
      if (hint == ScalarType::Decimal) return Value(Decimal(v));  // were one stored by hand
      if (hint && is_unsigned(*hint) && v >= 0) return Value(static_cast<std::uint64_t>(v));
      return Value(v);
    }
    case SQLITE_FLOAT:
      return Value(sqlite3_column_double(stmt, i));
    case SQLITE_TEXT: {
      // text before bytes: the byte count is of the UTF-8 form text() produced.
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      const int n = sqlite3_column_bytes(stmt, i);
      std::string_view text(p != nullptr ? p : "", static_cast<std::size_t>(n));
      if (hint == ScalarType::Uuid) return Value(Uuid::parse(text));
      if (hint == ScalarType::Timestamp || hint == ScalarType::Date || hint == ScalarType::DateTime ||
          hint == ScalarType::Time || hint == ScalarType::Decimal)
        return coerce_to(Value(std::string(text)), *hint);
      return Value(std::string(text));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      const int n = sqlite3_column_bytes(stmt, i);
      return Value(p != nullptr ? Bytes(p, p + n) : Bytes{});
    }
    default:
      return Value();
  }
}

}  // namespace toasty::sqlite::detail
