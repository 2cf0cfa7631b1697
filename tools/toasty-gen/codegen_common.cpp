#include "toasty-gen/codegen_common.hpp"

#include <charconv>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string_view>

#include "toasty-gen/cpp_text.hpp"

namespace toasty_gen::codegen {

std::string cpp_scalar_type(ScalarKind k) {
  // In the order of ScalarKind.
  static constexpr std::string_view kTypes[] = {
      "bool",          "std::int8_t",  "std::int16_t", "std::int32_t", "std::int64_t",
      "std::uint8_t",  "std::uint16_t", "std::uint32_t", "std::uint64_t", "float",
      "double",        "std::string",  "toasty::Bytes", "toasty::Uuid",  "toasty::Timestamp",
      "toasty::Date",  "toasty::DateTime", "toasty::Time", "toasty::Json",
      "toasty::Decimal"};
  static_assert(std::size(kTypes) == static_cast<std::size_t>(ScalarKind::Decimal) + 1);
  return std::string(kTypes[static_cast<std::size_t>(k)]);
}

std::string cpp_element_type(const Field& f) {
  return !f.enum_name.empty()        ? f.enum_name
         : !f.newtype_name.empty()    ? f.newtype_name
         : f.type == ScalarKind::Json ? f.json_type
                                      : cpp_scalar_type(f.type);
}

std::string cpp_field_type(const Field& f) {
  const std::string t = cpp_element_type(f);
  if (f.list) return "std::vector<" + t + ">";
  return f.optional ? "std::optional<" + t + ">" : t;
}

std::string cpp_relation_type(const Field& f) {
  const Relation& r = *f.relation;
  switch (r.kind) {
    case Relation::Kind::HasMany: return "toasty::HasMany<" + r.target + ">";
    case Relation::Kind::HasOne: return "toasty::HasOne<" + r.target + ">";
    case Relation::Kind::BelongsTo: return "toasty::BelongsTo<" + r.target + ">";
  }
  return "";
}

std::string cpp_relation_path_type(const Field& f) {
  const Relation& r = *f.relation;
  return (r.kind == Relation::Kind::HasMany ? "toasty::ManyPath<" : "toasty::OnePath<") + r.target +
         ">";
}

bool has_relation_setters(const Model& m) {
  for (const Field& f : m.relations) {
    if (!f.relation->setter.empty()) return true;
  }
  return false;
}

bool has_relation_edits(const Model& m) {
  for (const Field& f : m.relations) {
    const Relation& r = *f.relation;
    if (r.kind != Relation::Kind::BelongsTo && !r.setter.empty()) return true;
  }
  return false;
}

std::string cpp_path_type(const Field& f) {
  if (f.deferred) return "toasty::DeferredPath<" + cpp_field_type(f) + ">";  // filters, and include()
  if (f.list) return "toasty::ListPath<" + cpp_element_type(f) + ">";
  return (f.enum_name.empty() ? "toasty::Path<" : f.enum_name + "Path<") + cpp_field_type(f) + ">";
}

std::string cpp_embed_type(const EmbedMember& e) {
  return e.optional ? "std::optional<" + e.embed + ">" : e.embed;
}

std::string cpp_embed_path_type(const EmbedMember& e) {
  return e.optional ? "toasty::OptionalEmbedPath<" + e.embed + "::Fields>" : e.embed + "::Fields";
}

const EmbedMember* embed_starting_at(const Model& m, std::size_t i) {
  const Field& f = m.fields[i];
  if (!f.in_embed) return nullptr;
  const EmbedMember& e = m.embeds[*f.in_embed];
  return e.first == i ? &e : nullptr;
}

bool embed_comparable(const Schema& s, const Embed& e) {
  for (const Field& f : e.fields) {
    if (f.type == ScalarKind::Json) return false;
    if (!f.embed_name.empty() && !embed_comparable(s, *s.find_embed(f.embed_name))) return false;
  }
  return true;
}

std::string unused_among(const std::vector<Field>& fields, std::string base) {
  for (;;) {
    bool clash = false;
    for (const Field& f : fields) clash = clash || f.name == base;
    if (!clash) return base;
    base += '_';
  }
}

std::string cpp_lookup_type(const Field& f) {
  if (!f.enum_name.empty()) return f.enum_name;
  if (!f.newtype_name.empty()) return f.newtype_name;
  if (f.type == ScalarKind::String) return "std::string_view";
  return cpp_scalar_type(f.type);
}

std::string scalar_type_enum(ScalarKind k) {
  switch (k) {
    case ScalarKind::Bool: return "toasty::ScalarType::Bool";
    case ScalarKind::I8: return "toasty::ScalarType::I8";
    case ScalarKind::I16: return "toasty::ScalarType::I16";
    case ScalarKind::I32: return "toasty::ScalarType::I32";
    case ScalarKind::I64: return "toasty::ScalarType::I64";
    case ScalarKind::U8: return "toasty::ScalarType::U8";
    case ScalarKind::U16: return "toasty::ScalarType::U16";
    case ScalarKind::U32: return "toasty::ScalarType::U32";
    case ScalarKind::U64: return "toasty::ScalarType::U64";
    case ScalarKind::F32: return "toasty::ScalarType::F32";
    case ScalarKind::F64: return "toasty::ScalarType::F64";
    case ScalarKind::String: return "toasty::ScalarType::String";
    case ScalarKind::Bytes: return "toasty::ScalarType::Bytes";
    case ScalarKind::Uuid: return "toasty::ScalarType::Uuid";
    case ScalarKind::Timestamp: return "toasty::ScalarType::Timestamp";
    case ScalarKind::Date: return "toasty::ScalarType::Date";
    case ScalarKind::DateTime: return "toasty::ScalarType::DateTime";
    case ScalarKind::Time: return "toasty::ScalarType::Time";
    case ScalarKind::Json: return "toasty::ScalarType::Json";
    case ScalarKind::Decimal: return "toasty::ScalarType::Decimal";
  }
  return "";
}

const Field* version_field(const Model& m) {
  for (const Field& f : m.fields)
    if (f.version) return &f;
  return nullptr;
}

const Field* soft_delete_field(const Model& m) {
  for (const Field& f : m.fields)
    if (f.soft_delete) return &f;
  return nullptr;
}

bool has_copy(const Field& f) {
  return !f.key && !f.version && !f.optional && !f.list && !f.deferred && !f.in_embed && !f.set_whole && f.enum_name.empty() &&
         f.newtype_name.empty() && f.type != ScalarKind::Json;
}

bool has_increment(const Field& f) {
  if (!has_copy(f) || f.update_now) return false;
  switch (f.type) {
    case ScalarKind::I8: case ScalarKind::I16: case ScalarKind::I32: case ScalarKind::I64:
    case ScalarKind::U8: case ScalarKind::U16: case ScalarKind::U32: case ScalarKind::U64:
    case ScalarKind::F32: case ScalarKind::F64:
      return true;
    default:
      return false;
  }
}

bool is_movable(const Field& f) {
  return f.optional || f.list || (f.enum_name.empty() && (f.type == ScalarKind::String || f.type == ScalarKind::Bytes ||
                                                f.type == ScalarKind::Json || f.type == ScalarKind::Decimal));
}

bool is_movable_lookup(const Field& f) {
  return f.enum_name.empty() && (f.type == ScalarKind::Bytes || (!f.newtype_name.empty() && f.type == ScalarKind::String));
}

namespace {

// Shortest round-trip spelling that is still a floating literal ("1" -> "1.0").
template <class T>
std::string float_text(T v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string default_value_expr(const DefaultValue& v, ScalarKind type) {
  switch (v.kind) {
    case DefaultValue::Kind::Int:
      if (v.i == std::numeric_limits<std::int64_t>::min()) {
        return "toasty::Value(std::int64_t{-9223372036854775807 - 1})";
      }
      return "toasty::Value(std::int64_t{" + std::to_string(v.i) + "})";
    case DefaultValue::Kind::Uint:
      return "toasty::Value(std::uint64_t{" + std::to_string(v.u) + "u})";
    case DefaultValue::Kind::Float:
      if (type == ScalarKind::F32) return "toasty::Value(" + float_text(static_cast<float>(v.f)) + "f)";
      return "toasty::Value(" + float_text(v.f) + ")";
    case DefaultValue::Kind::Bool:
      return v.b ? "toasty::Value(true)" : "toasty::Value(false)";
    case DefaultValue::Kind::String:
      return "toasty::Value(std::string(" + cpp_string_literal(v.s) + "))";
    case DefaultValue::Kind::Text: {  // checked by the generator: parses
      const std::string text = cpp_string_literal(v.s);
      switch (type) {
        case ScalarKind::Decimal: return "toasty::Value(toasty::Decimal(" + text + "))";
        case ScalarKind::Timestamp: return "toasty::Value(*toasty::parse_timestamp(" + text + "))";
        case ScalarKind::Date: return "toasty::Value(*toasty::parse_date(" + text + "))";
        case ScalarKind::DateTime: return "toasty::Value(*toasty::parse_datetime(" + text + "))";
        default: return "toasty::Value(*toasty::parse_time(" + text + "))";
      }
    }
  }
  return "std::nullopt";
}

std::string value_of(const Field& f, std::string_view expr) {
  std::string e(expr);
  if (f.type == ScalarKind::Json) return "toasty::detail::json_value(" + e + ")";
  if (f.type == ScalarKind::Decimal && !f.list)  // written as the column keeps it
    return "toasty::detail::decimal_value(std::move(" + e + "), " +
           std::to_string(f.decimal_precision) + ", " + std::to_string(f.decimal_scale) + ")";
  return is_movable(f) ? "toasty::Value(std::move(" + e + "))" : "toasty::Value(" + e + ")";
}

std::string read_value(const Field& f, std::string_view value, std::string_view model, std::string_view index) {
  const std::string v(value), m(model), i(index), t = cpp_field_type(f);
  if (!f.enum_name.empty()) return "toasty::detail::read_enum<" + t + ">(" + v + ", " + m + ", " + i + ")";
  if (f.type == ScalarKind::Json) return "toasty::detail::read_json<" + t + ">(" + v + ", " + m + ", " + i + ")";
  if (f.type == ScalarKind::Decimal && !f.list) return "toasty::detail::read_decimal<" + t + ">(" + v + ", " + m + ", " + i + ")";
  return v + ".take<" + t + ">()";
}

std::string wrap_list(std::string_view head, const std::vector<std::string>& items,
                      std::string_view tail, std::string_view indent, std::string_view sep) {
  constexpr std::size_t kLine = 100;
  std::string out(head);
  std::size_t len = head.size() + tail.size();
  for (std::size_t i = 0; i < items.size(); ++i) len += items[i].size() + (i ? sep.size() : 0);
  // The tail may end with a newline and an opening brace; only its first line counts.
  if (std::size_t nl = tail.find('\n'); nl != std::string_view::npos) len -= tail.size() - nl;
  if (len <= kLine || items.size() < 2) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += sep;
      out += items[i];
    }
    out += tail;
    return out;
  }
  std::string_view line_sep = sep;
  while (!line_sep.empty() && line_sep.back() == ' ') line_sep.remove_suffix(1);
  std::string cont;
  if (head.size() <= 60) {
    cont = std::string(head.size(), ' ');
  } else {
    cont = std::string(indent) + "    ";
    out += '\n';
    out += cont;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) {
      out += line_sep;
      out += '\n';
      out += cont;
    }
    out += items[i];
  }
  out += tail;
  return out;
}

std::string wrapped_string_literal(std::string_view text, std::string_view indent) {
  constexpr std::size_t kWidth = 76;
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    std::size_t end = text.size();
    if (end - start > kWidth) {
      // Break after the last space within the width, keeping the space on this line.
      std::size_t sp = text.rfind(' ', start + kWidth);
      end = (sp != std::string_view::npos && sp > start) ? sp + 1 : start + kWidth;
    }
    if (!first) {
      out += '\n';
      out += indent;
    }
    out += cpp_string_literal(text.substr(start, end - start));
    first = false;
    start = end;
  }
  if (first) out = "\"\"";
  return out;
}

}  // namespace toasty_gen::codegen
