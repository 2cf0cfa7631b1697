// A JSON array of scalars, written and read by hand: the SQL drivers need nothing more of
// JSON, and SQLite-only builds need no JSON library for it.
#include "sql/json_list.hpp"

#include <charconv>
#include <cstdio>

#include "toasty/error.hpp"

namespace toasty::sql {

namespace {

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_element(std::string& out, const Value& v) {
  const auto& s = v.storage();
  if (auto* b = std::get_if<bool>(&s)) {
    out += *b ? "true" : "false";
  } else if (auto* i = std::get_if<std::int64_t>(&s)) {
    out += std::to_string(*i);
  } else if (auto* u = std::get_if<std::uint64_t>(&s)) {
    out += std::to_string(*u);
  } else if (auto* d = std::get_if<double>(&s)) {
    if (*d != *d || *d - *d != 0) throw TypeConversion("toasty: a list element is " + v.debug_string() + ", which JSON cannot hold");
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, *d);  // shortest exact round trip
    out.append(buf, r.ptr);
  } else if (auto* str = std::get_if<std::string>(&s)) {
    append_string(out, *str);
  } else if (auto* uuid = std::get_if<Uuid>(&s)) {
    append_string(out, uuid->to_string());
  } else if (auto* ts = std::get_if<Timestamp>(&s)) {
    append_string(out, format_timestamp(*ts));
  } else if (auto* date = std::get_if<Date>(&s)) {
    append_string(out, format_date(*date));
  } else if (auto* dt = std::get_if<DateTime>(&s)) {
    append_string(out, format_datetime(*dt));
  } else if (auto* t = std::get_if<Time>(&s)) {
    append_string(out, format_time(*t));
  } else if (auto* dec = std::get_if<Decimal>(&s)) {
    append_string(out, dec->to_string());
  } else {
    throw TypeConversion("toasty: a list cannot hold " + v.type_name() + " elements");
  }
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  Value::List array(ScalarType element) {
    Value::List out;
    skip();
    expect('[');
    skip();
    if (peek() == ']') {
      ++i_;
    } else {
      for (;;) {
        out.push_back(coerce_to(scalar(), element));
        if (!fits(out.back(), element)) fail("an element of another type");
        skip();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect(']');
        break;
      }
    }
    skip();
    if (i_ != s_.size()) fail("text after the array");
    return out;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    std::string shown(s_.substr(0, 64));
    if (s_.size() > 64) shown += "...";
    throw TypeConversion("toasty: cannot read the list " + shown + " (" + what + " at offset " + std::to_string(i_) + ")");
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(c == '[' ? "expected a JSON array" : "expected ',' or ']'");
    ++i_;
  }
  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  Value scalar() {
    skip();
    const char c = peek();
    if (c == '"') return Value(string());
    if (word("true")) return Value(true);
    if (word("false")) return Value(false);
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    fail("expected a string, a number or a bool");
  }

  // What coerce_to made of an element is what the column's type holds (a bool column
  // takes true/false or 0/1, not 2.5).
  static bool fits(const Value& v, ScalarType t) {
    switch (t) {
      case ScalarType::Bool: return v.is_bool();
      case ScalarType::F32: case ScalarType::F64: return v.is_f64();
      case ScalarType::String: return v.is_string();
      case ScalarType::Uuid: return v.is_uuid();
      case ScalarType::Timestamp: return v.is_timestamp();
      case ScalarType::Date: return v.is_date();
      case ScalarType::DateTime: return v.is_datetime();
      case ScalarType::Time: return v.is_time();
      case ScalarType::Decimal: return v.is_decimal();
      default: return is_integer(t) ? v.is_i64() || v.is_u64() : false;
    }
  }

  std::size_t digits() {
    const std::size_t begin = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ - begin;
  }

  // JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  Value number() {
    const std::size_t begin = i_;
    bool integral = true;
    if (peek() == '-') ++i_;
    const std::size_t int_begin = i_;
    const std::size_t n = digits();
    if (n == 0 || (n > 1 && s_[int_begin] == '0')) fail("malformed number");
    if (peek() == '.') {
      ++i_;
      integral = false;
      if (digits() == 0) fail("malformed number");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      integral = false;
      if (peek() == '+' || peek() == '-') ++i_;
      if (digits() == 0) fail("malformed number");
    }
    const char* first = s_.data() + begin;
    const char* last = s_.data() + i_;
    if (integral) {
      std::int64_t v = 0;
      if (auto r = std::from_chars(first, last, v); r.ec == std::errc() && r.ptr == last) return Value(v);
      std::uint64_t u = 0;
      if (auto r = std::from_chars(first, last, u); r.ec == std::errc() && r.ptr == last) return Value(u);
    }
    double d = 0;
    if (auto r = std::from_chars(first, last, d); r.ec == std::errc() && r.ptr == last) return Value(d);
    fail("malformed number");
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      const char h = peek();
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<unsigned>(h - 'A' + 10);
      else fail("malformed \\u escape");
    }
    return v;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++i_;  // the opening quote
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      const char e = peek();
      ++i_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
            if (!word("\\u")) fail("unpaired surrogate");
            const unsigned low = hex4();
            if (low < 0xDC00 || low >= 0xE000) fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            fail("unpaired surrogate");
          }
          append_utf8(out, cp);
          break;
        }
        default: fail("unknown escape");
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string encode_json_list(const Value::List& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    append_element(out, list[i]);
  }
  out += ']';
  return out;
}

Value decode_json_list(std::string_view json, ScalarType element) { return Value(Reader(json).array(element)); }

}  // namespace toasty::sql
