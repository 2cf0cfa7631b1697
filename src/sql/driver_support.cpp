// What every SQL driver shares: transaction control statements, written once for every
// dialect; the types of a statement's result columns; statement excerpts for errors.
#include "sql/serializer.hpp"
#include "toasty/error.hpp"

namespace toasty::sql {

namespace {
const char* isolation_name(driver::Isolation i) {
  switch (i) {
    case driver::Isolation::ReadUncommitted: return "READ UNCOMMITTED";
    case driver::Isolation::ReadCommitted: return "READ COMMITTED";
    case driver::Isolation::RepeatableRead: return "REPEATABLE READ";
    case driver::Isolation::Serializable: return "SERIALIZABLE";
    case driver::Isolation::Default: break;
  }
  return "";
}
}  // namespace

std::optional<Dialect> dialect_of_driver(std::string_view driver_name) {
  if (driver_name == "sqlite") return Dialect::Sqlite;
  if (driver_name == "postgresql") return Dialect::Postgresql;
  if (driver_name == "mysql") return Dialect::Mysql;
  return std::nullopt;
}

std::string isolation_sql(const driver::Transaction& t, Dialect dialect) {
  if (dialect != Dialect::Mysql || t.kind != driver::Transaction::Kind::Begin ||
      t.isolation == driver::Isolation::Default)
    return {};
  return std::string("SET TRANSACTION ISOLATION LEVEL ") + isolation_name(t.isolation);
}

std::string transaction_sql(const driver::Transaction& t, Dialect dialect) {
  using Kind = driver::Transaction::Kind;
  const std::string name = "toasty_sp" + std::to_string(t.savepoint);
  switch (t.kind) {
    case Kind::Begin: {
      // SQLite: IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so
      // concurrent write transactions queue instead of failing with SQLITE_BUSY later; a
      // read-only one takes no lock (its reads see one snapshot all the same). Its
      // isolation is always serializable.
      if (dialect == Dialect::Sqlite) return t.read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE";
      if (dialect == Dialect::Mysql) return t.read_only ? "START TRANSACTION READ ONLY" : "START TRANSACTION";
      std::string sql = "BEGIN";
      if (t.isolation != driver::Isolation::Default) sql += std::string(" ISOLATION LEVEL ") + isolation_name(t.isolation);
      if (t.read_only) sql += " READ ONLY";
      return sql;
    }
    case Kind::Commit: return "COMMIT";
    case Kind::Rollback: return "ROLLBACK";
    case Kind::Savepoint: return "SAVEPOINT " + name;
    case Kind::ReleaseSavepoint: return "RELEASE SAVEPOINT " + name;
    case Kind::RollbackToSavepoint: return "ROLLBACK TO SAVEPOINT " + name;
  }
  return "ROLLBACK";
}

namespace {
// The types of a select's aggregates: MIN and MAX read as their column; a SUM of
// integers as a decimal (PostgreSQL and MySQL widen it: no overflow on the way), of
// floats as f64; COUNT as i64.
std::vector<const db::Column*> aggregate_types(const stmt::Select& s, const db::Schema& schema) {
  static const db::Column decimal{.name = "", .type = ScalarType::Decimal};
  static const db::Column f64{.name = "", .type = ScalarType::F64};
  static const db::Column i64{.name = "", .type = ScalarType::I64};
  std::vector<const db::Column*> types;
  if (s.target >= schema.tables.size()) return types;
  const db::Table& table = schema.tables[s.target];
  for (const auto& g : s.group_by) {  // the groups' values, read as their columns
    auto* c = g ? std::get_if<stmt::ExprColumn>(&g->node) : nullptr;
    if (!c || c->column >= table.columns.size()) return {};
    types.push_back(&table.columns[c->column]);
  }
  for (const auto& a : s.aggregates) {
    using Fn = stmt::Aggregate::Fn;
    if (!a.arg && a.fn == Fn::Count) {  // COUNT(*)
      types.push_back(&i64);
      continue;
    }
    auto* c = a.arg ? std::get_if<stmt::ExprColumn>(&a.arg->node) : nullptr;
    if (!c || c->column >= table.columns.size()) return {};
    const db::Column& col = table.columns[c->column];
    if (a.fn == Fn::Count) types.push_back(&i64);
    else if (a.fn != Fn::Sum) types.push_back(&col);
    else types.push_back(col.type == ScalarType::F32 || col.type == ScalarType::F64 ? &f64 : &decimal);
  }
  return types;
}
}  // namespace

std::vector<const db::Column*> result_types(const stmt::Statement& statement, const db::Schema& schema) {
  const std::vector<std::size_t>* returning = nullptr;
  std::size_t target = 0;
  if (auto* s = std::get_if<stmt::Select>(&statement)) {
    if (s->count) return {};  // one integer
    if (!s->aggregates.empty()) return aggregate_types(*s, schema);
    returning = &s->returning;
    target = s->target;
  } else if (auto* i = std::get_if<stmt::Insert>(&statement)) {
    returning = &i->returning;
    target = i->target;
  } else if (auto* u = std::get_if<stmt::Update>(&statement)) {
    returning = &u->returning;
    target = u->target;
  }
  std::vector<const db::Column*> types;
  if (returning == nullptr || target >= schema.tables.size()) return types;
  const db::Table& table = schema.tables[target];
  types.reserve(returning->size());
  static const db::Column unread;  // a NULL in the select list: no type to decode
  for (std::size_t c : *returning) {
    if (c == stmt::kUnread) {
      types.push_back(&unread);
      continue;
    }
    if (c >= table.columns.size()) return {};
    types.push_back(&table.columns[c]);
  }
  return types;
}

std::string excerpt(std::string_view sql, std::size_t max) {
  if (sql.size() <= max) return std::string(sql);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(sql[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return std::string(sql.substr(0, cut)) + "... (" + std::to_string(sql.size()) + " characters)";
}

void refuse_key_value(std::string_view driver) {
  throw UnsupportedQuery("toasty: " + std::string(driver) + ": key-value operations are for key-value drivers");
}

}  // namespace toasty::sql
