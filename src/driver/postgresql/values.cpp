// PostgreSQL values: parameters in text form (bytes in binary), results decoded from
// libpq's binary format by type OID.
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <variant>

#include "core/text.hpp"
#include "pg_internal.hpp"
#include "toasty/error.hpp"

namespace toasty::postgresql::detail {

namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kCharOid = 18;
constexpr Oid kNameOid = 19;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kJsonOid = 114;
constexpr Oid kJsonbOid = 3802;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kUnknownOid = 705;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kUuidOid = 2950;
constexpr Oid kDateOid = 1082;
constexpr Oid kTimeOid = 1083;
constexpr Oid kTimestampOid = 1114;
constexpr Oid kTimestamptzOid = 1184;
constexpr Oid kNumericOid = 1700;
// Binary timestamps count microseconds from 2000-01-01 00:00:00 UTC.
constexpr std::int64_t kPgEpochMicros = 946684800LL * 1000000;

std::uint64_t read_be(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

[[noreturn]] void bad_length(Oid oid, int len) {
  throw DatabaseError("postgresql: unexpected binary length " + std::to_string(len) +
                      " for type OID " + std::to_string(oid));
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest exact round trip
  return std::string(buf, r.ptr);
}

// numeric's binary form: ndigits, weight, sign, dscale (int16 each), then ndigits base-10000
// digits; the value is sum(digit[j] * 10000^(weight - j)), shown with dscale decimals.
Value decode_numeric(const char* p, int len) {
  if (len < 8) bad_length(kNumericOid, len);
  const auto ndigits = static_cast<std::int16_t>(read_be(p, 2));
  const auto weight = static_cast<std::int16_t>(read_be(p + 2, 2));
  const auto sign = static_cast<std::uint16_t>(read_be(p + 4, 2));
  const auto dscale = static_cast<std::int16_t>(read_be(p + 6, 2));
  if (ndigits < 0 || dscale < 0 || len != 8 + 2 * ndigits) bad_length(kNumericOid, len);
  if (sign != 0x0000 && sign != 0x4000)
    throw TypeConversion("toasty: PostgreSQL numeric holds NaN or an infinity, which is not a Decimal");
  auto group = [&](int j) -> int {
    if (j < 0 || j >= ndigits) return 0;
    const int d = static_cast<std::int16_t>(read_be(p + 8 + 2 * j, 2));
    if (d < 0 || d > 9999) throw DatabaseError("postgresql: malformed numeric digit " + std::to_string(d));
    return d;
  };
  auto append4 = [](std::string& out, int d) {
    const char digits[4] = {static_cast<char>('0' + d / 1000), static_cast<char>('0' + d / 100 % 10),
                            static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
    out.append(digits, 4);
  };
  std::string text = sign == 0x4000 ? "-" : "";
  if (weight < 0) text += '0';
  for (int j = 0; j <= weight; ++j) append4(text, group(j));
  if (dscale > 0) {
    std::string fraction;
    for (int j = weight + 1; fraction.size() < static_cast<std::size_t>(dscale); ++j) append4(fraction, group(j));
    fraction.resize(static_cast<std::size_t>(dscale));
    text += '.';
    text += fraction;
  }
  return Value(Decimal::parse(text));  // drops the leading zeros of the first group
}


// An array's binary form: ndim, has-nulls flag, element type, then per dimension its
// size and lower bound, then each element as a length (-1: NULL) and its bytes. Elements
// `as_text`: an enum's binary form is its label.
Value decode_array(Oid oid, const char* p, int len, bool as_text = false) {
  if (len < 12) bad_length(oid, len);
  const auto ndim = static_cast<std::int32_t>(read_be(p, 4));
  const auto element = static_cast<Oid>(read_be(p + 8, 4));
  Value::List out;
  if (ndim == 0) return Value(std::move(out));
  if (ndim != 1 || len < 20)
    throw TypeConversion("toasty: a PostgreSQL array of " + std::to_string(ndim) + " dimensions is not a Vec<T>");
  const auto count = static_cast<std::int32_t>(read_be(p + 12, 4));
  if (count < 0 || count > (len - 20) / 4) bad_length(oid, len);
  out.reserve(static_cast<std::size_t>(count));
  int at = 20;
  for (std::int32_t k = 0; k < count; ++k) {
    if (len - at < 4) bad_length(oid, len);
    const auto n = static_cast<std::int32_t>(read_be(p + at, 4));
    at += 4;
    if (n < 0) throw TypeConversion("toasty: a PostgreSQL array holds NULL, which a Vec<T> cannot");
    if (n > len - at) bad_length(oid, len);
    out.push_back(as_text ? Value(std::string(p + at, static_cast<std::size_t>(n))) : decode_binary(element, p + at, n));
    at += n;
  }
  return Value(std::move(out));
}

// An element of an array literal ("{...}"): quoted, with '"' and '\' escaped.
void append_array_element(std::string& out, const Value& v) {
  std::string text;
  const auto& s = v.storage();
  // push_back/assign(n, c), not = "...": GCC 12's -Wrestrict misfires on those at -O3.
  if (auto* b = std::get_if<bool>(&s)) text.push_back(*b ? 't' : 'f');
  else if (auto* i64 = std::get_if<std::int64_t>(&s)) text = std::to_string(*i64);
  else if (auto* u64 = std::get_if<std::uint64_t>(&s)) {
    if (*u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw TypeConversion("PostgreSQL has no unsigned 64-bit type; value " + std::to_string(*u64) + " does not fit BIGINT");
    text = std::to_string(*u64);
  } else if (auto* d = std::get_if<double>(&s)) text = format_double(*d);
  else if (auto* str = std::get_if<std::string>(&s)) {
    toasty::text::require_text(*str);
    text = *str;
  } else if (auto* uuid = std::get_if<Uuid>(&s)) text = uuid->to_string();
  else if (auto* ts = std::get_if<Timestamp>(&s)) text = format_timestamp(*ts);
  else if (auto* date = std::get_if<Date>(&s)) text = format_date(*date);
  else if (auto* dt = std::get_if<DateTime>(&s)) text = format_datetime(*dt);
  else if (auto* tod = std::get_if<Time>(&s)) text = format_time(*tod);
  else if (auto* dec = std::get_if<Decimal>(&s)) text = dec->to_string();
  else throw TypeConversion("toasty: a list cannot hold " + v.type_name() + " elements");
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

Value decode_enum(const char* p, int len, bool list) {
  if (list) return decode_array(0, p, len, true);
  return Value(std::string(p, static_cast<std::size_t>(len)));
}

Value decode_binary(Oid oid, const char* p, int len) {
  auto need = [&](int n) {
    if (len != n) bad_length(oid, len);
  };
  switch (oid) {
    case kBoolOid:
      need(1);
      return Value(p[0] != 0);
    case kInt2Oid:
      need(2);
      return Value(static_cast<std::int64_t>(static_cast<std::int16_t>(read_be(p, 2))));
    case kInt4Oid:
      need(4);
      return Value(static_cast<std::int64_t>(static_cast<std::int32_t>(read_be(p, 4))));
    case kInt8Oid:
      need(8);
      return Value(static_cast<std::int64_t>(read_be(p, 8)));
    case kOidOid:
      need(4);
      return Value(static_cast<std::uint64_t>(read_be(p, 4)));
    case kFloat4Oid:
      need(4);
      return Value(static_cast<double>(
          std::bit_cast<float>(static_cast<std::uint32_t>(read_be(p, 4)))));
    case kFloat8Oid:
      need(8);
      return Value(std::bit_cast<double>(read_be(p, 8)));
    case kByteaOid: {
      const auto* b = reinterpret_cast<const std::uint8_t*>(p);
      return Value(Bytes(b, b + len));
    }
    case kUuidOid: {  // binary form: the 16 bytes
      need(16);
      Uuid::Bytes16 b{};
      for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(p[i]);
      return Value(Uuid(b));
    }
    case kTimestamptzOid: {
      need(8);
      const auto micros = static_cast<std::int64_t>(read_be(p, 8));
      return Value(Timestamp(std::chrono::microseconds(micros + kPgEpochMicros)));
    }
    case kTimestampOid: {  // without a zone: the wall-clock reading
      need(8);
      const auto micros = static_cast<std::int64_t>(read_be(p, 8));
      return Value(DateTime(std::chrono::microseconds(micros + kPgEpochMicros)));
    }
    case kTimeOid: {  // microseconds from midnight
      need(8);
      return Value(Time(std::chrono::microseconds(static_cast<std::int64_t>(read_be(p, 8)))));
    }
    case kNumericOid:
      return decode_numeric(p, len);
    // The array types of the element types above (Vec<T> columns): bool, int2, int4, int8,
    // float4, float8, text, varchar, uuid, timestamptz, timestamp, date, time, numeric.
    case 1000: case 1005: case 1007: case 1016: case 1021: case 1022: case 1009: case 1015:
    case 2951: case 1185: case 1115: case 1182: case 1183: case 1231:
      return decode_array(oid, p, len);
    case kDateOid: {  // days from 2000-01-01
      need(4);
      const auto days = static_cast<std::int32_t>(read_be(p, 4));
      return Value(Date(std::chrono::sys_days(std::chrono::days(days + 10957))));
    }
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kCharOid:
    case kUnknownOid:
    case kJsonOid:
      // The binary form of these types is their text.
      return Value(std::string(p, static_cast<std::size_t>(len)));
    case kJsonbOid:  // a version byte (1), then the text
      if (len < 1 || p[0] != 1) throw DatabaseError("postgresql: unexpected binary jsonb (version " +
                                                    std::to_string(len < 1 ? -1 : int(p[0])) + ")");
      return Value(std::string(p + 1, static_cast<std::size_t>(len - 1)));
    default:
      throw DatabaseError("postgresql: cannot decode a result column of type OID " +
                          std::to_string(oid) + " (toasty reads bool, int2/4/8, float4/8, "
                          "text/varchar, bytea, uuid, timestamptz, timestamp, date, time, json/jsonb and numeric)");
  }
}

Params::Params(const sql::ParamList& params) {
    static const char kEmpty[1] = {0};
    const std::size_t n = params.size();
    text.resize(n);
    values.assign(n, nullptr);
    lengths.assign(n, 0);
    formats.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& s = params[i].storage();
      if (std::holds_alternative<std::monostate>(s)) {
        values[i] = nullptr;
      } else if (auto* b = std::get_if<bool>(&s)) {
        values[i] = *b ? "t" : "f";
      } else if (auto* i64 = std::get_if<std::int64_t>(&s)) {
        text[i] = std::to_string(*i64);
        values[i] = text[i].c_str();
      } else if (auto* u64 = std::get_if<std::uint64_t>(&s)) {
        if (*u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          throw TypeConversion("PostgreSQL has no unsigned 64-bit type; value " +
                               std::to_string(*u64) + " does not fit BIGINT");
        }
        text[i] = std::to_string(*u64);
        values[i] = text[i].c_str();
      } else if (auto* d = std::get_if<double>(&s)) {
        text[i] = format_double(*d);
        values[i] = text[i].c_str();
      } else if (auto* str = std::get_if<std::string>(&s)) {
        toasty::text::require_text(*str);
        values[i] = str->c_str();
      } else if (auto* bytes = std::get_if<Bytes>(&s)) {
        values[i] = bytes->empty() ? kEmpty : reinterpret_cast<const char*>(bytes->data());
        lengths[i] = static_cast<int>(bytes->size());
        formats[i] = 1;  // binary bytea: raw bytes
      } else if (auto* uuid = std::get_if<Uuid>(&s)) {
        // Text form, untyped: the server infers uuid from the column it meets.
        text[i] = uuid->to_string();
        values[i] = text[i].c_str();
      } else if (auto* ts = std::get_if<Timestamp>(&s)) {
        // ISO-8601 with `Z`: the server reads it as UTC whatever its TimeZone.
        text[i] = format_timestamp(*ts);
        values[i] = text[i].c_str();
      } else if (auto* date = std::get_if<Date>(&s)) {
        text[i] = format_date(*date);
        values[i] = text[i].c_str();
      } else if (auto* dt = std::get_if<DateTime>(&s)) {
        text[i] = format_datetime(*dt);
        values[i] = text[i].c_str();
      } else if (auto* tod = std::get_if<Time>(&s)) {
        text[i] = format_time(*tod);
        values[i] = text[i].c_str();
      } else if (auto* dec = std::get_if<Decimal>(&s)) {
        values[i] = dec->to_string().c_str();  // untyped: numeric from the column it meets
      } else if (auto* list = std::get_if<Value::List>(&s)) {
        // An array literal, untyped: the array type of the column (or operand) it meets.
        text[i].assign(1, '{');
        for (std::size_t k = 0; k < list->size(); ++k) {
          if (k) text[i] += ',';
          append_array_element(text[i], (*list)[k]);
        }
        text[i] += '}';
        values[i] = text[i].c_str();
      }
    }
}


}  // namespace toasty::postgresql::detail
