#pragma once
// Short ways to write db::Schemas in the migration tests.
#include <initializer_list>
#include <string>
#include <vector>

#include "toasty/schema/db.hpp"

namespace toasty_test {

inline toasty::db::Column col(std::string name, toasty::ScalarType type, bool nullable = false) {
  toasty::db::Column c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  return c;
}

inline toasty::db::Column auto_id(std::string name = "id") {
  toasty::db::Column c = col(std::move(name), toasty::ScalarType::I64);
  c.auto_increment = true;
  return c;
}

// A table keyed by its first column.
inline toasty::db::Table table(std::string name, std::vector<toasty::db::Column> columns) {
  toasty::db::Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.primary_key = {0};
  return t;
}

inline toasty::db::Table& with_index(toasty::db::Table& t, std::string name, std::vector<std::size_t> columns,
                                     bool unique = false) {
  t.indexes.push_back(toasty::db::Index{std::move(name), std::move(columns), unique});
  return t;
}

inline toasty::db::Schema schema(std::vector<toasty::db::Table> tables) { return toasty::db::Schema{std::move(tables)}; }

}  // namespace toasty_test
