#pragma once
// Decimal fields in generated code: written as their column keeps them, read back the same
// way on every backend (numeric(p, s): s digits after the point; unconstrained: no trailing
// zeros), whatever form the database answers in.
#include <cstddef>

#include "toasty/core/value.hpp"
#include "toasty/schema/app.hpp"

namespace toasty::detail {

// `d` with `scale` digits after the point (precision > 0) or without trailing zeros; a
// value that does not fit is passed on as it is, for the engine to refuse naming the field.
Value column_decimal(Decimal d, int precision, int scale);

template <class T>  // Decimal, a newtype of it, or either in std::optional
Value decimal_value(T v, int precision, int scale) {
  if constexpr (is_optional<T>::value) {
    if (!v) return Value();
    return decimal_value(std::move(*v), precision, scale);
  } else if constexpr (SchemaNewtype<T>) {
    return column_decimal(std::move(v.value), precision, scale);
  } else {
    return column_decimal(std::move(v), precision, scale);
  }
}

// The stored value of a Decimal field as its column keeps it; TypeConversion naming the
// table and column for anything else.
Decimal read_decimal_column(const app::Model& model, std::size_t field, const Value& stored);

template <class T>  // Decimal, a newtype of it, or either in std::optional
T read_decimal(const Value& stored, const app::Model& model, std::size_t field) {
  if constexpr (is_optional<T>::value) {
    if (stored.is_null()) return std::nullopt;
    return read_decimal<typename T::value_type>(stored, model, field);
  } else if constexpr (SchemaNewtype<T>) {
    return T{read_decimal_column(model, field, stored)};
  } else {
    return read_decimal_column(model, field, stored);
  }
}

}  // namespace toasty::detail
