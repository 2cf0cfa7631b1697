// The schema checker: #[column("name", type = ...)] — a column's name and the column type a
// field is stored in, checked against the field's type.
#include <charconv>
#include <string_view>

#include "toasty-gen/checker.hpp"

namespace toasty_gen::check_detail {

namespace {
std::string value_text(const ast::AttrValue& v) {
  if (v.kind == ast::AttrValue::Kind::Literal) return v.literal.display();
  std::string out = v.path.str();
  if (v.kind != ast::AttrValue::Kind::Call) return out;
  out += '(';
  for (std::size_t i = 0; i < v.list.size(); ++i) {
    if (i) out += ", ";
    out += value_text(v.list[i]);
  }
  return out + ')';
}
}  // namespace

void Checker::check_column_attr(const ast::Attribute& a, Field& f, bool type_ok) {
  if (!a.has_args || a.args.empty()) {
    d_.error(a.loc, "`#[column]` expects a name, a type or both: #[column(\"name\")], #[column(type = varchar(64))]");
    return;
  }
  for (const ast::AttrArg& arg : a.args) {
    if (!arg.name && arg.value.kind == ast::AttrValue::Kind::Literal &&
        arg.value.literal.kind == ast::Literal::Kind::String) {
      if (arg.value.literal.text.empty()) d_.error(arg.loc, "`#[column]` needs a non-empty name");
      else f.column = arg.value.literal.text;
    } else if (arg.name && *arg.name == "type") {
      if (type_ok) check_column_type(arg, f);
    } else {
      d_.error(arg.loc, "`#[column(...)]` takes the column's name (a string) and `type = ...`: "
                        "#[column(\"name\", type = varchar(64))]");
    }
  }
}

void Checker::check_column_type(const ast::AttrArg& arg, Field& f) {
  const ast::AttrValue& v = arg.value;
  const std::string written = value_text(v);
  auto misfit = [&](const std::string& what) {
    d_.error(arg.loc, "`type = " + written + "` does not fit field `" + f.name + "` of type " + type_name(f) + " (" +
                          what + ")");
  };
  if (!f.enum_name.empty()) {
    d_.error(arg.loc, "an enum's storage is set on the enum: #[column(type = int)] enum " + f.enum_name + " { ... }");
    return;
  }
  if ((v.kind != ast::AttrValue::Kind::Path && v.kind != ast::AttrValue::Kind::Call) || !v.path.is_simple()) {
    d_.error(arg.loc, "expected a column type after `type =`: text, varchar(n), blob, varbinary(n), json, jsonb, "
                      "numeric(p, s) or an integer type (i8 ... u64)");
    return;
  }
  const std::string& name = v.path.parts[0];
  f.column_type = written;
  if (v.kind == ast::AttrValue::Kind::Path) {
    if (name == "text") {
      if (f.type != ScalarKind::String) misfit("text is for String fields");
    } else if (name == "blob" || name == "bytea") {
      if (f.type != ScalarKind::Bytes) misfit(name + " is for Bytes fields");
    } else if (name == "json" || name == "jsonb") {
      if (f.type != ScalarKind::Json) misfit(name + " is for Json fields");
      f.json_text = name == "json";
    } else if (auto k = scalar_from_name(name); k && is_integer(*k)) {
      if (!is_integer(f.type)) misfit("integer columns are for integer fields");
      else if (*k != f.type) f.column_storage = *k;
    } else if ((name == "numeric" || name == "decimal") && f.type == ScalarKind::Decimal) {
      // the unconstrained Decimal column, as without the attribute
    } else if (name == "varchar" || name == "varbinary" || name == "char" || name == "numeric" || name == "decimal") {
      d_.error(arg.loc, "`" + name + "` needs its size: " + name + (name == "numeric" || name == "decimal" ? "(p, s)" : "(n)"));
    } else {
      d_.error(arg.loc, "unknown column type `" + written + "` (column types are text, varchar(n), blob, varbinary(n), "
                        "json, jsonb, numeric(p, s) and the integer types i8 ... u64)");
    }
    return;
  }
  // A call: varchar(64), varbinary(16), char(2), numeric(10, 2).
  if (name == "char") {
    d_.error(arg.loc, "char(n) pads with spaces, and the databases read the padding back differently (PostgreSQL keeps "
                      "it, MySQL strips it); use varchar(n)");
    return;
  }
  if (name == "numeric" || name == "decimal") return check_numeric_type(arg, f);
  if (name != "varchar" && name != "varbinary") {
    d_.error(arg.loc, "unknown column type `" + written + "` (sized column types are varchar(n), varbinary(n) and numeric(p, s))");
    return;
  }
  const std::uint32_t max = name == "varchar" ? 16383 : 65535;  // MySQL's row limit, in utf8mb4 characters / bytes
  std::uint32_t n = 0;
  const bool one_int = v.list.size() == 1 && v.list[0].kind == ast::AttrValue::Kind::Literal &&
                       v.list[0].literal.kind == ast::Literal::Kind::Int && !v.list[0].literal.negative;
  if (one_int) {
    const std::string& t = v.list[0].literal.text;
    auto res = std::from_chars(t.data(), t.data() + t.size(), n);
    if (res.ec != std::errc() || res.ptr != t.data() + t.size()) n = 0;
  }
  if (!one_int || n < 1 || n > max) {
    d_.error(arg.loc, name + "(n) takes a length from 1 to " + std::to_string(max) + ", found `" + written + "`");
    return;
  }
  if (name == "varchar" && f.type != ScalarKind::String) return misfit("varchar(n) is for String fields");
  if (name == "varbinary" && f.type != ScalarKind::Bytes) return misfit("varbinary(n) is for Bytes fields");
  f.max_length = n;
}

// numeric(p, s) / decimal(p, s) / numeric(p): p from 1 to 38 (DynamoDB's N keeps 38 digits;
// MySQL's DECIMAL 65, PostgreSQL's 1000), s from 0 to p and at most 30 (MySQL's limit).
void Checker::check_numeric_type(const ast::AttrArg& arg, Field& f) {
  const ast::AttrValue& v = arg.value;
  const std::string written = value_text(v);
  const std::string& name = v.path.parts[0];
  int nums[2] = {0, 0};
  bool ok = !v.list.empty() && v.list.size() <= 2;
  for (std::size_t i = 0; ok && i < v.list.size(); ++i) {
    const ast::AttrValue& x = v.list[i];
    ok = x.kind == ast::AttrValue::Kind::Literal && x.literal.kind == ast::Literal::Kind::Int && !x.literal.negative;
    if (!ok) break;
    const std::string& t = x.literal.text;
    auto res = std::from_chars(t.data(), t.data() + t.size(), nums[i]);
    ok = res.ec == std::errc() && res.ptr == t.data() + t.size();
  }
  if (!ok || nums[0] < 1 || nums[0] > 38 || nums[1] > nums[0] || nums[1] > 30) {
    d_.error(arg.loc, name + "(p, s) takes a precision p from 1 to 38 and a scale s from 0 to p (at most 30), found `" +
                          written + "` (38: the digits DynamoDB keeps; 30: the scale MySQL keeps)");
    return;
  }
  if (f.type != ScalarKind::Decimal) {
    d_.error(arg.loc, "`type = " + written + "` does not fit field `" + f.name + "` of type " + type_name(f) + " (" +
                          name + "(p, s) is for Decimal fields)");
    return;
  }
  f.decimal_precision = static_cast<std::uint8_t>(nums[0]);
  f.decimal_scale = static_cast<std::uint8_t>(nums[1]);
}

}  // namespace toasty_gen::check_detail
