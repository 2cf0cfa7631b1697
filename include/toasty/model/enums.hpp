#pragma once
// Schema enums in generated code: parse<E>() from a label, and reading an enum column
// with the column named in the error.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "toasty/core/value.hpp"
#include "toasty/schema/app.hpp"

namespace toasty {

// The variant whose label is `label` ("on_hold" -> Status::OnHold), or nullopt.
template <SchemaEnum E>
std::optional<E> parse(std::string_view label) {
  const app::EnumVariant* v = EnumTraits<E>::info().find_label(label);
  if (!v) return std::nullopt;
  return static_cast<E>(v->value);
}

namespace detail {
// The enumerator a stored value names; TypeConversion naming the table, column and value.
std::int64_t read_enum_column(const app::Model& model, std::size_t field, const Value& stored);

// A JSON column whose text does not parse or convert (toasty/json.hpp): TypeConversion
// naming the table and column.
[[noreturn]] void throw_json_column(const app::Model& model, std::size_t field, const char* why);

template <class T>  // E, std::optional<E> or std::vector<E>
T read_enum(const Value& stored, const app::Model& model, std::size_t field) {
  if constexpr (is_optional<T>::value) {
    if (stored.is_null()) return std::nullopt;
    return read_enum<typename T::value_type>(stored, model, field);
  } else if constexpr (is_list<T>::value) {
    T out;
    out.reserve(stored.as_list().size());
    for (const Value& e : stored.as_list()) out.push_back(read_enum<typename T::value_type>(e, model, field));
    return out;
  } else {
    static_assert(SchemaEnum<T>, "toasty: read_enum needs a schema enum");
    return static_cast<T>(read_enum_column(model, field, stored));
  }
}
}  // namespace detail

}  // namespace toasty
