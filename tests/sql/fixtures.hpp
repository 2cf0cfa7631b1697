#pragma once
// A db schema and expression helpers for the serializer snapshots.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "toasty/schema/db.hpp"
#include "sql/serializer.hpp"
#include "toasty/stmt/expr.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {
// Readable values in gtest failure messages.
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.debug_string(); }
}  // namespace toasty

namespace sql_test {

using toasty::ScalarType;
using toasty::Value;
using toasty::sql::Dialect;
namespace db = toasty::db;
namespace stmt = toasty::stmt;
namespace sql = toasty::sql;

// Table ids.
constexpr std::size_t kUsers = 0;
constexpr std::size_t kLineItems = 1;
constexpr std::size_t kAllTypes = 2;

// Column ids of "users".
enum UserCol : std::size_t { Id, Name, Email, Age, Active, Score, Avatar };

inline db::Schema schema() {
  db::Schema s;
  s.tables.push_back(db::Table{
      "users",
      {
          {"id", ScalarType::U64, false, true},
          {"name", ScalarType::String, false, false},
          {"email", ScalarType::String, false, false},
          {"age", ScalarType::I32, true, false},
          {"active", ScalarType::Bool, false, false},
          {"score", ScalarType::F64, true, false},
          {"avatar", ScalarType::Bytes, true, false},
      },
      {0},
      {{"index_users_by_email", {2}, true}, {"index_users_by_name", {1}, false}},
  });
  s.tables.push_back(db::Table{
      "line_items",
      {
          {"order_id", ScalarType::U64, false, false},
          {"position", ScalarType::I32, false, false},
          {"sku", ScalarType::String, false, false},
          {"note", ScalarType::String, true, false},
      },
      {0, 1},
      {{"index_line_items_by_order_id_and_sku", {0, 2}, true},
       {"index_line_items_by_sku", {2}, false}},
  });
  db::Table all{"all_types", {}, {0}, {}};
  all.columns = {
      {"id", ScalarType::I64, false, true},   {"b", ScalarType::Bool, false, false},
      {"i8", ScalarType::I8, false, false},   {"i16", ScalarType::I16, false, false},
      {"i32", ScalarType::I32, false, false}, {"i64", ScalarType::I64, false, false},
      {"u8", ScalarType::U8, false, false},   {"u16", ScalarType::U16, false, false},
      {"u32", ScalarType::U32, false, false}, {"u64", ScalarType::U64, false, false},
      {"f32", ScalarType::F32, false, false}, {"f64", ScalarType::F64, false, false},
      {"s", ScalarType::String, false, false}, {"bytes", ScalarType::Bytes, false, false},
      {"opt", ScalarType::String, true, false},
  };
  s.tables.push_back(all);
  return s;
}

inline stmt::ExprPtr col(std::size_t c, std::size_t table = kUsers) { return stmt::column(table, c); }
inline stmt::ExprPtr val(Value v) { return stmt::value(std::move(v)); }
inline stmt::ExprPtr node(stmt::Expr::Node n) {
  return std::make_shared<const stmt::Expr>(stmt::Expr{std::move(n)});
}
inline stmt::ExprPtr eq(stmt::ExprPtr a, stmt::ExprPtr b) {
  return stmt::binary(stmt::BinaryOp::Eq, std::move(a), std::move(b));
}

inline stmt::Select select_users(stmt::ExprPtr filter, std::vector<std::size_t> returning = {Id, Name}) {
  stmt::Select s;
  s.level = stmt::Level::Db;
  s.target = kUsers;
  s.filter = std::move(filter);
  s.returning = std::move(returning);
  return s;
}

// The same statement in the three dialects.
struct Expected {
  std::string sqlite;
  std::string postgresql;
  std::string mysql;
};

inline void expect_sql(const stmt::Statement& st, const Expected& e,
                       const std::vector<Value>& params = {}) {
  const db::Schema s = schema();
  const std::pair<Dialect, const std::string*> cases[] = {
      {Dialect::Sqlite, &e.sqlite}, {Dialect::Postgresql, &e.postgresql}, {Dialect::Mysql, &e.mysql}};
  for (const auto& [dialect, want] : cases) {
    SCOPED_TRACE(dialect == Dialect::Sqlite ? "sqlite" : dialect == Dialect::Postgresql ? "postgresql" : "mysql");
    sql::Serialized out = sql::serialize(st, s, dialect);
    EXPECT_EQ(out.sql, *want);
    EXPECT_EQ(out.params, params);
  }
}

inline sql::Serialized serialize(const stmt::Statement& st, Dialect d) {
  return sql::serialize(st, schema(), d);
}

inline constexpr Dialect kDialects[] = {Dialect::Sqlite, Dialect::Postgresql, Dialect::Mysql};

}  // namespace sql_test
