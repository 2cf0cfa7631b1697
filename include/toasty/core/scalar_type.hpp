#pragma once
// The scalar types a model field (and a db column) can hold. Declared before the C++
// types of the same names (toasty::Timestamp, toasty::Date, toasty::DateTime, toasty::Time, toasty::Decimal, toasty::Bytes), which every header that
// declares one includes this one first for: an enumerator declared after a type alias of
// its name would trip -Wshadow in users' builds.
#include <cstdint>
#include <string_view>

namespace toasty {

enum class ScalarType : std::uint8_t {
  Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, String, Bytes, Uuid, Timestamp, Date, DateTime, Time,
  Json,     // a JSON document, as text (PostgreSQL jsonb, MySQL JSON)
  Decimal,  // an exact decimal (NUMERIC / DECIMAL), as text
};

std::string_view to_string(ScalarType t);
bool is_integer(ScalarType t);
bool is_unsigned(ScalarType t);

}  // namespace toasty
