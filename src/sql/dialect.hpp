#pragma once
// Internal to src/sql: the statement writer shared by the serializer files, and every
// per-dialect decision (placeholders, quoting, prefix match, LIMIT, DEFAULT VALUES,
// column types, auto-increment DDL) in one place: dialect.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/schema/db.hpp"
#include "sql/serializer.hpp"
#include "toasty/stmt/expr.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::sql::detail {

// Accumulates SQL text and the parameters bound to its placeholders, in order.
class Writer {
 public:
  Writer(const db::Schema& schema, Dialect dialect, std::span<const Value* const> args = {})
      : schema_(schema), dialect_(dialect), args_(args) {}

  Dialect dialect() const { return dialect_; }
  const db::Schema& schema() const { return schema_; }

  // The table whose columns expressions may name; checked by `column()`. The first table
  // set is the statement's own (the root); subqueries set theirs and restore the outer one.
  void set_table(std::size_t table_id);
  const db::Table& table() const { return *table_; }
  std::size_t table_id() const { return table_id_; }
  std::size_t root_table_id() const { return root_table_id_; }
  // Renders `query` (a subquery) with its own table, then restores the current one.
  void subquery(const stmt::Select& query);

  void raw(std::string_view text) { sql_ += text; }
  void identifier(std::string_view name);
  // A placeholder in the text and `v` in the parameter list.
  void param(Value v);
  // A column of the current table, quoted and unqualified.
  void column(std::size_t column);
  // "a", "b", "c"
  void column_list(const std::vector<std::size_t>& columns);

  // An expression in a position where any expression is allowed (WHERE, SET value, ...).
  void expr(const stmt::ExprPtr& e);
  // An expression used as an operand: parenthesized unless it is atomic (value, column).
  void operand(const stmt::ExprPtr& e);

  // An ExprArg placeholder: bound to args[index] now, and remembered for re-binding.
  void arg(std::size_t index);

  Serialized finish() { return Serialized{std::move(sql_), std::move(params_), std::move(arg_slots_)}; }

 private:
  // Tables of the statements enclosing the subquery being written (correlated references).
  std::vector<std::size_t> enclosing_;
  const db::Schema& schema_;
  Dialect dialect_;
  const db::Table* table_ = nullptr;
  std::size_t table_id_ = 0;
  std::size_t root_table_id_ = 0;
  bool has_root_ = false;
  std::string sql_;
  std::vector<Value> params_;
  std::span<const Value* const> args_;
  std::vector<std::pair<std::size_t, std::size_t>> arg_slots_;
};

// SELECT ... FROM ... (serialize_statement.cpp); also the body of IN (subquery).
void write_select(Writer& w, const stmt::Select& s);

// ---- per-dialect hooks (dialect.cpp) ----

// The inside of `IN (...)` for an uncorrelated subquery (calls write_select).
void write_subquery(Writer& w, const stmt::Select& query);

// Appends the placeholder for parameter number `position` (1-based): `?` or `$N`.
void write_placeholder(std::string& out, std::size_t position, Dialect dialect);

// `lhs` starts with `prefix`, case-sensitively, with LIKE/GLOB wildcards in the prefix
// matching themselves.
// starts_with / ends_with / contains: case-sensitive, by characters, the same on every dialect.
void write_text_match(Writer& w, const stmt::ExprTextMatch& m);

// A Vec<T> predicate: PostgreSQL's array operators, MySQL's JSON functions, SQLite's
// json_each.
void write_list_op(Writer& w, const stmt::ExprListOp& op);

// " LIMIT n OFFSET m" (or nothing). Rendered as integers: they are uint64 typed and so
// cannot carry SQL text, and not every dialect/driver accepts a bound LIMIT.
void write_limit_offset(Writer& w, std::optional<std::uint64_t> limit,
                        std::optional<std::uint64_t> offset);

// " FOR UPDATE [SKIP LOCKED | NOWAIT]" and the like (PostgreSQL: FOR SHARE, MySQL: LOCK IN
// SHARE MODE), or nothing: SQLite takes no row locks (its transactions write one at a time).
void write_row_lock(Writer& w, const stmt::RowLock& lock);

// Insert of `row_count` rows that give no column at all; `w` already holds
// `INSERT INTO "t"`.
void write_insert_default_values(Writer& w, std::size_t row_count);

// Escapes for GLOB (`*`, `?`, `[`) and LIKE with '!' as the escape character.
std::string escape_glob(std::string_view prefix);
std::string escape_like(std::string_view prefix, char escape);

// DDL: type of `column` (`indexed` = part of the primary key or of an index; MySQL
// needs bounded VARCHAR/VARBINARY for those).
std::string column_type(const db::Column& column, bool indexed, Dialect dialect);

// One column definition of CREATE TABLE, e.g. `"id" INTEGER PRIMARY KEY AUTOINCREMENT`.
// `sole_key` = the column alone is the primary key. Sets `key_inline` when the primary key
// is declared in the column definition (SQLite AUTOINCREMENT), so the table-level
// PRIMARY KEY clause must be left out.
std::string column_definition(const db::Table& table, std::size_t column, bool indexed,
                              bool sole_key, Dialect dialect, bool& key_inline);

// " = ", " <> ", ... with the spaces around.
const char* binary_operator(stmt::BinaryOp op);

}  // namespace toasty::sql::detail
