#include <set>

#include "sql/serializer.hpp"

namespace toasty::sql {

std::vector<std::string> drop_schema(const db::Schema& schema, Dialect dialect) {
  std::vector<std::string> out;
  // Reverse order: tables created later may refer to earlier ones.
  for (auto it = schema.tables.rbegin(); it != schema.tables.rend(); ++it)
    out.push_back("DROP TABLE IF EXISTS " + quote_identifier(it->name, dialect) +
                  (dialect == Dialect::Postgresql ? " CASCADE" : ""));
  // Then PostgreSQL's native enum types, which the tables used.
  std::set<std::string> seen;
  for (const db::Table& t : schema.tables)
    for (const db::Column& c : t.columns)
      if (!c.pg_enum.empty() && dialect == Dialect::Postgresql && seen.insert(c.pg_enum).second)
        out.push_back("DROP TYPE IF EXISTS " + quote_identifier(c.pg_enum, dialect) + " CASCADE");
  return out;
}

}  // namespace toasty::sql
