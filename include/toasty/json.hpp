#pragma once
// JSON fields: `Json<T>` in a schema holds any T that nlohmann-json converts (to_json /
// from_json, or its built-in types), and `Json` the dynamic document toasty::Json. Stored as
// the document's text: PostgreSQL jsonb, MySQL/MariaDB JSON, SQLite TEXT, DynamoDB S.
// Generated headers include this one when a schema has JSON fields.
#if !__has_include(<nlohmann/json.hpp>)
#error "toasty: JSON fields need nlohmann-json 3.11 or later (Debian: nlohmann-json3-dev)"
#endif
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "toasty/core/value.hpp"
#include "toasty/error.hpp"
#include "toasty/model/enums.hpp"  // detail::throw_json_column
#include "toasty/schema/app.hpp"

namespace toasty {

using Json = nlohmann::json;

namespace detail {
// The stored text of a JSON field's value (NULL for an absent optional one).
template <class T>
Value json_value(const T& v) {
  if constexpr (is_optional<T>::value) {
    if (!v) return Value();
    return json_value(*v);
  } else {
    try {
      return Value(Json(v).dump());
    } catch (const Json::exception& e) {  // e.g. a string that is not UTF-8
      throw TypeConversion(std::string("toasty: cannot write a JSON field: ") + e.what());
    }
  }
}

// A JSON field read back: TypeConversion naming the column when the stored text does not
// parse, or does not convert to T.
template <class T>
T read_json(const Value& stored, const app::Model& model, std::size_t field) {
  if constexpr (is_optional<T>::value) {
    if (stored.is_null()) return std::nullopt;
    return read_json<typename T::value_type>(stored, model, field);
  } else {
    try {
      if constexpr (std::is_same_v<T, Json>) {
        return Json::parse(stored.as_string());
      } else {
        return Json::parse(stored.as_string()).template get<T>();
      }
    } catch (const Json::exception& e) {
      throw_json_column(model, field, e.what());
    }
  }
}
}  // namespace detail

}  // namespace toasty
