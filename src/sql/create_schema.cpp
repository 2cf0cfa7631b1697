// CREATE TABLE / CREATE INDEX for a whole db::Schema.
//
// SQLite and PostgreSQL: `CREATE TABLE IF NOT EXISTS` followed by one
// `CREATE [UNIQUE] INDEX IF NOT EXISTS` per index.
// MySQL/MariaDB: MySQL has no `CREATE INDEX IF NOT EXISTS` (MariaDB has), so the indexes are
// declared inside `CREATE TABLE IF NOT EXISTS` as `[UNIQUE] KEY name (...)`, which both
// accept and which is exactly as idempotent as the table itself.
#include <set>
#include <string>
#include <vector>

#include "dialect.hpp"
#include "toasty/error.hpp"

namespace toasty::sql {

namespace {

void check_columns(const db::Table& table, const std::vector<std::size_t>& columns,
                   const std::string& what) {
  if (columns.empty()) {
    throw InvalidSchema("toasty: " + what + " of table \"" + table.name + "\" has no columns");
  }
  for (std::size_t c : columns) {
    if (c >= table.columns.size()) {
      throw InvalidSchema("toasty: " + what + " of table \"" + table.name + "\" names column #" +
                          std::to_string(c) + ", but the table has " +
                          std::to_string(table.columns.size()) + " columns");
    }
  }
}

std::string column_names(const db::Table& table, const std::vector<std::size_t>& columns,
                         Dialect dialect) {
  std::string out = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) out += ", ";
    out += quote_identifier(table.columns[columns[i]].name, dialect);
  }
  out += ')';
  return out;
}

// PostgreSQL's native enum types, each once, before the tables that use them. CREATE TYPE
// has no IF NOT EXISTS: a DO block skips one that exists (its labels are left as they are;
// changing them is a migration's job). Labels are schema text, quoted as literals.
void create_enum_types(const db::Schema& schema, std::vector<std::string>& out) {
  std::set<std::string> seen;
  for (const db::Table& table : schema.tables)
    for (const db::Column& c : table.columns) {
      if (c.pg_enum.empty() || !seen.insert(c.pg_enum).second) continue;
      std::string labels;
      for (const std::string& l : c.pg_enum_labels) {
        if (!labels.empty()) labels += ", ";
        labels += '\'';
        for (char ch : l) labels += ch == '\'' ? std::string("''") : std::string(1, ch);
        labels += '\'';
      }
      out.push_back("DO $toasty$ BEGIN CREATE TYPE " + quote_identifier(c.pg_enum, Dialect::Postgresql) + " AS ENUM (" +
                    labels + "); EXCEPTION WHEN duplicate_object THEN NULL; END $toasty$");
    }
}

}  // namespace

std::vector<std::string> create_table(const db::Table& table, Dialect dialect, std::string_view mysql_collation,
                                      bool if_not_exists) {
  std::vector<std::string> out;
  if (table.columns.empty()) {
    throw InvalidSchema("toasty: table \"" + table.name + "\" has no columns");
  }
  if (!table.primary_key.empty()) check_columns(table, table.primary_key, "the primary key");
  for (const db::Index& index : table.indexes) {
    check_columns(table, index.columns, "index \"" + index.name + "\"");
  }

  std::vector<bool> indexed(table.columns.size(), false);
  for (std::size_t c : table.primary_key) indexed[c] = true;
  for (const db::Index& index : table.indexes) {
    for (std::size_t c : index.columns) indexed[c] = true;
  }

  const std::string table_name = quote_identifier(table.name, dialect);
  std::string sql = (if_not_exists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ") + table_name + " (";
  bool key_inline = false;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c != 0) sql += ", ";
    const bool sole_key = table.primary_key.size() == 1 && table.primary_key[0] == c;
    sql += detail::column_definition(table, c, indexed[c], sole_key, dialect, key_inline);
  }
  if (!table.primary_key.empty() && !key_inline) {
    sql += ", PRIMARY KEY " + column_names(table, table.primary_key, dialect);
  }
  if (dialect == Dialect::Mysql) {
    for (const db::Index& index : table.indexes) {
      sql += index.unique ? ", UNIQUE KEY " : ", KEY ";
      sql += quote_identifier(index.name, dialect);
      sql += ' ';
      sql += column_names(table, index.columns, dialect);
    }
  }
  sql += ')';
  // A binary NO PAD collation: `=`, ordering and unique indexes see every byte, as on the
  // other backends ("a" and "a " differ; utf8mb4_bin would pad and call them equal).
  if (dialect == Dialect::Mysql) {
    sql += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=";
    sql += mysql_collation;
  }
  out.push_back(std::move(sql));

  if (dialect != Dialect::Mysql) {
    for (const db::Index& index : table.indexes) out.push_back(create_index(table, index, dialect, if_not_exists));
  }
  return out;
}

std::string create_index(const db::Table& table, const db::Index& index, Dialect dialect, bool if_not_exists) {
  check_columns(table, index.columns, "index \"" + index.name + "\"");
  std::string idx = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (if_not_exists) idx += "IF NOT EXISTS ";
  idx += quote_identifier(index.name, dialect);
  idx += " ON ";
  idx += quote_identifier(table.name, dialect);
  idx += ' ';
  idx += column_names(table, index.columns, dialect);
  return idx;
}

std::vector<std::string> create_schema(const db::Schema& schema, Dialect dialect, std::string_view mysql_collation) {
  std::vector<std::string> out;
  if (dialect == Dialect::Postgresql) create_enum_types(schema, out);
  for (const db::Table& table : schema.tables)
    for (std::string& s : create_table(table, dialect, mysql_collation, true)) out.push_back(std::move(s));
  return out;
}

}  // namespace toasty::sql
