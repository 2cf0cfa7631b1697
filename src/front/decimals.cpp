// Decimal fields: the form a column keeps (toasty/model/decimals.hpp).
#include "toasty/model/decimals.hpp"

#include "front/column_text.hpp"
#include "toasty/error.hpp"

namespace toasty::detail {

Value column_decimal(Decimal d, int precision, int scale) {
  if (precision == 0) return Value(d.normalized());
  try {
    return Value(d.rescaled(scale));
  } catch (const TypeConversion&) {
    return Value(std::move(d));  // too many digits: refused by the engine, naming the field
  }
}

Decimal read_decimal_column(const app::Model& model, std::size_t field, const Value& stored) {
  const app::Field& f = model.fields.at(field);
  Decimal d;
  try {
    d = stored.as_decimal();
  } catch (const TypeConversion&) {
    throw TypeConversion("toasty: " + column_text(model, f) + " holds " + stored.debug_string() +
                         ", which is not a decimal number");
  }
  if (f.decimal_precision == 0) return d.normalized();
  try {
    return d.rescaled(f.decimal_scale);
  } catch (const TypeConversion&) {
    throw TypeConversion("toasty: " + column_text(model, f) + " holds " + d.to_string() + ", more digits after the point than its numeric(" +
                         std::to_string(f.decimal_precision) + ", " + std::to_string(f.decimal_scale) + ") keeps");
  }
}

}  // namespace toasty::detail
