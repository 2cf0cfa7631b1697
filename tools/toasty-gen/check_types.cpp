// The schema checker: attributes, field types and #[default] values.
#include <algorithm>
#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>

#include "toasty-gen/checker.hpp"
#include "toasty-gen/cpp_text.hpp"
#include "toasty-gen/lookups.hpp"
#include "toasty-gen/suggest.hpp"

namespace toasty_gen::check_detail {

// Sorts attributes by name, reporting unknown, misplaced and duplicate ones.
std::map<std::string, std::vector<const ast::Attribute*>> Checker::collect_attrs(
                                                                                 const std::vector<ast::Attribute>& attrs, bool on_model) {
  std::map<std::string, std::vector<const ast::Attribute*>> out;
  for (const ast::Attribute& a : attrs) {
    const AttrSpec* spec = find_attr(a.name);
    if (!spec) {
      std::vector<std::string_view> names;
      for (const auto& s : attributes()) {
        if (on_model ? s.on_model : s.on_field) names.push_back(s.name);
      }
      std::string msg = "unknown attribute `#[" + a.name + "]`";
      if (auto m = closest_match(a.name, names)) msg += " (did you mean `#[" + *m + "]`?)";
      d_.error(a.loc, msg);
      continue;
    }
    if (on_model && !spec->on_model) {
      d_.error(a.loc, "`#[" + a.name + "]` is a field attribute and cannot be used on a model");
      continue;
    }
    if (!on_model && !spec->on_field) {
      d_.error(a.loc, "`#[" + a.name + "]` is a model attribute and cannot be used on a field");
      continue;
    }
    // A model may have several composite indexes.
    const bool repeatable = spec->repeatable || (on_model && (a.name == "index" || a.name == "unique"));
    auto& list = out[a.name];
    if (!list.empty() && !repeatable) {
      d_.error(a.loc, "duplicate attribute `#[" + a.name + "]`");
      continue;
    }
    list.push_back(&a);
  }
  return out;
}

const ast::Attribute* Checker::one(
                                   const std::map<std::string, std::vector<const ast::Attribute*>>& attrs,
                                   const std::string& name) {
  auto it = attrs.find(name);
  return it == attrs.end() ? nullptr : it->second.front();
}

// An attribute that takes no arguments.
bool Checker::expect_no_args(const ast::Attribute& a) {
  if (!a.has_args) return true;
  d_.error(a.loc, "`#[" + a.name + "]` takes no arguments");
  return false;
}

// An attribute with exactly one positional string argument.
std::optional<std::string> Checker::expect_string_arg(const ast::Attribute& a) {
  if (a.args.size() == 1 && !a.args[0].name &&
      a.args[0].value.kind == ast::AttrValue::Kind::Literal &&
      a.args[0].value.literal.kind == ast::Literal::Kind::String) {
    const std::string& s = a.args[0].value.literal.text;
    if (s.empty()) {
      d_.error(a.args[0].loc, "`#[" + a.name + "]` needs a non-empty name");
      return std::nullopt;
    }
    return s;
  }
  if (a.name == "column") {
    for (const auto& arg : a.args) {
      if (arg.name && *arg.name == "type") {
        d_.error(arg.loc, "`#[column(type = ...)]` goes on the fields of the embed, each its own column; "
                          "here `#[column(\"prefix\")]` names the columns' prefix");
        return std::nullopt;
      }
    }
  }
  d_.error(a.loc, "`#[" + a.name + "]` expects one string argument: #[" + a.name +
                      "(\"name\")]");
  return std::nullopt;
}

ResolvedType Checker::resolve_type(const ast::TypeRef& t) {
  ResolvedType r;
  r.display = t.str();
  const std::string name = t.name.str();
  if (t.name.is_simple()) {
    if (name == "Json") return resolve_json(t, r);
    if (name == "Deferred") return resolve_deferred(t, r);
    if (name == "Vec" && t.str() != "Vec<u8>") return resolve_vec(t, r);
    if (auto scalar = scalar_from_name(name)) {
      if (!t.args.empty()) {
        d_.error(t.loc(), "type `" + name + "` takes no type arguments");
        return r;
      }
      r.ok = true;
      r.scalar = *scalar;
      return r;
    }
    if (const Enum* e = find_enum(name)) {
      if (!t.args.empty()) {
        d_.error(t.loc(), "enum `" + name + "` takes no type arguments");
        return r;
      }
      r.ok = true;
      r.scalar = e->storage;
      r.enum_name = e->name;
      return r;
    }
    for (const Newtype& n : newtypes_) {
      if (n.name != name) continue;
      if (!t.args.empty()) {
        d_.error(t.loc(), "newtype `" + name + "` takes no type arguments");
        return r;
      }
      r.ok = true;
      r.scalar = n.inner;
      r.newtype_name = n.name;
      return r;
    }
    if (std::find(embed_names_.begin(), embed_names_.end(), name) != embed_names_.end()) {
      if (!t.args.empty()) {
        d_.error(t.loc(), "embed `" + name + "` takes no type arguments");
        return r;
      }
      r.ok = true;
      r.embed_name = name;
      return r;
    }
    if (name == "ZonedDateTime") {
      if (!t.args.empty()) {
        d_.error(t.loc(), "type `ZonedDateTime` takes no type arguments");
        return r;
      }
      r.ok = true;
      r.embed_name = std::string(kZonedType);
      return r;
    }
    if (name == "Option") return resolve_option(t, r);
    if (is_relation_type_name(name)) return resolve_relation(t, r, false);
    if (std::find(model_names_.begin(), model_names_.end(), name) != model_names_.end()) {
      d_.error(t.loc(), "a field cannot have the model type `" + name +
                            "`; relations are declared as BelongsTo<" + name + ">, HasOne<" +
                            name + "> or HasMany<" + name + ">");
      return r;
    }
  }
  std::string msg = "unknown type `" + t.str() + "`";
  if (t.str() == "Vec<u8>") {
    msg += " (use `Bytes`)";
  } else if (auto alias = known_alias(name)) {
    msg += " (use `" + std::string(*alias) + "`)";
  } else if (auto m = closest_match(name, {"bool", "i8", "i16", "i32", "i64", "u8", "u16",
                                           "u32", "u64", "f32", "f64", "String", "Bytes",
                                           "Uuid", "Timestamp", "Date", "DateTime", "Time", "Decimal", "Option"})) {
    msg += " (did you mean `" + *m + "`?)";
  } else {
    msg += " (field types are " + std::string(kTypeList) + ")";
  }
  d_.error(t.loc(), msg);
  return r;
}

// `Deferred<T>`: a field of type T (also Option<...>, Vec<...>) that model queries read
// only when asked.
ResolvedType Checker::resolve_deferred(const ast::TypeRef& t, ResolvedType& r) {
  if (t.args.size() != 1) {
    d_.error(t.loc(), "`Deferred` takes one type argument, the field's type: Deferred<String>");
    return r;
  }
  ResolvedType inner = resolve_type(t.args[0]);
  if (!inner.ok) return r;
  if (inner.deferred || inner.relation || !inner.embed_name.empty()) {
    d_.error(t.args[0].loc(), "`Deferred<...>` holds a scalar, enum, newtype, JSON, Vec or Option field, not `" +
                                  inner.display + "` (relations are loaded on demand already)");
    return r;
  }
  inner.deferred = true;
  inner.display = r.display;
  return inner;
}

// `Json` (toasty::Json, a dynamic document) or `Json<T>` for a C++ type nlohmann-json
// converts: `Json<ext::Settings>`.
ResolvedType Checker::resolve_json(const ast::TypeRef& t, ResolvedType& r) {
  if (t.args.size() > 1) {
    d_.error(t.loc(), "`Json` takes one type argument, the C++ type it holds: Json<my_ns::Settings> (or none: Json)");
    return r;
  }
  std::string type = "toasty::Json";
  if (t.args.size() == 1) {
    const ast::TypeRef& a = t.args[0];
    if (!a.args.empty() || a.name.dotted) {
      d_.error(a.loc(), "`Json<...>` needs a C++ type name (a struct with to_json/from_json), found `" + a.str() +
                            "`");
      return r;
    }
    for (const std::string& part : a.name.parts)
      if (!check_identifier(part, a.loc(), "part of a C++ type name", false)) return r;
    type = a.name.str();
  }
  r.ok = true;
  r.scalar = ScalarKind::Json;
  r.json_type = type;
  return r;
}

// `Vec<T>`: a list of scalars, enums or newtypes, kept in one column.
ResolvedType Checker::resolve_vec(const ast::TypeRef& t, ResolvedType& r) {
  if (t.args.size() != 1) {
    d_.error(t.loc(), "`Vec` takes exactly one type argument: Vec<String>");
    return r;
  }
  ResolvedType in = resolve_type(t.args[0]);
  if (!in.ok) return r;
  if (in.deferred) {
    d_.error(t.loc(), "write `Deferred<Vec<...>>`: the whole field is deferred, not its elements");
    return r;
  }
  const bool fits = !in.optional && !in.list && !in.relation && in.embed_name.empty() && in.json_type.empty() &&
                    in.scalar != ScalarKind::Bytes && in.scalar != ScalarKind::Json && in.scalar != ScalarKind::Decimal;
  if (!fits) {
    d_.error(t.args[0].loc(), "a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date and "
                              "time types), not `" + in.display + "`" +
                                  (in.scalar == ScalarKind::Decimal && in.embed_name.empty() && in.json_type.empty()
                                       ? " (Vec<Decimal> is not supported yet)"
                                       : ""));
    return r;
  }
  r = in;
  r.display = t.str();
  r.list = true;
  return r;
}

ResolvedType Checker::resolve_option(const ast::TypeRef& t, ResolvedType& r) {
  if (t.args.size() != 1) {
    d_.error(t.loc(), "`Option` takes exactly one type argument: Option<T>");
    return r;
  }
  const ast::TypeRef& inner = t.args[0];
  const std::string inner_name = inner.name.str();
  if (inner.name.is_simple() && inner_name == "Option") {
    d_.error(t.loc(), "`Option<Option<...>>` is not supported");
    return r;
  }
  if (inner.name.is_simple() && inner_name == "BelongsTo") {
    return resolve_relation(inner, r, true);
  }
  if (inner.name.is_simple() && (inner_name == "HasMany" || inner_name == "HasOne")) {
    d_.error(t.loc(), inner_name == "HasOne"
                          ? "write an optional has-one relation as `HasOne<Option<T>>`"
                          : "`HasMany<T>` cannot be optional (it may simply be empty)");
    return r;
  }
  ResolvedType in = resolve_type(inner);
  if (!in.ok) return r;
  if (in.deferred) {
    d_.error(t.loc(), "write `Deferred<Option<...>>`: a deferred field that may be absent");
    return r;
  }
  if (in.list) {
    d_.error(t.loc(), "`Option<" + in.display + ">` is not supported: a Vec field is never NULL, and an empty one "
                      "says there is nothing");
    return r;
  }
  r.ok = true;
  r.scalar = in.scalar;
  r.enum_name = in.enum_name;
  r.embed_name = in.embed_name;
  r.json_type = in.json_type;
  r.newtype_name = in.newtype_name;
  r.optional = true;
  return r;
}

ResolvedType Checker::resolve_relation(const ast::TypeRef& t, ResolvedType& r, bool optional) {
  const std::string kind = t.name.str();
  if (t.args.size() != 1) {
    d_.error(t.loc(), "`" + kind + "` takes exactly one type argument: " + kind + "<Model>");
    return r;
  }
  const ast::TypeRef* target = &t.args[0];
  if (kind != "HasMany" && target->name.is_simple() && target->name.str() == "Option" &&
      target->args.size() == 1) {
    if (optional) {
      d_.error(t.loc(), "`Option<" + kind + "<Option<...>>>` is optional twice");
      return r;
    }
    optional = true;
    target = &target->args[0];
  }
  const std::string target_name = target->name.str();
  if (!target->name.is_simple() || !target->args.empty()) {
    d_.error(target->loc(), "`" + kind + "<...>` needs a model name, found `" + target->str() + "`");
    return r;
  }
  if (std::find(model_names_.begin(), model_names_.end(), target_name) == model_names_.end()) {
    std::vector<std::string_view> names(model_names_.begin(), model_names_.end());
    std::string msg = "unknown model `" + target_name + "` in `" + t.str() + "`";
    if (auto m = closest_match(target_name, names)) msg += " (did you mean `" + *m + "`?)";
    d_.error(target->loc(), msg);
    return r;
  }
  Relation rel;
  rel.kind = kind == "HasMany"  ? Relation::Kind::HasMany
             : kind == "HasOne" ? Relation::Kind::HasOne
                                : Relation::Kind::BelongsTo;
  rel.target = target_name;
  rel.optional = optional;
  r.ok = true;
  r.relation = std::move(rel);
  return r;
}

namespace {
bool two(std::string_view s, std::size_t at, int lo, int hi, int* out = nullptr) {
  if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  const int v = (s[at] - '0') * 10 + (s[at + 1] - '0');
  if (out) *out = v;
  return v >= lo && v <= hi;
}

// "HH:MM:SS" with 0 to 6 decimals, from `at` to the end or to an offset (Timestamp).
bool time_of_day(std::string_view s, std::size_t at, std::size_t* end) {
  if (!two(s, at, 0, 23) || at + 8 > s.size() || s[at + 2] != ':' || !two(s, at + 3, 0, 59) || s[at + 5] != ':' ||
      !two(s, at + 6, 0, 59))
    return false;
  std::size_t i = at + 8;
  if (i < s.size() && s[i] == '.') {
    std::size_t n = 0;
    while (++i < s.size() && s[i] >= '0' && s[i] <= '9') ++n;
    if (n == 0 || n > 6) return false;
  }
  *end = i;
  return true;
}

bool date(std::string_view s) {  // "YYYY-MM-DD" at the start, a real day of years 1..9999
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  int hi = 0, lo = 0, month = 0, day = 0;
  if (!two(s, 0, 0, 99, &hi) || !two(s, 2, 0, 99, &lo) || !two(s, 5, 1, 12, &month) || !two(s, 8, 1, 31, &day))
    return false;
  const int year = hi * 100 + lo;
  if (year < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}
}  // namespace

// The canonical text forms toasty::parse_date / parse_time / parse_datetime /
// parse_timestamp read (a subset of what they accept).
bool Checker::time_literal_ok(std::string_view s, ScalarKind type) {
  std::size_t end = 0;
  switch (type) {
    case ScalarKind::Time: return time_of_day(s, 0, &end) && end == s.size();
    case ScalarKind::Date: return s.size() == 10 && date(s);
    case ScalarKind::DateTime: return date(s) && s.size() > 10 && s[10] == 'T' && time_of_day(s, 11, &end) && end == s.size();
    default:
      if (!date(s) || s.size() <= 10 || s[10] != 'T' || !time_of_day(s, 11, &end)) return false;
      if (end + 1 == s.size() && s[end] == 'Z') return true;
      return end + 6 == s.size() && (s[end] == '+' || s[end] == '-') && two(s, end + 1, 0, 23) && s[end + 3] == ':' &&
             two(s, end + 4, 0, 59);
  }
}

// Plain notation that fits the field's numeric(p, s) (or an unconstrained Decimal's
// limits); `text` becomes the form the column keeps ("12.5" -> "12.50" for scale 2).
bool Checker::decimal_default(std::string& text, const Field& f) {
  if (text.empty()) return false;
  std::size_t i = text[0] == '-' ? 1 : 0;
  const std::size_t point = text.find('.');
  std::string integer = text.substr(i, point == std::string::npos ? std::string::npos : point - i);
  std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
  auto all_digits = [](const std::string& d) { return d.find_first_not_of("0123456789") == std::string::npos; };
  if (integer.empty() || !all_digits(integer) || !all_digits(fraction) || (point != std::string::npos && fraction.empty()))
    return false;
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size() - 1));
  const std::size_t int_digits = integer == "0" ? 0 : integer.size();
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (f.decimal_precision) {
    if (int_digits > static_cast<std::size_t>(f.decimal_precision - f.decimal_scale) || fraction.size() > f.decimal_scale)
      return false;
    fraction.resize(f.decimal_scale, '0');
  } else {
    std::string digits = (int_digits ? integer : "") + fraction;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.size() > 38 || int_digits > 35 || fraction.size() > 30) return false;
  }
  const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string::npos;
  text = (text[0] == '-' && !zero ? "-" : "") + integer + (fraction.empty() ? "" : "." + fraction);
  return true;
}

std::optional<DefaultValue> Checker::check_default(const ast::Attribute& a, const Field& f) {
  if (a.args.size() != 1 || a.args[0].name ||
      a.args[0].value.kind != ast::AttrValue::Kind::Literal) {
    d_.error(a.loc, "`#[default]` expects one literal argument, e.g. #[default(0)], "
                    "#[default(\"text\")] or #[default(false)]");
    return std::nullopt;
  }
  const ast::Literal& lit = a.args[0].value.literal;
  const std::string type = std::string(schema_name(f.type));
  auto mismatch = [&]() {
    d_.error(lit.loc, "#[default] value " + lit.display() + " does not match type " + type +
                          " of field `" + f.name + "`");
    return std::nullopt;
  };
  auto out_of_range = [&]() {
    d_.error(lit.loc, "#[default] value " + lit.display() + " is out of range for " + type);
    return std::nullopt;
  };
  DefaultValue v;
  switch (f.type) {
    case ScalarKind::Bytes:
      d_.error(a.loc, "`#[default]` is not supported on Bytes fields");
      return std::nullopt;
    case ScalarKind::Uuid:
      d_.error(a.loc, "`#[default]` is not supported on Uuid fields (a Uuid key takes #[auto])");
      return std::nullopt;
    case ScalarKind::Json:
      d_.error(a.loc, "`#[default]` is not supported on Json fields");
      return std::nullopt;
    case ScalarKind::Decimal: {
      // A string ("12.50") or a number literal as written, in plain notation.
      std::string text = (lit.negative ? "-" : "") + lit.text;
      if (lit.kind == ast::Literal::Kind::Bool || !decimal_default(text, f)) {
        d_.error(lit.loc, "#[default] value " + lit.display() + " is not a Decimal that fits `" + f.name + "` (" +
                              (f.decimal_precision ? "numeric(" + std::to_string(f.decimal_precision) + ", " +
                                                         std::to_string(f.decimal_scale) + ")"
                                                   : std::string("at most 35 digits before the point and 30 after")) +
                              "; plain notation, e.g. \"12.50\")");
        return std::nullopt;
      }
      v.kind = DefaultValue::Kind::Text;
      v.s = text;
      return v;
    }
    case ScalarKind::Timestamp:  // a literal instant; #[default(now)] is checked before this
    case ScalarKind::Date:
    case ScalarKind::DateTime:
    case ScalarKind::Time: {
      static const char* const kForms[] = {"\"2024-02-29T12:00:00Z\" or \"2024-02-29T17:30:00+05:30\"", "\"2024-02-29\"",
                                           "\"2024-02-29T09:30:00\"", "\"09:30:00\""};
      const int form = f.type == ScalarKind::Timestamp ? 0 : f.type == ScalarKind::Date ? 1
                       : f.type == ScalarKind::DateTime ? 2 : 3;
      if (lit.kind != ast::Literal::Kind::String || !time_literal_ok(lit.text, f.type)) {
        d_.error(lit.loc, "#[default] value " + lit.display() + " is not a " + type + " (write it as " + kForms[form] +
                              (f.type == ScalarKind::Timestamp ? ", or `now`)" : ")"));
        return std::nullopt;
      }
      v.kind = DefaultValue::Kind::Text;
      v.s = lit.text;
      return v;
    }
    case ScalarKind::Bool:
      if (lit.kind != ast::Literal::Kind::Bool) return mismatch();
      v.kind = DefaultValue::Kind::Bool;
      v.b = lit.bool_value;
      return v;
    case ScalarKind::String:
      if (lit.kind != ast::Literal::Kind::String) return mismatch();
      v.kind = DefaultValue::Kind::String;
      v.s = lit.text;
      return v;
    case ScalarKind::F32:
    case ScalarKind::F64: {
      if (lit.kind != ast::Literal::Kind::Int && lit.kind != ast::Literal::Kind::Float) {
        return mismatch();
      }
      double d = 0;
      auto res = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), d);
      if (res.ec == std::errc::result_out_of_range) {
        // Underflow (tiny values) is fine; overflow is not.
        if (std::strtod(lit.text.c_str(), nullptr) != 0.0) return out_of_range();
        d = 0;
      } else if (res.ec != std::errc() || res.ptr != lit.text.data() + lit.text.size()) {
        return mismatch();
      }
      if (!std::isfinite(d) || (f.type == ScalarKind::F32 && d > FLT_MAX)) return out_of_range();
      v.kind = DefaultValue::Kind::Float;
      v.f = lit.negative ? -d : d;
      return v;
    }
    default:
      break;
  }
  // Integers.
  if (lit.kind != ast::Literal::Kind::Int) return mismatch();
  std::uint64_t mag = 0;
  auto res = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), mag);
  if (res.ec != std::errc() || res.ptr != lit.text.data() + lit.text.size()) return out_of_range();
  if (is_signed_integer(f.type)) {
    int bits = f.type == ScalarKind::I8 ? 8 : f.type == ScalarKind::I16 ? 16 : f.type == ScalarKind::I32 ? 32 : 64;
    std::uint64_t limit = std::uint64_t{1} << (bits - 1);  // |min|; max = limit - 1
    if (lit.negative ? mag > limit : mag >= limit) return out_of_range();
    v.kind = DefaultValue::Kind::Int;
    v.i = lit.negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
    return v;
  }
  int bits = f.type == ScalarKind::U8 ? 8 : f.type == ScalarKind::U16 ? 16 : f.type == ScalarKind::U32 ? 32 : 64;
  std::uint64_t max = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  if ((lit.negative && mag != 0) || mag > max) return out_of_range();
  v.kind = DefaultValue::Kind::Uint;
  v.u = mag;
  return v;
}

}  // namespace toasty_gen::check_detail
