#pragma once
// Vec<T> columns where the database has no array type (SQLite TEXT, MySQL JSON): the list
// as a JSON array of scalars. Strings, and the types stored as text (Uuid, date and time,
// Decimal), are JSON strings; integers and floats JSON numbers; bools true/false.
#include <string>
#include <string_view>

#include "toasty/core/value.hpp"

namespace toasty::sql {

std::string encode_json_list(const Value::List& list);
// A JSON array's elements, each brought to `element` (coerce_to). TypeConversion for text
// that is not an array of scalars.
Value decode_json_list(std::string_view json, ScalarType element);

}  // namespace toasty::sql
