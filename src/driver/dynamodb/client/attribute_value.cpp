// toasty::Value <-> DynamoDB AttributeValue JSON, numbers as exact decimal text, base64.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <system_error>

#include "core/text.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb {

// ----------------------------------------------------------------------- base64

std::string base64_encode(const std::uint8_t* data, std::size_t size) {
  return text::base64_encode(std::string_view(reinterpret_cast<const char*>(data), size));
}

std::string base64_encode(std::string_view s) { return text::base64_encode(s); }

Bytes base64_decode(std::string_view encoded) {
  std::size_t at = 0;
  auto bytes = text::base64_decode(encoded, false, &at);
  if (!bytes && at == encoded.size())
    throw TypeConversion("invalid base64 in a DynamoDB B attribute: length " + std::to_string(encoded.size()) +
                         " is not a multiple of 4");
  if (!bytes) throw TypeConversion("invalid base64 in a DynamoDB B attribute: bad character at offset " + std::to_string(at));
  return Bytes(bytes->begin(), bytes->end());
}

// ---------------------------------------------------------------------- numbers

std::string number_text(std::int64_t n) { return std::to_string(n); }
std::string number_text(std::uint64_t n) { return std::to_string(n); }

std::string number_text(double d) {
  if (!std::isfinite(d)) {
    throw TypeConversion("DynamoDB numbers (N) cannot hold NaN or infinity");
  }
  if (d == 0) return "0";
  double a = std::fabs(d);
  if (a >= 1e126 || a < 1e-130) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%.17g", d);  // std::to_string would print 300 digits
    throw TypeConversion(std::string("DynamoDB numbers (N) hold magnitudes from 1E-130 to 9.99E+125; ") + shown +
                         " is outside");
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) throw TypeConversion("cannot format a double as a DynamoDB number");
  return std::string(buf, end);
}

namespace {

bool is_integer_text(std::string_view t) {
  std::size_t i = (!t.empty() && t[0] == '-') ? 1 : 0;
  if (i == t.size()) return false;
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return true;
}

// Exact decimal -> integer text ("-12", "300") when the number is integral; nullopt when it
// has a fractional part; throws when it is not a number at all.
std::optional<std::string> integral_text(std::string_view t) {
  auto bad = [&] { return TypeConversion("\"" + std::string(t) + "\" is not a DynamoDB number"); };
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
  std::string digits;
  long long point = -1;
  bool any = false;
  for (; i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.'); ++i) {
    if (t[i] == '.') {
      if (point >= 0) throw bad();
      point = static_cast<long long>(digits.size());
    } else {
      digits.push_back(t[i]);
      any = true;
    }
  }
  if (!any) throw bad();
  if (point < 0) point = static_cast<long long>(digits.size());
  long long exp = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) eneg = t[i++] == '-';
    if (i == t.size()) throw bad();
    for (; i < t.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) throw bad();
      if (exp < 100000) exp = exp * 10 + (t[i] - '0');
    }
    if (eneg) exp = -exp;
  }
  if (i != t.size()) throw bad();
  long long int_len = point + exp;  // digits before the decimal point after scaling
  // Strip leading zeros.
  std::size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  if (lead == digits.size()) return std::string("0");
  if (int_len < static_cast<long long>(digits.size())) {
    // Fractional digits must all be zero.
    for (long long k = std::max(0LL, int_len); k < static_cast<long long>(digits.size()); ++k) {
      if (digits[static_cast<std::size_t>(k)] != '0') return std::nullopt;
    }
  }
  if (int_len <= 0) return std::string("0");
  if (int_len > 400) return std::string(negative ? "-" : "") + std::string(400, '9');  // overflows anyway
  std::string out = digits.substr(0, static_cast<std::size_t>(std::min<long long>(int_len, digits.size())));
  if (int_len > static_cast<long long>(digits.size())) out.append(static_cast<std::size_t>(int_len) - digits.size(), '0');
  std::size_t nz = out.find_first_not_of('0');
  out = nz == std::string::npos ? "0" : out.substr(nz);
  if (negative && out != "0") out.insert(out.begin(), '-');
  return out;
}

double parse_double(std::string_view t) {
  std::string_view s = t;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec == std::errc::result_out_of_range) {
    throw TypeConversion("DynamoDB number " + std::string(t) + " is out of range for a double");
  }
  if (ec != std::errc() || end != s.data() + s.size()) {
    throw TypeConversion("\"" + std::string(t) + "\" is not a DynamoDB number");
  }
  return d;
}

Value parse_number_auto(std::string_view t) {
  if (is_integer_text(t)) {
    std::int64_t i = 0;
    auto r = std::from_chars(t.data(), t.data() + t.size(), i);
    if (r.ec == std::errc() && r.ptr == t.data() + t.size()) return Value(i);
    if (t[0] != '-') {
      std::uint64_t u = 0;
      auto r2 = std::from_chars(t.data(), t.data() + t.size(), u);
      if (r2.ec == std::errc() && r2.ptr == t.data() + t.size()) return Value(u);
    }
  }
  return Value(parse_double(t));
}

Value parse_number_as(std::string_view t, ScalarType type) {
  if (type == ScalarType::F64 || type == ScalarType::F32) {
    double d = parse_double(t);
    if (type == ScalarType::F32) {
      if (std::fabs(d) > std::numeric_limits<float>::max()) {
        throw TypeConversion("DynamoDB number " + std::string(t) + " is out of range for f32");
      }
      return Value(static_cast<float>(d));
    }
    return Value(d);
  }
  auto text = integral_text(t);
  if (!text) {
    throw TypeConversion("DynamoDB number " + std::string(t) + " is not an integer (wanted " +
                         std::string(to_string(type)) + ")");
  }
  auto out_of_range = [&] {
    return TypeConversion("DynamoDB number " + std::string(t) + " is out of range for " +
                          std::string(to_string(type)));
  };
  if (is_unsigned(type)) {
    if ((*text)[0] == '-') throw out_of_range();
    std::uint64_t u = 0;
    auto r = std::from_chars(text->data(), text->data() + text->size(), u);
    if (r.ec != std::errc() || r.ptr != text->data() + text->size()) throw out_of_range();
    std::uint64_t hi = type == ScalarType::U8    ? 0xFFu
                       : type == ScalarType::U16 ? 0xFFFFu
                       : type == ScalarType::U32 ? 0xFFFFFFFFu
                                                 : std::numeric_limits<std::uint64_t>::max();
    if (u > hi) throw out_of_range();
    return Value(u);
  }
  std::int64_t i = 0;
  auto r = std::from_chars(text->data(), text->data() + text->size(), i);
  if (r.ec != std::errc() || r.ptr != text->data() + text->size()) throw out_of_range();
  std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  if (type == ScalarType::I8) lo = -128, hi = 127;
  if (type == ScalarType::I16) lo = -32768, hi = 32767;
  if (type == ScalarType::I32) lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max();
  if (i < lo || i > hi) throw out_of_range();
  return Value(i);
}

// The single (type, payload) member of an AttributeValue object.
std::pair<std::string, const Json*> tag_of(const Json& av) {
  if (!av.is_object() || av.size() != 1) {
    throw TypeConversion("not a DynamoDB AttributeValue (want an object with one type key): " +
                         av.dump());
  }
  auto it = av.begin();
  return {it.key(), &it.value()};
}

[[noreturn]] void mismatch(const std::string& tag, ScalarType type) {
  throw TypeConversion("a DynamoDB " + tag + " attribute cannot be read as " +
                       std::string(to_string(type)));
}

const std::string& text_of(const std::string& tag, const Json* payload) {
  if (!payload->is_string()) throw TypeConversion("DynamoDB " + tag + " attribute is not a string");
  return payload->get_ref<const std::string&>();
}

}  // namespace

// ------------------------------------------------------------- attribute values

namespace av {
Json string(std::string_view s) { return Json{{"S", std::string(s)}}; }
Json number(std::int64_t n) { return Json{{"N", number_text(n)}}; }
Json number(std::uint64_t n) { return Json{{"N", number_text(n)}}; }
Json number(double d) { return Json{{"N", number_text(d)}}; }
Json binary(const Bytes& b) { return Json{{"B", base64_encode(b)}}; }
Json boolean(bool b) { return Json{{"BOOL", b}}; }
Json null() { return Json{{"NULL", true}}; }
}  // namespace av

Json to_attribute_value(const Value& v) {
  return std::visit(
      [](const auto& x) -> Json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return av::null();
        } else if constexpr (std::is_same_v<T, bool>) {
          return av::boolean(x);
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t> ||
                             std::is_same_v<T, double>) {
          return av::number(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          toasty::text::require_text(x);
          return av::string(x);
        } else if constexpr (std::is_same_v<T, Uuid>) {
          return av::string(x.to_string());  // S: canonical text sorts as the bytes do
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          return av::string(format_timestamp(x));  // S: fixed-width ISO-8601 sorts as time does
        } else if constexpr (std::is_same_v<T, Date>) {
          return av::string(format_date(x));
        } else if constexpr (std::is_same_v<T, DateTime>) {
          return av::string(format_datetime(x));
        } else if constexpr (std::is_same_v<T, Time>) {
          return av::string(format_time(x));
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return Json{{"N", x.to_string()}};  // N: exact to 38 digits, ordered by value
        } else if constexpr (std::is_same_v<T, Value::List>) {
          Json items = Json::array();  // L: ordered, duplicates kept, may be empty (a set may not)
          for (const Value& e : x) items.push_back(to_attribute_value(e));
          return Json{{"L", std::move(items)}};
        } else {
          static_assert(std::is_same_v<T, Bytes>);
          return av::binary(x);
        }
      },
      v.storage());
}

Value from_attribute_value(const Json& av) {
  auto [tag, payload] = tag_of(av);
  if (tag == "NULL") return Value();
  if (tag == "S") return Value(text_of(tag, payload));
  if (tag == "N") return parse_number_auto(text_of(tag, payload));
  if (tag == "B") return Value(base64_decode(text_of(tag, payload)));
  if (tag == "BOOL") {
    if (!payload->is_boolean()) throw TypeConversion("DynamoDB BOOL attribute is not a boolean");
    return Value(payload->get<bool>());
  }
  throw TypeConversion("a DynamoDB " + tag + " attribute cannot be read as a scalar value");
}

Value from_attribute_value(const Json& av, ScalarType type) {
  auto [tag, payload] = tag_of(av);
  if (tag == "NULL") return Value();
  switch (type) {
    case ScalarType::Bool:
      if (tag != "BOOL" || !payload->is_boolean()) mismatch(tag, type);
      return Value(payload->get<bool>());
    case ScalarType::String:
    case ScalarType::Json:  // its text
      if (tag != "S") mismatch(tag, type);
      return Value(text_of(tag, payload));
    case ScalarType::Bytes:
      if (tag != "B") mismatch(tag, type);
      return Value(base64_decode(text_of(tag, payload)));
    case ScalarType::Uuid:
      if (tag != "S") mismatch(tag, type);
      return Value(Uuid::parse(text_of(tag, payload)));
    case ScalarType::Timestamp:
    case ScalarType::Date:
    case ScalarType::DateTime:
    case ScalarType::Time:
      if (tag != "S") mismatch(tag, type);
      return coerce_to(Value(text_of(tag, payload)), type);
    case ScalarType::Decimal:  // N, normalised by DynamoDB ("1.10" reads "1.1", maybe "1E+3")
      if (tag != "N") mismatch(tag, type);
      return Value(Decimal::parse(text_of(tag, payload)));
    default:
      if (tag != "N") mismatch(tag, type);
      return parse_number_as(text_of(tag, payload), type);
  }
}

}  // namespace toasty::dynamodb
