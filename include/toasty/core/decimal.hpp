#pragma once
// An exact decimal number: what a NUMERIC / DECIMAL column holds. It keeps the digits it
// was given, including the scale ("19.90" has two digits after the point), compares by
// value (19.90 == 19.9) and has no arithmetic: convert to your own decimal library (text
// in, text out) when you need to compute. Held as its plain text ("-1234.50", never an
// exponent) because every backend sends and receives decimals as text.
#include "toasty/core/scalar_type.hpp"  // first: ScalarType::Decimal is named like the class

#include <compare>
#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace toasty {

class Decimal {
 public:
  Decimal() : text_("0") {}
  // Any integer, exactly (no bool, no char).
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  Decimal(I v) : text_(std::to_string(v)) {}
  // "19.99", "-0.5", "1e3", "+12.300": throws toasty::TypeConversion naming the text.
  explicit Decimal(std::string_view text) : Decimal(parse(text)) {}
  explicit Decimal(const char* text) : Decimal(parse(text)) {}

  // Digits with an optional sign, point and exponent. NaN, infinities and more than 1000
  // digits before or after the point are refused. try_parse returns nullopt instead.
  static std::optional<Decimal> try_parse(std::string_view text);
  static Decimal parse(std::string_view text);
  // unscaled × 10^-scale: from_unscaled(1999, 2) is 19.99.
  static Decimal from_unscaled(std::int64_t unscaled, int scale);

  // Plain notation: an optional '-', the integer digits (at least one), then '.' and the
  // fraction digits when the scale is above 0. Zero has no sign.
  const std::string& to_string() const { return text_; }
  int scale() const;           // digits after the point
  int integer_digits() const;  // digits before the point, without leading zeros (0 for 0.5)
  // Significant digits: from the first non-zero digit to the last (0 for zero).
  int precision() const;
  bool is_negative() const { return text_[0] == '-'; }
  bool is_zero() const;

  // The same number with `scale` digits after the point; throws TypeConversion when that
  // would drop a non-zero digit (it never rounds).
  Decimal rescaled(int scale) const;
  // The same number without trailing zeros after the point (19.90 -> 19.9, 10.0 -> 10).
  Decimal normalized() const;
  double to_double() const;

  friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
  friend std::weak_ordering operator<=>(const Decimal& a, const Decimal& b) { return compare(a, b) <=> 0; }

 private:
  struct Raw {};
  Decimal(Raw, std::string text) : text_(std::move(text)) {}
  static int compare(const Decimal& a, const Decimal& b);
  std::string text_;
};

std::ostream& operator<<(std::ostream& os, const Decimal& d);

namespace detail {
// Orders two decimal texts by value (SQLite's collation for Decimal columns); texts that
// are not decimals sort after every decimal, bytewise among themselves.
int compare_decimal_text(std::string_view a, std::string_view b);
}  // namespace detail

}  // namespace toasty
