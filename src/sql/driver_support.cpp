// What every SQL driver shares: transaction control statements, written once for every
// dialect; the types of a statement's result columns; statement excerpts for errors.
#include "sql/serializer.hpp"
#include "toasty/error.hpp"

namespace toasty::sql {

std::string transaction_sql(const driver::Transaction& t, Dialect dialect) {
  using Kind = driver::Transaction::Kind;
  const std::string name = "toasty_sp" + std::to_string(t.savepoint);
  switch (t.kind) {
    case Kind::Begin:
      // SQLite: IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so
      // concurrent write transactions queue instead of failing with SQLITE_BUSY later.
      if (dialect == Dialect::Sqlite) return "BEGIN IMMEDIATE";
      if (dialect == Dialect::Mysql) return "START TRANSACTION";
      return "BEGIN";
    case Kind::Commit: return "COMMIT";
    case Kind::Rollback: return "ROLLBACK";
    case Kind::Savepoint: return "SAVEPOINT " + name;
    case Kind::ReleaseSavepoint: return "RELEASE SAVEPOINT " + name;
    case Kind::RollbackToSavepoint: return "ROLLBACK TO SAVEPOINT " + name;
  }
  return "ROLLBACK";
}

std::vector<const db::Column*> result_types(const stmt::Statement& statement, const db::Schema& schema) {
  const std::vector<std::size_t>* returning = nullptr;
  std::size_t target = 0;
  if (auto* s = std::get_if<stmt::Select>(&statement)) {
    if (s->count) return {};  // one integer
    returning = &s->returning;
    target = s->target;
  } else if (auto* i = std::get_if<stmt::Insert>(&statement)) {
    returning = &i->returning;
    target = i->target;
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
