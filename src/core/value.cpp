#include "toasty/core/value.hpp"

#include <cstdio>

#include "toasty/error.hpp"

namespace toasty {

std::string_view to_string(ScalarType t) {
  switch (t) {
    case ScalarType::Bool: return "bool";
    case ScalarType::I8: return "i8";
    case ScalarType::I16: return "i16";
    case ScalarType::I32: return "i32";
    case ScalarType::I64: return "i64";
    case ScalarType::U8: return "u8";
    case ScalarType::U16: return "u16";
    case ScalarType::U32: return "u32";
    case ScalarType::U64: return "u64";
    case ScalarType::F32: return "f32";
    case ScalarType::F64: return "f64";
    case ScalarType::String: return "String";
    case ScalarType::Bytes: return "Bytes";
    case ScalarType::Uuid: return "Uuid";
    case ScalarType::Timestamp: return "Timestamp";
    case ScalarType::Date: return "Date";
    case ScalarType::DateTime: return "DateTime";
    case ScalarType::Time: return "Time";
    case ScalarType::Json: return "Json";
    case ScalarType::Decimal: return "Decimal";
  }
  return "?";
}

bool is_integer(ScalarType t) {
  switch (t) {
    case ScalarType::I8: case ScalarType::I16: case ScalarType::I32: case ScalarType::I64:
    case ScalarType::U8: case ScalarType::U16: case ScalarType::U32: case ScalarType::U64:
      return true;
    default:
      return false;
  }
}

bool is_unsigned(ScalarType t) {
  return t == ScalarType::U8 || t == ScalarType::U16 || t == ScalarType::U32 ||
         t == ScalarType::U64;
}

namespace {
[[noreturn]] void mismatch(const Value& v, const char* wanted) {
  throw TypeConversion("toasty: cannot read " + v.type_name() + " value " + v.debug_string() +
                       " as " + wanted);
}
}  // namespace

bool Value::as_bool() const {
  if (auto* b = std::get_if<bool>(&v_)) return *b;
  // SQL backends without a native boolean hand back 0/1 integers.
  if (auto* i = std::get_if<std::int64_t>(&v_); i && (*i == 0 || *i == 1)) return *i == 1;
  if (auto* u = std::get_if<std::uint64_t>(&v_); u && (*u == 0 || *u == 1)) return *u == 1;
  mismatch(*this, "bool");
}

std::int64_t Value::as_i64() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  if (auto* u = std::get_if<std::uint64_t>(&v_)) {
    if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw TypeConversion("toasty: value " + std::to_string(*u) + " does not fit a signed 64-bit integer");
    return static_cast<std::int64_t>(*u);
  }
  if (auto* b = std::get_if<bool>(&v_)) return *b ? 1 : 0;
  mismatch(*this, "integer");
}

std::uint64_t Value::as_u64() const {
  if (auto* u = std::get_if<std::uint64_t>(&v_)) return *u;
  if (auto* i = std::get_if<std::int64_t>(&v_)) {
    if (*i < 0)
      throw TypeConversion("toasty: negative value " + std::to_string(*i) + " does not fit an unsigned integer");
    return static_cast<std::uint64_t>(*i);
  }
  if (auto* b = std::get_if<bool>(&v_)) return *b ? 1 : 0;
  mismatch(*this, "unsigned integer");
}

double Value::as_f64() const {
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* u = std::get_if<std::uint64_t>(&v_)) return static_cast<double>(*u);
  mismatch(*this, "floating point");
}

const std::string& Value::as_string() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  mismatch(*this, "String");
}

std::string Value::take_string() {
  if (auto* s = std::get_if<std::string>(&v_)) return std::move(*s);
  mismatch(*this, "String");
}

const Bytes& Value::as_bytes() const {
  if (auto* b = std::get_if<Bytes>(&v_)) return *b;
  mismatch(*this, "Bytes");
}

Bytes Value::take_bytes() {
  if (auto* b = std::get_if<Bytes>(&v_)) return std::move(*b);
  // Some drivers return BLOBs written as text; accept the bytes as they are.
  if (auto* s = std::get_if<std::string>(&v_)) return Bytes(s->begin(), s->end());
  mismatch(*this, "Bytes");
}

Uuid Value::as_uuid() const {
  if (auto* u = std::get_if<Uuid>(&v_)) return *u;
  if (auto* s = std::get_if<std::string>(&v_)) return Uuid::parse(*s);
  if (auto* b = std::get_if<Bytes>(&v_); b && b->size() == 16) {
    Uuid::Bytes16 a{};
    for (std::size_t i = 0; i < 16; ++i) a[i] = (*b)[i];
    return Uuid(a);
  }
  mismatch(*this, "Uuid");
}

Timestamp Value::as_timestamp() const {
  if (auto* t = std::get_if<Timestamp>(&v_)) return *t;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto t = parse_timestamp(*s)) return *t;
    throw TypeConversion("toasty: cannot read " + debug_string() + " as a Timestamp (expected " +
                         "\"YYYY-MM-DDTHH:MM:SS.ffffffZ\", years 1 to 9999)");
  }
  mismatch(*this, "Timestamp");
}

Date Value::as_date() const {
  if (auto* d = std::get_if<Date>(&v_)) return *d;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto d = parse_date(*s)) return *d;
    throw TypeConversion("toasty: cannot read " + debug_string() + " as a Date (expected \"YYYY-MM-DD\")");
  }
  mismatch(*this, "Date");
}

DateTime Value::as_datetime() const {
  if (auto* t = std::get_if<DateTime>(&v_)) return *t;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto t = parse_datetime(*s)) return *t;
    throw TypeConversion("toasty: cannot read " + debug_string() + " as a DateTime (expected " +
                         "\"YYYY-MM-DDTHH:MM:SS.ffffff\", years 1 to 9999)");
  }
  mismatch(*this, "DateTime");
}

Time Value::as_time() const {
  if (auto* t = std::get_if<Time>(&v_)) return *t;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto t = parse_time(*s)) return *t;
    throw TypeConversion("toasty: cannot read " + debug_string() + " as a Time (expected \"HH:MM:SS.ffffff\")");
  }
  mismatch(*this, "Time");
}

const Value::List& Value::as_list() const {
  if (auto* l = std::get_if<List>(&v_)) return *l;
  mismatch(*this, "list");
}

Decimal Value::as_decimal() const {
  if (auto* d = std::get_if<Decimal>(&v_)) return *d;
  if (auto* s = std::get_if<std::string>(&v_)) return Decimal::parse(*s);
  if (auto* i = std::get_if<std::int64_t>(&v_)) return Decimal(*i);
  if (auto* u = std::get_if<std::uint64_t>(&v_)) return Decimal(*u);
  mismatch(*this, "Decimal");
}

std::string Value::type_name() const {
  switch (v_.index()) {
    case 0: return "null";
    case 1: return "bool";
    case 2: return "i64";
    case 3: return "u64";
    case 4: return "f64";
    case 5: return "String";
    case 6: return "Bytes";
    case 7: return "Uuid";
    case 8: return "Timestamp";
    case 9: return "Date";
    case 10: return "DateTime";
    case 11: return "Time";
    case 12: return "Decimal";
    case 13: return "list";
  }
  return "?";
}

std::string Value::debug_string() const {
  switch (v_.index()) {
    case 0: return "NULL";
    case 1: return std::get<bool>(v_) ? "true" : "false";
    case 2: return std::to_string(std::get<std::int64_t>(v_));
    case 3: return std::to_string(std::get<std::uint64_t>(v_));
    case 4: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", std::get<double>(v_));
      return buf;
    }
    case 5: {
      const auto& s = std::get<std::string>(v_);
      std::string out = "\"";
      out.append(s, 0, 64);
      if (s.size() > 64) out += "...";
      out += '"';
      return out;
    }
    case 6: {
      // Built by appending: GCC 12's -Wrestrict misfires on "<" + std::string at -O3.
      std::string out = "<";
      out += std::to_string(std::get<Bytes>(v_).size());
      out += " bytes>";
      return out;
    }
    case 7: return std::get<Uuid>(v_).to_string();
    case 8: {
      const Timestamp t = std::get<Timestamp>(v_);
      try {
        return format_timestamp(t);
      } catch (const Error&) {  // out of range: say what it is
        return std::to_string(t.time_since_epoch().count()) + " microseconds from 1970";
      }
    }
    case 9: {
      const Date d = std::get<Date>(v_);
      try {
        return format_date(d);
      } catch (const Error&) {
        return std::to_string(static_cast<int>(d.year())) + "-" + std::to_string(static_cast<unsigned>(d.month())) +
               "-" + std::to_string(static_cast<unsigned>(d.day()));
      }
    }
    case 10: {
      const DateTime t = std::get<DateTime>(v_);
      try {
        return format_datetime(t);
      } catch (const Error&) {
        return std::to_string(t.time_since_epoch().count()) + " local microseconds from 1970";
      }
    }
    case 11: {
      const Time t = std::get<Time>(v_);
      try {
        return format_time(t);
      } catch (const Error&) {
        return std::to_string(t.since_midnight.count()) + " microseconds from midnight";
      }
    }
    case 12: return std::get<Decimal>(v_).to_string();
    case 13: {
      const List& l = std::get<List>(v_);
      std::string out = "[";
      for (std::size_t i = 0; i < l.size() && i < 8; ++i) {
        if (i) out += ", ";
        out += l[i].debug_string();
      }
      if (l.size() > 8) out += ", ... (" + std::to_string(l.size()) + " elements)";
      out += ']';
      return out;
    }
  }
  return "?";
}

std::int64_t check_signed_range(std::int64_t v, std::int64_t lo, std::int64_t hi, const char* type) {
  if (v < lo || v > hi)
    throw TypeConversion("toasty: value " + std::to_string(v) + " is out of range for " + type +
                         " [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

std::uint64_t check_unsigned_range(std::uint64_t v, std::uint64_t hi, const char* type) {
  if (v > hi)
    throw TypeConversion("toasty: value " + std::to_string(v) + " is out of range for " + type +
                         " [0, " + std::to_string(hi) + "]");
  return v;
}

Value coerce_to(Value v, ScalarType type) {
  auto& s = v.storage();
  if (auto* list = std::get_if<Value::List>(&s)) {  // a Vec<T>'s elements
    for (Value& e : *list) e = coerce_to(std::move(e), type);
    return v;
  }
  if (is_integer(type)) {  // the other signedness, range-checked by as_u64/as_i64
    if (is_unsigned(type) && std::holds_alternative<std::int64_t>(s)) return Value(v.as_u64());
    if (!is_unsigned(type) && std::holds_alternative<std::uint64_t>(s)) return Value(v.as_i64());
    return v;
  }
  switch (type) {
    case ScalarType::Bool:
      if (auto* i = std::get_if<std::int64_t>(&s)) return Value(*i != 0);
      if (auto* u = std::get_if<std::uint64_t>(&s)) return Value(*u != 0);
      return v;
    case ScalarType::F32:
    case ScalarType::F64:
      if (std::holds_alternative<std::int64_t>(s) || std::holds_alternative<std::uint64_t>(s))
        return Value(v.as_f64());
      return v;
    case ScalarType::String:
    case ScalarType::Json:  // its text
      if (auto* b = std::get_if<Bytes>(&s)) return Value(std::string(b->begin(), b->end()));
      return v;
    case ScalarType::Bytes:
      if (auto* str = std::get_if<std::string>(&s)) return Value(Bytes(str->begin(), str->end()));
      return v;
    case ScalarType::Uuid:  // CHAR(36): the canonical text
      if (v.is_null() || v.is_uuid()) return v;
      return Value(v.as_uuid());
    case ScalarType::Timestamp:  // text forms (SQLite, MySQL)
      if (v.is_null() || v.is_timestamp()) return v;
      return Value(v.as_timestamp());
    case ScalarType::Date:
      if (v.is_null() || v.is_date()) return v;
      return Value(v.as_date());
    case ScalarType::DateTime:  // text forms
      if (v.is_null() || v.is_datetime()) return v;
      return Value(v.as_datetime());
    case ScalarType::Time:
      if (v.is_null() || v.is_time()) return v;
      return Value(v.as_time());
    case ScalarType::Decimal:  // text (every SQL backend), integers (SQLite, were one stored)
      if (v.is_null() || v.is_decimal()) return v;
      return Value(v.as_decimal());
    default:  // integers, above
      return v;
  }
}


}  // namespace toasty
