#include "toasty-gen/schema.hpp"

namespace toasty_gen {
namespace {

struct ScalarName {
  ScalarKind kind;
  std::string_view name;
};

constexpr ScalarName kScalars[] = {
    {ScalarKind::Bool, "bool"}, {ScalarKind::I8, "i8"},         {ScalarKind::I16, "i16"},
    {ScalarKind::I32, "i32"},   {ScalarKind::I64, "i64"},       {ScalarKind::U8, "u8"},
    {ScalarKind::U16, "u16"},   {ScalarKind::U32, "u32"},       {ScalarKind::U64, "u64"},
    {ScalarKind::F32, "f32"},   {ScalarKind::F64, "f64"},       {ScalarKind::String, "String"},
    {ScalarKind::Bytes, "Bytes"}, {ScalarKind::Uuid, "Uuid"}, {ScalarKind::Timestamp, "Timestamp"},
    {ScalarKind::Date, "Date"}, {ScalarKind::DateTime, "DateTime"}, {ScalarKind::Time, "Time"},
    {ScalarKind::Json, "Json"}, {ScalarKind::Decimal, "Decimal"},
};

}  // namespace

std::string_view schema_name(ScalarKind k) {
  for (const auto& s : kScalars) {
    if (s.kind == k) return s.name;
  }
  return "?";
}

std::optional<ScalarKind> scalar_from_name(std::string_view name) {
  for (const auto& s : kScalars) {
    if (s.name == name) return s.kind;
  }
  return std::nullopt;
}

std::string type_name(const Field& f) {
  if (f.list) {
    Field element = f;
    element.list = false;
    return "Vec<" + type_name(element) + ">";
  }
  if (!f.newtype_name.empty()) return f.newtype_name;
  if (f.type == ScalarKind::Json) return f.json_type == "toasty::Json" ? "Json" : "Json<" + f.json_type + ">";
  return f.enum_name.empty() ? std::string(schema_name(f.type)) : f.enum_name;
}

bool is_integer(ScalarKind k) {
  switch (k) {
    case ScalarKind::I8: case ScalarKind::I16: case ScalarKind::I32: case ScalarKind::I64:
    case ScalarKind::U8: case ScalarKind::U16: case ScalarKind::U32: case ScalarKind::U64:
      return true;
    default:
      return false;
  }
}

bool is_signed_integer(ScalarKind k) {
  return k == ScalarKind::I8 || k == ScalarKind::I16 || k == ScalarKind::I32 || k == ScalarKind::I64;
}

bool is_float(ScalarKind k) { return k == ScalarKind::F32 || k == ScalarKind::F64; }

const Embed* Schema::find_embed(std::string_view name) const {
  for (const Embed& e : embeds)
    if (e.name == name) return &e;
  return nullptr;
}

std::string Schema::namespace_name() const {
  std::string out;
  for (std::size_t i = 0; i < namespace_parts.size(); ++i) {
    if (i) out += "::";
    out += namespace_parts[i];
  }
  return out;
}

}  // namespace toasty_gen
