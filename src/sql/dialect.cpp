// Every place where SQLite, PostgreSQL and MySQL/MariaDB spell something differently.
#include "dialect.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <variant>

#include "toasty/error.hpp"

namespace toasty::sql {

std::string quote_identifier(std::string_view name, Dialect dialect) {
  if (name.empty()) throw InvalidSchema("toasty: empty SQL identifier");
  if (name.find('\0') != std::string_view::npos) {
    throw InvalidSchema("toasty: SQL identifier contains a NUL character");
  }
  const char q = dialect == Dialect::Mysql ? '`' : '"';
  std::string out;
  out.reserve(name.size() + 2);
  out += q;
  for (char c : name) {
    if (c == q) out += q;  // "a""b" / `a``b`
    out += c;
  }
  out += q;
  return out;
}

}  // namespace toasty::sql

namespace toasty::sql::detail {

namespace {

constexpr std::uint64_t kI64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

const stmt::ExprValue* string_value(const stmt::ExprPtr& e) {
  const auto* v = std::get_if<stmt::ExprValue>(&e->node);
  return v != nullptr && v->value.is_string() ? v : nullptr;
}

}  // namespace

void write_placeholder(std::string& out, std::size_t position, Dialect dialect) {
  if (dialect == Dialect::Postgresql) {
    out += '$';
    out += std::to_string(position);
  } else {
    out += '?';  // SQLite and MySQL: positional, parameters in text order
  }
}

std::string escape_glob(std::string_view prefix) {
  // GLOB has no escape character; a one-character class matches the character itself.
  // `]` outside a class is literal already.
  std::string out;
  out.reserve(prefix.size() + 1);
  for (char c : prefix) {
    switch (c) {
      case '*': out += "[*]"; break;
      case '?': out += "[?]"; break;
      case '[': out += "[[]"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_like(std::string_view prefix, char escape) {
  std::string out;
  out.reserve(prefix.size() + 1);
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == escape) out += escape;
    out += c;
  }
  return out;
}

void write_list_op(Writer& w, const stmt::ExprListOp& op) {
  using Kind = stmt::ExprListOp::Kind;
  const Dialect d = w.dialect();
  if (op.kind == Kind::IsEmpty) {
    w.raw(d == Dialect::Postgresql ? "(cardinality(" : d == Dialect::Mysql ? "(JSON_LENGTH(" : "(json_array_length(");
    w.expr(op.lhs);
    w.raw(") = 0)");
    return;
  }
  const bool all = op.kind == Kind::ContainsAll;
  switch (d) {
    case Dialect::Postgresql:
      w.raw("(");
      w.operand(op.lhs);
      w.raw(all ? " @> " : " && ");
      w.operand(op.values);
      w.raw(")");
      return;
    case Dialect::Mysql:
      w.raw(all ? "JSON_CONTAINS(" : "JSON_OVERLAPS(");
      w.expr(op.lhs);
      w.raw(", ");
      w.expr(op.values);
      w.raw(")");
      return;
    case Dialect::Sqlite:
      // Every (or some) element of the wanted list among the column's elements.
      w.raw(all ? "NOT EXISTS (SELECT 1 FROM json_each(" : "EXISTS (SELECT 1 FROM json_each(");
      w.expr(op.values);
      w.raw(all ? ") AS toasty_w WHERE toasty_w.value NOT IN (SELECT toasty_e.value FROM json_each("
                : ") AS toasty_w WHERE toasty_w.value IN (SELECT toasty_e.value FROM json_each(");
      w.expr(op.lhs);
      w.raw(") AS toasty_e))");
      return;
  }
}

namespace {

// `e` with A-Z folded to a-z and nothing else (ignore_case matches), whatever the backend's
// collation or locale: SQLite's built-in lower() folds only ASCII; PostgreSQL's lower() and
// MySQL's LOWER() would fold by locale or collation, so translate() and a REPLACE chain fold
// exactly the 26 letters.
void write_folded(Writer& w, const stmt::ExprPtr& e) {
  static constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  switch (w.dialect()) {
    case Dialect::Sqlite:
      w.raw("lower(");
      w.expr(e);
      w.raw(")");
      return;
    case Dialect::Postgresql:
      w.raw("translate(");
      w.expr(e);
      w.raw(", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')");
      return;
    case Dialect::Mysql:
      for (std::size_t i = 0; i < kUpper.size(); ++i) w.raw("REPLACE(");
      w.expr(e);
      for (char c : kUpper) {
        std::string args = ", '";
        args += c;
        args += "', '";
        args += static_cast<char>(c - 'A' + 'a');
        args += "')";
        w.raw(args);
      }
      return;
  }
}

// LIKE with the one escape character toasty rewrites every pattern to; SQLite's own LIKE
// ignores ASCII case, so there the driver's toasty_like() (case-sensitive) runs instead.
void write_like(Writer& w, const stmt::ExprTextMatch& m) {
  if (w.dialect() == Dialect::Sqlite) {
    w.raw("toasty_like(");
    w.expr(m.prefix);
    w.raw(", ");
    if (m.ignore_case) write_folded(w, m.lhs);
    else w.expr(m.lhs);
    w.raw(")");
    return;
  }
  if (m.ignore_case) write_folded(w, m.lhs);
  else w.operand(m.lhs);
  w.raw(" LIKE ");
  w.operand(m.prefix);
  w.raw(" ESCAPE '");
  w.raw(std::string(1, stmt::ExprTextMatch::kLikeEscape));
  w.raw("'");
}

}  // namespace

void write_text_match(Writer& w, const stmt::ExprTextMatch& m) {
  using Kind = stmt::ExprTextMatch::Kind;
  if (m.kind == Kind::Like) return write_like(w, m);
  if (m.kind == Kind::Equals) {
    if (m.ignore_case) write_folded(w, m.lhs);
    else w.operand(m.lhs);
    w.raw(" = ");
    w.operand(m.prefix);
    return;
  }
  // An ignore_case match reads its text folded (a function call: no parentheses needed).
  const stmt::ExprPtr& lhs = m.lhs;
  auto lhs_expr = [&] {
    if (m.ignore_case) write_folded(w, lhs);
    else w.expr(lhs);
  };
  auto lhs_operand = [&] {
    if (m.ignore_case) write_folded(w, lhs);
    else w.operand(lhs);
  };
  const stmt::ExprPtr& pattern = m.prefix;
  const stmt::ExprValue* literal = string_value(pattern);
  const bool starts = m.kind == Kind::StartsWith, ends = m.kind == Kind::EndsWith;
  switch (w.dialect()) {
    case Dialect::Sqlite:
      // GLOB is case-sensitive (LIKE is not, for ASCII), and a prefix GLOB can use an index
      // on a column with the default BINARY collation.
      if (literal != nullptr) {
        lhs_operand();
        w.raw(" GLOB ");
        std::string glob;  // appended: GCC 12 warns falsely (-Wrestrict) on "*" + std::string
        if (!starts) glob += '*';
        glob += escape_glob(literal->value.as_string());
        if (!ends) glob += '*';
        w.param(std::move(glob));
      } else if (starts) {
        w.raw("substr(");
        lhs_expr();
        w.raw(", 1, length(");
        w.expr(pattern);
        w.raw(")) = ");
        w.operand(pattern);
      } else if (ends) {  // substr(x, -0) would be all of x
        w.raw("(length(");
        w.expr(pattern);
        w.raw(") = 0 OR substr(");
        lhs_expr();
        w.raw(", -length(");
        w.expr(pattern);
        w.raw(")) = ");
        w.operand(pattern);
        w.raw(")");
      } else {
        w.raw("instr(");
        lhs_expr();
        w.raw(", ");
        w.expr(pattern);
        w.raw(") > 0");
      }
      return;
    case Dialect::Postgresql:
      // No wildcards, so nothing to escape: `^@` (PostgreSQL 11+) is starts_with(); right()
      // and strpos() count characters.
      if (starts) {
        lhs_operand();
        w.raw(" ^@ ");
        w.operand(pattern);
      } else if (ends) {
        w.raw("right(");
        lhs_expr();
        w.raw(", length(");
        w.expr(pattern);
        w.raw(")) = ");
        w.operand(pattern);
      } else {
        w.raw("strpos(");
        lhs_expr();
        w.raw(", ");
        w.expr(pattern);
        w.raw(") > 0");
      }
      return;
    case Dialect::Mysql:
      // A binary pattern makes LIKE compare bytes: case- and accent-sensitive whatever
      // the column collation. A byte match of UTF-8 text that is itself valid UTF-8 is a
      // character match, so this is exactly starts_with (ends_with, contains). '!' is the
      // escape character instead of '\' so the text does not depend on
      // NO_BACKSLASH_ESCAPES. CAST(.. AS BINARY) instead of the BINARY operator, which MySQL
      // 8.0.27 deprecated.
      if (literal != nullptr) {
        lhs_operand();
        w.raw(" LIKE CAST(");
        std::string like;
        if (!starts) like += '%';
        like += escape_like(literal->value.as_string(), '!');
        if (!ends) like += '%';
        w.param(std::move(like));
        w.raw(" AS BINARY) ESCAPE '!'");
      } else if (!starts && !ends) {
        w.raw("LOCATE(CAST(");
        w.expr(pattern);
        w.raw(" AS BINARY), CAST(");
        lhs_expr();
        w.raw(" AS BINARY)) > 0");
      } else {
        w.raw(starts ? "CAST(LEFT(" : "CAST(RIGHT(");
        lhs_expr();
        w.raw(", CHAR_LENGTH(");
        w.expr(pattern);
        w.raw(")) AS BINARY) = CAST(");
        w.expr(pattern);
        w.raw(" AS BINARY)");
      }
      return;
  }
}

void write_subquery(Writer& w, const stmt::Select& query) {
  // MySQL/MariaDB refuse LIMIT inside IN (subquery) (error 1235) and a subquery reading the
  // table an UPDATE/DELETE modifies (error 1093). A derived table lifts both: it is
  // materialized first. Only then, as it can cost the optimizer a semi-join.
  const bool wrap = w.dialect() == Dialect::Mysql &&
                    (query.limit || query.offset || query.target == w.root_table_id());
  if (wrap) w.raw("SELECT * FROM (");
  write_select(w, query);
  if (wrap) {
    w.raw(") AS ");
    w.identifier("toasty_subquery");
  }
}

void write_limit_offset(Writer& w, std::optional<std::uint64_t> limit,
                        std::optional<std::uint64_t> offset) {
  if (!limit && !offset) return;
  // SQLite and PostgreSQL take signed 64-bit counts: anything above i64::MAX means "all".
  auto clamp = [&](std::uint64_t n) {
    return w.dialect() == Dialect::Mysql ? n : std::min(n, kI64Max);
  };
  if (limit) {
    w.raw(" LIMIT ");
    w.raw(std::to_string(clamp(*limit)));
  } else if (w.dialect() == Dialect::Sqlite) {
    w.raw(" LIMIT -1");  // SQLite's grammar has no OFFSET without LIMIT
  } else if (w.dialect() == Dialect::Mysql) {
    w.raw(" LIMIT 18446744073709551615");  // MySQL's documented "no limit" with OFFSET
  }
  if (offset) {
    w.raw(" OFFSET ");
    w.raw(std::to_string(clamp(*offset)));
  }
}

void write_row_lock(Writer& w, const stmt::RowLock& lock) {
  using Mode = stmt::RowLock::Mode;
  using Wait = stmt::RowLock::Wait;
  if (lock.mode == Mode::None || w.dialect() == Dialect::Sqlite) return;
  if (lock.mode == Mode::Update) w.raw(" FOR UPDATE");
  else w.raw(w.dialect() == Dialect::Mysql ? " LOCK IN SHARE MODE" : " FOR SHARE");
  if (lock.wait == Wait::SkipLocked) w.raw(" SKIP LOCKED");
  if (lock.wait == Wait::NoWait) w.raw(" NOWAIT");
}

void write_insert_default_values(Writer& w, std::size_t row_count) {
  switch (w.dialect()) {
    case Dialect::Sqlite:
      if (row_count != 1) {
        throw UnsupportedQuery("toasty: SQLite cannot insert " + std::to_string(row_count) +
                               " rows without values into \"" + w.table().name +
                               "\" in one statement (DEFAULT VALUES inserts one row)");
      }
      w.raw(" DEFAULT VALUES");
      return;
    case Dialect::Postgresql:
      if (row_count == 1) {
        w.raw(" DEFAULT VALUES");
        return;
      }
      // Several rows: name any column and give it DEFAULT in each row.
      w.raw(" (");
      w.identifier(w.table().columns.at(0).name);
      w.raw(") VALUES ");
      for (std::size_t i = 0; i < row_count; ++i) w.raw(i == 0 ? "(DEFAULT)" : ", (DEFAULT)");
      return;
    case Dialect::Mysql:
      w.raw(" () VALUES ");
      for (std::size_t i = 0; i < row_count; ++i) w.raw(i == 0 ? "()" : ", ()");
      return;
  }
}

namespace {
std::string numeric_type(const char* name, const db::Column& c) {
  std::string out = name;
  out += '(';
  out += std::to_string(c.precision);
  out += ", ";
  out += std::to_string(c.scale);
  out += ')';
  return out;
}
}  // namespace

std::string column_type(const db::Column& column, bool indexed, Dialect dialect) {
  if (column.list) {
    // A Vec<T>: PostgreSQL's array of the element's type; a JSON array (sql/json_list.hpp)
    // in MySQL's JSON and SQLite's TEXT.
    if (dialect == Dialect::Postgresql) {
      db::Column element = column;
      element.list = false;
      return column_type(element, false, dialect) + "[]";
    }
    return dialect == Dialect::Mysql ? "JSON" : "TEXT";
  }
  const ScalarType t = column.type;
  switch (dialect) {
    case Dialect::Sqlite:
      // SQLite's storage classes. u64 values above i64::MAX are refused by the driver.
      switch (t) {
        case ScalarType::F32: case ScalarType::F64: return "REAL";
        case ScalarType::String: return "TEXT";
        case ScalarType::Bytes: return "BLOB";
        case ScalarType::Uuid: return "TEXT";  // canonical form; text order = byte order
        case ScalarType::Timestamp: return "TEXT";  // fixed-width ISO-8601 UTC: text order = time order
        case ScalarType::Date: return "TEXT";       // YYYY-MM-DD
        case ScalarType::DateTime: return "TEXT";   // fixed-width ISO-8601 without a zone
        case ScalarType::Time: return "TEXT";       // HH:MM:SS.ffffff
        case ScalarType::Json: return "TEXT";       // the document's text
        // The plain text, ordered by value by the collation the driver registers.
        case ScalarType::Decimal: return "TEXT COLLATE toasty_decimal";
        default: return "INTEGER";  // bool and every integer width
      }
    case Dialect::Postgresql:
      if (!column.pg_enum.empty()) return quote_identifier(column.pg_enum, dialect);  // CREATE TYPE ... AS ENUM
      // No unsigned types: each u* takes the next wider signed type; u64 shares BIGINT and
      // the driver refuses values above i64::MAX.
      switch (t) {
        case ScalarType::Bool: return "BOOLEAN";
        case ScalarType::I8: case ScalarType::I16: case ScalarType::U8: return "SMALLINT";
        case ScalarType::I32: case ScalarType::U16: return "INTEGER";
        case ScalarType::I64: case ScalarType::U32: case ScalarType::U64: return "BIGINT";
        case ScalarType::F32: return "REAL";
        case ScalarType::F64: return "DOUBLE PRECISION";
        case ScalarType::String: return column.max_length ? "VARCHAR(" + std::to_string(column.max_length) + ")" : "TEXT";
        case ScalarType::Bytes: return "BYTEA";  // no bounded form: the engine enforces varbinary(n)
        case ScalarType::Uuid: return "UUID";
        case ScalarType::Timestamp: return "TIMESTAMPTZ";
        case ScalarType::Date: return "DATE";
        case ScalarType::DateTime: return "TIMESTAMP";
        case ScalarType::Time: return "TIME";
        case ScalarType::Json: return column.json_text ? "JSON" : "JSONB";
        case ScalarType::Decimal: return column.precision ? numeric_type("NUMERIC", column) : "NUMERIC";
      }
      break;
    case Dialect::Mysql:
      switch (t) {
        case ScalarType::Bool: return "BOOLEAN";
        case ScalarType::I8: return "TINYINT";
        case ScalarType::I16: return "SMALLINT";
        case ScalarType::I32: return "INT";
        case ScalarType::I64: return "BIGINT";
        case ScalarType::U8: return "TINYINT UNSIGNED";
        case ScalarType::U16: return "SMALLINT UNSIGNED";
        case ScalarType::U32: return "INT UNSIGNED";
        case ScalarType::U64: return "BIGINT UNSIGNED";
        case ScalarType::F32: return "FLOAT";
        case ScalarType::F64: return "DOUBLE";
        // Keys and indexes need a bounded type: 191 utf8mb4 characters = 764 bytes, inside
        // InnoDB's 767-byte limit of older row formats. Otherwise LONGTEXT/LONGBLOB, which
        // are unbounded like the other dialects' TEXT/BYTEA (TEXT would stop at 64 KiB and,
        // outside strict mode, truncate silently).
        case ScalarType::String:
          if (column.max_length) return "VARCHAR(" + std::to_string(column.max_length) + ")";
          return indexed ? "VARCHAR(191)" : "LONGTEXT";
        case ScalarType::Bytes:
          if (column.max_length) return "VARBINARY(" + std::to_string(column.max_length) + ")";
          return indexed ? "VARBINARY(255)" : "LONGBLOB";
        // No UUID type in MySQL (MariaDB's UUID type is 10.7+): the canonical text, whose
        // order under the tables' binary collation is the UUIDs' byte order.
        case ScalarType::Uuid: return "CHAR(36)";
        case ScalarType::Timestamp: return "DATETIME(6)";  // UTC, whatever the session time zone
        case ScalarType::Date: return "DATE";
        case ScalarType::DateTime: return "DATETIME(6)";
        case ScalarType::Time: return "TIME(6)";
        case ScalarType::Json: return "JSON";  // MariaDB: LONGTEXT that must hold valid JSON
        // A bare DECIMAL is DECIMAL(10, 0); the widest MySQL has holds every unconstrained
        // Decimal (35 digits before the point, 30 after).
        case ScalarType::Decimal: return column.precision ? numeric_type("DECIMAL", column) : "DECIMAL(65, 30)";
      }
      break;
  }
  throw InvalidSchema("toasty: column \"" + column.name + "\" has an unknown scalar type");
}

std::string column_definition(const db::Table& table, std::size_t index, bool indexed,
                              bool sole_key, Dialect dialect, bool& key_inline) {
  const db::Column& column = table.columns[index];
  std::string out = quote_identifier(column.name, dialect);
  out += ' ';
  out += column_type(column, indexed, dialect);

  if (column.auto_increment) {
    if (!is_integer(column.type)) {
      throw InvalidSchema("toasty: auto-increment column \"" + table.name + "." + column.name +
                          "\" must have an integer type, not " + std::string(to_string(column.type)));
    }
    switch (dialect) {
      case Dialect::Sqlite:
        // AUTOINCREMENT exists only in the column-level form on the rowid alias, which must
        // be the whole primary key.
        if (!sole_key) {
          throw InvalidSchema("toasty: SQLite can auto-increment only a single-column "
                              "integer primary key, and \"" + table.name + "." + column.name +
                              "\" is not one");
        }
        key_inline = true;
        out += " PRIMARY KEY AUTOINCREMENT";
        return out;  // a rowid alias is never NULL
      case Dialect::Postgresql:
        out += " GENERATED BY DEFAULT AS IDENTITY";
        break;
      case Dialect::Mysql:
        if (!column.nullable) out += " NOT NULL";
        out += " AUTO_INCREMENT";
        return out;
    }
  }
  if (!column.nullable) out += " NOT NULL";
  return out;
}

}  // namespace toasty::sql::detail
