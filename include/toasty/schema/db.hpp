#pragma once
// Database schema: tables, columns and indexes, as the driver creates them.
#include <cstddef>
#include <string>
#include <vector>

#include "toasty/core/value.hpp"

namespace toasty::db {

struct Column {
  std::string name;
  ScalarType type{};
  bool nullable = false;
  bool auto_increment = false;
  std::uint32_t max_length = 0;  // VARCHAR(n) / VARBINARY(n) where the dialect has them
  bool json_text = false;        // PostgreSQL JSON rather than JSONB
  // A Decimal's NUMERIC(precision, scale); 0 precision: unconstrained (see app::Field).
  std::uint8_t precision = 0;
  std::uint8_t scale = 0;
  // A list of `type` (a Vec<T> field): PostgreSQL's array type, a JSON array elsewhere.
  bool list = false;
  // A label enum kept in a PostgreSQL enum type (CREATE TYPE name AS ENUM (labels));
  // empty: text. The other dialects keep the labels as text.
  std::string pg_enum{};
  std::vector<std::string> pg_enum_labels{};
};

struct Index {
  std::string name;
  std::vector<std::size_t> columns;
  bool unique = false;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::size_t> primary_key;  // column positions
  std::vector<Index> indexes;            // secondary indexes (not the primary key)
};

struct Schema {
  std::vector<Table> tables;
};

}  // namespace toasty::db
