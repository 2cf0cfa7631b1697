#pragma once
// SQL text from db-level statements. One serializer, per-dialect hooks (placeholders,
// identifier quoting, column types, prefix match, auto-increment DDL).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <span>
#include <utility>

#include "toasty/core/value.hpp"
#include "toasty/driver/driver.hpp"
#include "toasty/schema/db.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::sql {

enum class Dialect { Sqlite, Postgresql, Mysql };

// The dialect of a SQL driver by its name (driver::Driver::name(): "sqlite", "postgresql",
// "mysql"); nullopt for the others (DynamoDB).
std::optional<Dialect> dialect_of_driver(std::string_view driver_name);

// SQL text plus the values for its placeholders, in order. Every value is bound;
// literals never appear in the text.
struct Serialized {
  std::string sql;
  std::vector<Value> params;
  // (position in params, argument index) for every ExprArg placeholder, so a cached
  // serialization can be re-bound with new arguments.
  std::vector<std::pair<std::size_t, std::size_t>> arg_slots;
};

// `statement` must be db-level. ExprArg placeholders take their value from `args`.
Serialized serialize(const stmt::Statement& statement, const db::Schema& schema, Dialect dialect,
                     std::span<const Value* const> args = {});

// What drivers call: the SQL text of a QuerySql (serialized once per statement when
// the engine provides a PreparedSlot, then reused) and its parameter values.
struct Prepared;

// The values of a statement's placeholders, by reference: the serialization's own
// constants and the caller's arguments, never copied. Up to kInline of them without an
// allocation (a get by key, an update of a few fields).
class ParamList {
 public:
  static constexpr std::size_t kInline = 8;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Value& operator[](std::size_t i) const { return *data()[i]; }
  // The values of a RawSql statement, by reference.
  static ParamList of(std::span<const Value> values) {
    ParamList out;
    out.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) out.data()[i] = &values[i];
    return out;
  }

 private:
  friend Prepared prepare(const driver::QuerySql& q, Dialect dialect);
  void resize(std::size_t n) {
    size_ = n;
    if (n > kInline) heap_.resize(n);
  }
  const Value** data() { return size_ > kInline ? heap_.data() : inline_.data(); }
  const Value* const* data() const { return size_ > kInline ? heap_.data() : inline_.data(); }

  std::array<const Value*, kInline> inline_{};
  std::vector<const Value*> heap_;
  std::size_t size_ = 0;
};

struct Prepared {
  const Serialized* cached = nullptr;  // owned by the statement's PreparedSlot
  Serialized owned;                    // when there is no slot
  ParamList params;                    // points into `cached`/`owned` and the arguments

  Prepared() = default;
  Prepared(Prepared&&) = default;  // moves keep `owned`'s buffers, so `params` stays valid
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  const std::string& sql() const { return cached ? cached->sql : owned.sql; }
};
Prepared prepare(const driver::QuerySql& q, Dialect dialect);

// The collation of MySQL-family tables: binary (case- and accent-sensitive, as on the other
// backends) and NO PAD (trailing spaces count, as on the other backends). MariaDB names it
// utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin; the driver picks by the server it reaches.
inline constexpr std::string_view kMariadbCollation = "utf8mb4_nopad_bin";
inline constexpr std::string_view kMysql8Collation = "utf8mb4_0900_bin";

// CREATE TABLE / CREATE INDEX statements for the whole schema, in dependency order.
// `mysql_collation`: the tables' collation on Dialect::Mysql.
std::vector<std::string> create_schema(const db::Schema& schema, Dialect dialect,
                                       std::string_view mysql_collation = kMariadbCollation);
// One table and its indexes (MySQL: declared inside CREATE TABLE); no enum types. Plain
// CREATE TABLE / CREATE INDEX without `if_not_exists` (migrations: an existing table is an error).
std::vector<std::string> create_table(const db::Table& table, Dialect dialect, std::string_view mysql_collation,
                                      bool if_not_exists);
// CREATE [UNIQUE] INDEX name ON table (columns), every dialect (MySQL too, outside CREATE TABLE).
std::string create_index(const db::Table& table, const db::Index& index, Dialect dialect, bool if_not_exists);

// DROP TABLE IF EXISTS for every table of the schema (indexes go with their tables).
std::vector<std::string> drop_schema(const db::Schema& schema, Dialect dialect);

// The statement for a transaction operation: BEGIN (SQLite: BEGIN IMMEDIATE, MySQL:
// START TRANSACTION), COMMIT, ROLLBACK, SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO
// SAVEPOINT toasty_spN. One place for every SQL driver. A Begin carries its isolation
// level and READ ONLY where the dialect's BEGIN takes them (PostgreSQL; MySQL: READ ONLY).
std::string transaction_sql(const driver::Transaction& t, Dialect dialect);
// MySQL/MariaDB: the statement that sets a Begin's isolation level, run just before it
// (SET TRANSACTION ... applies to the next transaction only); empty when none is needed.
std::string isolation_sql(const driver::Transaction& t, Dialect dialect);

// The ScalarType of each column a db-level statement returns (select, insert ...
// returning), in order; empty when it names none.
std::vector<const db::Column*> result_types(const stmt::Statement& statement, const db::Schema& schema);

// A statement for an error message: the first `max` characters and how long the whole
// is, so that a statement of 100 000 placeholders does not flood a log. Values are never
// in SQL text (they are bound), so an excerpt carries no data.
std::string excerpt(std::string_view sql, std::size_t max = 160);

// A RawSql statement in the dialect's placeholder form: each `?` outside quotes and
// comments becomes `$1`, `$2`, ... on PostgreSQL (as written elsewhere). Throws
// InvalidStatement unless there are exactly `params` placeholders.
std::string raw_sql_text(std::string_view sql, Dialect dialect, std::size_t params);
// The types to decode a RawSql result's columns as: a column named like one of `expect`'s
// as that column, any other (null) as the database gives it.
std::vector<const db::Column*> raw_sql_types(const std::vector<std::string>& names, const db::Table* expect);

// What a SQL driver answers to key-value operations (Capability::key_value).
[[noreturn]] void refuse_key_value(std::string_view driver);

// Quote an identifier for the dialect ("name" or `name`), doubling embedded quotes.
std::string quote_identifier(std::string_view name, Dialect dialect);

}  // namespace toasty::sql
