#include "toasty/core/decimal.hpp"

#include <cstdlib>
#include <ostream>

#include "toasty/error.hpp"

namespace toasty {

namespace {

constexpr std::size_t kMaxDigits = 1000;  // before and after the point, each

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A plain decimal text split for comparing: the sign, the integer digits without leading
// zeros, the fraction digits without trailing zeros.
struct Parts {
  bool negative = false;
  std::string_view integer, fraction;
  bool zero() const { return integer.empty() && fraction.empty(); }
};

std::optional<Parts> split(std::string_view s) {
  Parts p;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) p.negative = s[i++] == '-';
  const std::size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::string_view integer = s.substr(int_begin, i - int_begin);
  std::string_view fraction;
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    fraction = s.substr(frac_begin, i - frac_begin);
  }
  if (i != s.size() || (integer.empty() && fraction.empty())) return std::nullopt;
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  p.integer = integer;
  p.fraction = fraction;
  if (p.zero()) p.negative = false;
  return p;
}

int sign_of(int c) { return (c > 0) - (c < 0); }

int compare_magnitude(const Parts& a, const Parts& b) {
  if (a.integer.size() != b.integer.size()) return a.integer.size() < b.integer.size() ? -1 : 1;
  if (int c = a.integer.compare(b.integer)) return sign_of(c);
  const std::size_t n = std::min(a.fraction.size(), b.fraction.size());
  if (int c = a.fraction.substr(0, n).compare(b.fraction.substr(0, n))) return sign_of(c);
  // Without trailing zeros, the longer fraction has a non-zero digit more.
  return a.fraction.size() == b.fraction.size() ? 0 : a.fraction.size() < b.fraction.size() ? -1 : 1;
}

int compare_parts(const Parts& a, const Parts& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  const int c = compare_magnitude(a, b);
  return a.negative ? -c : c;
}

[[noreturn]] void refuse(std::string_view text, const std::string& why) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  throw TypeConversion("toasty: cannot read \"" + shown + "\" as a Decimal (" + why + ")");
}

}  // namespace

std::optional<Decimal> Decimal::try_parse(std::string_view s) {
  try {
    return parse(s);
  } catch (const TypeConversion&) {
    return std::nullopt;
  }
}

Decimal Decimal::parse(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string digits;  // the mantissa's digits, point removed
  std::size_t int_len = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digits += s[i];
      if (!point) ++int_len;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
    if (digits.size() > 2 * kMaxDigits) refuse(s, "more than " + std::to_string(kMaxDigits) + " digits");
  }
  if (digits.empty()) refuse(s, "expected digits, e.g. \"19.99\"; NaN and infinities are not decimals");
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    const std::size_t exp_begin = i;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 100000) refuse(s, "exponent out of range");
    }
    if (i == exp_begin) refuse(s, "expected digits after the exponent mark");
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) refuse(s, "unexpected character '" + std::string(1, s[i]) + "'");
  // The point sits after int_len + exponent digits of `digits`.
  const long point_at = static_cast<long>(int_len) + exponent;
  std::string integer, fraction;
  if (point_at <= 0) {
    fraction.assign(static_cast<std::size_t>(-point_at), '0');
    fraction += digits;
  } else if (static_cast<std::size_t>(point_at) >= digits.size()) {
    integer = digits;
    integer.append(static_cast<std::size_t>(point_at) - digits.size(), '0');
  } else {
    integer = digits.substr(0, static_cast<std::size_t>(point_at));
    fraction = digits.substr(static_cast<std::size_t>(point_at));
  }
  std::size_t lead = 0;
  while (lead + 1 < integer.size() && integer[lead] == '0') ++lead;
  integer.erase(0, lead);
  if (integer.empty()) integer.push_back('0');  // not = "0": GCC 12 -Wrestrict misfires at -O3
  if (integer.size() > kMaxDigits || fraction.size() > kMaxDigits)
    refuse(s, "more than " + std::to_string(kMaxDigits) + " digits before or after the point");
  const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string::npos;
  std::string text = negative && !zero ? "-" : "";
  text += integer;
  if (!fraction.empty()) text += "." + fraction;
  return Decimal(Raw{}, std::move(text));
}

Decimal Decimal::from_unscaled(std::int64_t unscaled, int scale) {
  if (scale < 0 || static_cast<std::size_t>(scale) > kMaxDigits)
    throw TypeConversion("toasty: Decimal::from_unscaled takes a scale from 0 to 1000, not " + std::to_string(scale));
  return parse(std::to_string(unscaled) + "e-" + std::to_string(scale)).rescaled(scale);
}

int Decimal::scale() const {
  const auto dot = text_.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text_.size() - dot - 1);
}

int Decimal::integer_digits() const {
  auto p = split(text_);
  return p ? static_cast<int>(p->integer.size()) : 0;
}

int Decimal::precision() const {
  std::string digits;
  for (char c : text_)
    if (is_digit(c)) digits += c;
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  return static_cast<int>(digits.find_last_not_of('0') - first + 1);
}

bool Decimal::is_zero() const { return split(text_)->zero(); }

Decimal Decimal::rescaled(int scale) const {
  if (scale < 0 || static_cast<std::size_t>(scale) > kMaxDigits)
    throw TypeConversion("toasty: a Decimal's scale is from 0 to 1000, not " + std::to_string(scale));
  const int have = this->scale();
  if (scale == have) return *this;
  std::string text = text_;
  if (scale > have) {
    if (have == 0) text += '.';
    text.append(static_cast<std::size_t>(scale - have), '0');
    return Decimal(Raw{}, std::move(text));
  }
  const std::size_t keep = text.size() - static_cast<std::size_t>(have - scale);
  if (text.find_first_not_of('0', keep) != std::string::npos)
    throw TypeConversion("toasty: Decimal " + text_ + " has non-zero digits beyond " + std::to_string(scale) +
                         " after the point (toasty does not round)");
  text.resize(scale == 0 ? keep - 1 : keep);  // drop the point too when no fraction is left
  return parse(text);                          // "-0.0" -> "0"
}

Decimal Decimal::normalized() const {
  if (text_.find('.') == std::string::npos) return *this;
  std::string text = text_;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return Decimal(Raw{}, std::move(text));
}

double Decimal::to_double() const { return std::strtod(text_.c_str(), nullptr); }

int Decimal::compare(const Decimal& a, const Decimal& b) { return compare_parts(*split(a.text_), *split(b.text_)); }

std::ostream& operator<<(std::ostream& os, const Decimal& d) { return os << d.to_string(); }

namespace detail {
int compare_decimal_text(std::string_view a, std::string_view b) {
  const auto pa = split(a), pb = split(b);
  if (pa && pb) return compare_parts(*pa, *pb);
  if (pa || pb) return pa ? -1 : 1;
  return sign_of(a.compare(b));
}
}  // namespace detail

}  // namespace toasty
