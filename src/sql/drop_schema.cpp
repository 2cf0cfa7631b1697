#include "sql/serializer.hpp"

namespace toasty::sql {

std::vector<std::string> drop_schema(const db::Schema& schema, Dialect dialect) {
  std::vector<std::string> out;
  // Reverse order: tables created later may refer to earlier ones.
  for (auto it = schema.tables.rbegin(); it != schema.tables.rend(); ++it)
    out.push_back("DROP TABLE IF EXISTS " + quote_identifier(it->name, dialect) +
                  (dialect == Dialect::Postgresql ? " CASCADE" : ""));
  return out;
}

}  // namespace toasty::sql
