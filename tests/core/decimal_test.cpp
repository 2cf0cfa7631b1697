// toasty::Decimal: parsing, the plain form it keeps, comparison by value, exact rescaling.
#include "toasty/core/decimal.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "toasty/error.hpp"

using toasty::Decimal;

namespace {

std::string text(std::string_view s) { return Decimal::parse(s).to_string(); }

TEST(Decimal, ParsesToPlainNotationKeepingTheScale) {
  EXPECT_EQ(text("19.90"), "19.90");
  EXPECT_EQ(text("+007.5"), "7.5");
  EXPECT_EQ(text(".5"), "0.5");
  EXPECT_EQ(text("5."), "5");
  EXPECT_EQ(text("-0.00"), "0.00");  // zero has no sign
  EXPECT_EQ(text("1e3"), "1000");
  EXPECT_EQ(text("1.50E+1"), "15.0");
  EXPECT_EQ(text("-12.5e-3"), "-0.0125");
  EXPECT_EQ(text("1E-30"), "0.000000000000000000000000000001");
  EXPECT_EQ(Decimal(-42).to_string(), "-42");
  EXPECT_EQ(Decimal(std::uint64_t{18446744073709551615u}).to_string(), "18446744073709551615");
  EXPECT_EQ(Decimal::from_unscaled(1999, 2).to_string(), "19.99");
  EXPECT_EQ(Decimal::from_unscaled(-5, 3).to_string(), "-0.005");
  EXPECT_EQ(Decimal().to_string(), "0");
}

TEST(Decimal, RefusesWhatIsNotADecimal) {
  for (const char* bad : {"", "-", ".", "e5", "1e", "1.2.3", "NaN", "inf", "1,5", " 1", "1 ", "0x10", "1e100001"})
    EXPECT_FALSE(Decimal::try_parse(bad).has_value()) << bad;
  EXPECT_THROW(Decimal("abc"), toasty::TypeConversion);
  EXPECT_FALSE(Decimal::try_parse(std::string(1001, '9')).has_value());  // beyond 1000 digits
  EXPECT_TRUE(Decimal::try_parse(std::string(1000, '9')).has_value());
}

TEST(Decimal, ComparesByValue) {
  EXPECT_EQ(Decimal("19.90"), Decimal("19.9"));
  EXPECT_EQ(Decimal("0"), Decimal("-0.000"));
  EXPECT_LT(Decimal("9"), Decimal("10"));
  EXPECT_LT(Decimal("-10"), Decimal("-9"));
  EXPECT_LT(Decimal("-0.001"), Decimal("0"));
  EXPECT_LT(Decimal("1.09"), Decimal("1.1"));
  // The 38th digit decides: a double could not tell these apart.
  EXPECT_LT(Decimal("12345678901234567890123456789012345.678"), Decimal("12345678901234567890123456789012345.679"));
  EXPECT_GT(Decimal("100"), Decimal("99.999999999999999999"));
}

TEST(Decimal, CountsDigits) {
  const Decimal d("-0012.3400");
  EXPECT_EQ(d.to_string(), "-12.3400");
  EXPECT_EQ(d.scale(), 4);
  EXPECT_EQ(d.integer_digits(), 2);
  EXPECT_EQ(d.precision(), 4);  // 1234
  EXPECT_EQ(Decimal("0.005").integer_digits(), 0);
  EXPECT_EQ(Decimal("0.005").precision(), 1);
  EXPECT_EQ(Decimal("1000").precision(), 1);
  EXPECT_EQ(Decimal("0.00").precision(), 0);
  EXPECT_TRUE(Decimal("0.00").is_zero());
  EXPECT_TRUE(d.is_negative());
}

TEST(Decimal, RescalesOnlyExactly) {
  EXPECT_EQ(Decimal("12.5").rescaled(2).to_string(), "12.50");
  EXPECT_EQ(Decimal("12").rescaled(2).to_string(), "12.00");
  EXPECT_EQ(Decimal("12.500").rescaled(1).to_string(), "12.5");
  EXPECT_EQ(Decimal("-3.000").rescaled(0).to_string(), "-3");
  EXPECT_THROW(Decimal("12.345").rescaled(2), toasty::TypeConversion);  // never rounds
  EXPECT_EQ(Decimal("19.900").normalized().to_string(), "19.9");
  EXPECT_EQ(Decimal("10.0").normalized().to_string(), "10");
  EXPECT_EQ(Decimal("100").normalized().to_string(), "100");
  EXPECT_DOUBLE_EQ(Decimal("19.99").to_double(), 19.99);
  std::ostringstream os;
  os << Decimal("-1.50");
  EXPECT_EQ(os.str(), "-1.50");
}

// SQLite's collation for Decimal columns: by value, and text that is no decimal after all.
TEST(Decimal, CollationOrdersTextByValue) {
  using toasty::detail::compare_decimal_text;
  EXPECT_LT(compare_decimal_text("9", "10"), 0);
  EXPECT_EQ(compare_decimal_text("1.10", "1.1"), 0);
  EXPECT_EQ(compare_decimal_text("-0.0", "0"), 0);
  EXPECT_GT(compare_decimal_text("-1", "-2"), 0);
  EXPECT_LT(compare_decimal_text("999", "abc"), 0);  // decimals first
  EXPECT_LT(compare_decimal_text("abc", "abd"), 0);
  EXPECT_EQ(compare_decimal_text("x", "x"), 0);
}

}  // namespace
