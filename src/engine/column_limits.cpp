// Values a column would truncate or wrap — longer than its varchar(n) / varbinary(n),
// outside the integer width it was given, or a Decimal with more digits than its
// numeric(p, s) (or the common limits of an unconstrained one) — are refused before anything
// is sent. SQLite and DynamoDB would store them whole, PostgreSQL refuses (or rounds a
// decimal), MySQL truncates outside strict mode: checking here makes every backend refuse
// alike, with the field named.
#include <cstdint>
#include <limits>
#include <string>

#include "core/text.hpp"
#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

std::string field_name(const app::Model& m, const app::Field& f) { return m.name + "." + f.name; }

void check_integer(const app::Model& m, const app::Field& f, const Value& v, ScalarType storage) {
  const auto s = std::string(to_string(storage));
  std::int64_t lo = 0;
  std::uint64_t hi = 0;
  switch (storage) {
    case ScalarType::I8: lo = -128, hi = 127; break;
    case ScalarType::I16: lo = -32768, hi = 32767; break;
    case ScalarType::I32: lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max(); break;
    case ScalarType::I64: lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max(); break;
    case ScalarType::U8: hi = 255; break;
    case ScalarType::U16: hi = 65535; break;
    case ScalarType::U32: hi = std::numeric_limits<std::uint32_t>::max(); break;
    default: hi = std::numeric_limits<std::uint64_t>::max(); break;
  }
  const bool fits = v.is_i64() ? v.as_i64() >= lo && (v.as_i64() < 0 || static_cast<std::uint64_t>(v.as_i64()) <= hi)
                    : v.is_u64() ? v.as_u64() <= hi
                                 : true;
  if (!fits)
    throw TypeConversion("toasty: " + field_name(m, f) + " = " + v.debug_string() + " does not fit its column (" + s +
                         ", #[column(type = " + s + ")])");
}

// numeric(p, s) keeps p - s digits before the point and s after (PostgreSQL and MySQL
// would round the rest); an unconstrained Decimal holds what every backend keeps: 38
// significant digits (DynamoDB), 35 before the point and 30 after (MySQL's DECIMAL(65, 30)).
void check_decimal(const app::Model& m, const app::Field& f, const Decimal& d) {
  const int p = f.decimal_precision, s = f.decimal_scale;
  const int before = d.integer_digits(), after = d.normalized().scale();  // trailing zeros are no digits lost
  std::string why;
  if (p > 0) {
    if (before > p - s)
      why = std::to_string(before) + " digits before the point; numeric(" + std::to_string(p) + ", " +
            std::to_string(s) + ") keeps " + std::to_string(p - s);
    else if (after > s)
      why = std::to_string(after) + " digits after the point; numeric(" + std::to_string(p) + ", " + std::to_string(s) +
            ") keeps " + std::to_string(s) + " and toasty does not round";
  } else if (d.precision() > 38) {
    why = std::to_string(d.precision()) + " significant digits; a Decimal without numeric(p, s) keeps 38";
  } else if (before > 35) {
    why = std::to_string(before) + " digits before the point; a Decimal without numeric(p, s) keeps 35";
  } else if (after > 30) {
    why = std::to_string(after) + " digits after the point; a Decimal without numeric(p, s) keeps 30";
  }
  if (!why.empty()) throw TypeConversion("toasty: " + field_name(m, f) + " = " + d.to_string() + " has " + why);
}

void check_value(const app::Model& m, std::size_t field, const stmt::ExprPtr& e) {
  const app::Field& f = m.fields.at(field);
  if (!f.max_length && !f.column_storage && f.type != ScalarType::Decimal) return;
  const auto* v = e ? std::get_if<stmt::ExprValue>(&e->node) : nullptr;
  if (!v || v->value.is_null()) return;
  const Value& value = v->value;
  if (f.max_length && value.is_string() && text::utf8_characters(value.as_string()) > f.max_length)
    throw TypeConversion("toasty: " + field_name(m, f) + " holds " + std::to_string(text::utf8_characters(value.as_string())) +
                         " characters, more than its column's " + std::to_string(f.max_length) + " (varchar(" +
                         std::to_string(f.max_length) + "))");
  if (f.max_length && value.is_bytes() && value.as_bytes().size() > f.max_length)
    throw TypeConversion("toasty: " + field_name(m, f) + " holds " + std::to_string(value.as_bytes().size()) +
                         " bytes, more than its column's " + std::to_string(f.max_length) + " (varbinary(" +
                         std::to_string(f.max_length) + "))");
  if (f.column_storage) check_integer(m, f, value, *f.column_storage);
  if (value.is_decimal()) check_decimal(m, f, value.as_decimal());
}

}  // namespace

void check_column_limits(const stmt::Insert& insert) {
  if (!insert.model) return;
  for (const auto& row : insert.rows)
    for (std::size_t i = 0; i < insert.columns.size() && i < row.size(); ++i)
      check_value(*insert.model, insert.columns[i], row[i]);
  for (const stmt::NestedInsert& n : insert.nested)
    if (n.insert) check_column_limits(*n.insert);
}

void check_column_limits(const stmt::Update& update) {
  if (!update.model) return;
  for (const stmt::Assignment& a : update.assignments) check_value(*update.model, a.target, a.value);
}

}  // namespace toasty::engine
