#pragma once
// SQL text from db-level statements. One serializer, per-dialect hooks (placeholders,
// identifier quoting, column types, prefix match, auto-increment DDL).
#include <string>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/schema/db.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::sql {

enum class Dialect { Sqlite, Postgresql, Mysql };

// SQL text plus the values for its placeholders, in order. Every value is bound;
// literals never appear in the text.
struct Serialized {
  std::string sql;
  std::vector<Value> params;
};

// `statement` must be db-level.
Serialized serialize(const stmt::Statement& statement, const db::Schema& schema, Dialect dialect);

// CREATE TABLE / CREATE INDEX statements for the whole schema, in dependency order.
std::vector<std::string> create_schema(const db::Schema& schema, Dialect dialect);

// DROP TABLE IF EXISTS for every table of the schema (indexes go with their tables).
std::vector<std::string> drop_schema(const db::Schema& schema, Dialect dialect);

// Quote an identifier for the dialect ("name" or `name`), doubling embedded quotes.
std::string quote_identifier(std::string_view name, Dialect dialect);

}  // namespace toasty::sql
