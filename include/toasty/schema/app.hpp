#pragma once
// Application schema: models and fields as the user describes them in a .toasty file.
// Generated code builds one static app::Model per model; the engine never mutates it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "toasty/core/value.hpp"

namespace toasty::app {

struct Field {
  std::string name;            // field name in the model (and in C++)
  ScalarType type{};           // scalar type
  bool nullable = false;       // Option<T>
  bool auto_increment = false; // #[auto] on an integer key
  std::optional<Value> default_value;  // #[default(...)], applied at create time
  std::string column;          // #[column("name")]; empty = same as `name`
};

struct Index {
  std::string name;                 // empty = generated from table and columns
  std::vector<std::size_t> fields;  // field positions, in order
  bool unique = false;
};

struct Model {
  std::string name;     // e.g. "User"
  std::string table;    // #[table("name")]; empty = snake_case plural of `name`
  std::vector<Field> fields;
  std::vector<std::size_t> primary_key;  // field positions, in order
  std::vector<Index> indexes;            // #[unique] and #[index]

  std::optional<std::size_t> field_index(std::string_view field_name) const;
};

// Default table name: snake_case plural ("User" -> "users", "OrderItem" -> "order_items").
std::string default_table_name(std::string_view model_name);

}  // namespace toasty::app
