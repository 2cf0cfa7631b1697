// The schema checker: enums — their variants, labels, integer values and storage, and
// #[default(Variant)] on enum fields.
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <string_view>

#include "toasty-gen/checker.hpp"
#include "toasty-gen/suggest.hpp"

namespace toasty_gen::check_detail {

namespace {

// The words of a C++ name: "PreferredSupplier" -> {Preferred, Supplier}, "HTTPError" ->
// {HTTP, Error}, "on_hold" -> {on, hold}.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto up = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '_') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    const bool boundary = up(c) && !cur.empty() &&
                          (!up(name[i - 1]) || (i + 1 < name.size() && !up(name[i + 1]) && name[i + 1] != '_'));
    if (boundary) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string cased(std::string w, bool upper_first, bool upper_rest) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    auto c = static_cast<unsigned char>(w[i]);
    const bool u = i == 0 ? upper_first : upper_rest;
    w[i] = static_cast<char>(u ? std::toupper(c) : std::tolower(c));
  }
  return w;
}

constexpr std::string_view kRules[] = {"lowercase", "UPPERCASE", "PascalCase", "camelCase", "snake_case",
                                       "SCREAMING_SNAKE_CASE", "kebab-case", "SCREAMING-KEBAB-CASE"};

// The label `rule` gives a variant named `name`. (Built by appending: GCC 12 warns
// falsely, -Wrestrict, on "_" + std::string at -O3.)
std::string apply_rule(std::string_view rule, std::string_view name) {
  const std::vector<std::string> ws = words(name);
  const bool screaming = rule.rfind("SCREAMING", 0) == 0;
  const char* sep = rule == "snake_case" || rule == "SCREAMING_SNAKE_CASE"   ? "_"
                    : rule == "kebab-case" || rule == "SCREAMING-KEBAB-CASE" ? "-"
                                                                             : "";
  std::string out;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (i) out += sep;
    if (rule == "UPPERCASE" || screaming) out += cased(ws[i], true, true);
    else if (rule == "PascalCase") out += cased(ws[i], true, false);
    else if (rule == "camelCase") out += cased(ws[i], i > 0, false);
    else out += cased(ws[i], false, false);  // lowercase, snake_case, kebab-case
  }
  return out;
}

// Integer storage types an enum may name in #[column(type = ...)]; `int` is i64.
std::optional<ScalarKind> integer_storage(std::string_view name) {
  if (name == "int") return ScalarKind::I64;
  auto k = scalar_from_name(name);
  if (k && is_integer(*k) && *k != ScalarKind::U64) return k;
  return std::nullopt;
}

bool fits(std::int64_t v, ScalarKind k) {
  switch (k) {
    case ScalarKind::I8: return v >= -128 && v <= 127;
    case ScalarKind::I16: return v >= -32768 && v <= 32767;
    case ScalarKind::I32: return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
    case ScalarKind::U8: return v >= 0 && v <= 255;
    case ScalarKind::U16: return v >= 0 && v <= 65535;
    case ScalarKind::U32: return v >= 0 && v <= std::numeric_limits<std::uint32_t>::max();
    default: return true;
  }
}

// An integer literal as i64, or nullopt when it does not fit.
std::optional<std::int64_t> int_value(const ast::Literal& lit) {
  std::uint64_t mag = 0;
  auto res = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), mag);
  if (res.ec != std::errc() || res.ptr != lit.text.data() + lit.text.size()) return std::nullopt;
  const std::uint64_t limit = std::uint64_t{1} << 63;
  if (lit.negative ? mag > limit : mag >= limit) return std::nullopt;
  return lit.negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
}

}  // namespace

Enum Checker::check_enum(const ast::Enum& ae) {
  Enum e;
  e.name = ae.name;
  e.loc = ae.loc;
  if (check_identifier(ae.name, ae.loc, "an enum name", false)) {
    if (ae.name == "models" || ae.name == "std" || ae.name == "toasty")
      d_.error(ae.loc, "enum name `" + ae.name + "` collides with a name the generated code uses; choose another name");
  }

  // #[column(rename_all = "...", type = ...)] on the enum.
  std::string rule = "snake_case";
  Loc rule_loc = ae.loc;
  bool has_rule = false;
  std::optional<ScalarKind> storage;
  Loc native_loc = ae.loc;
  for (const ast::Attribute& a : ae.attrs) {
    if (a.name != "column") {
      d_.error(a.loc, "`#[" + a.name + "]` cannot be used on an enum (enums take #[column(rename_all = \"...\")] "
                      "or #[column(type = int)])");
      continue;
    }
    if (!a.has_args || a.args.empty()) d_.error(a.loc, "`#[column]` on an enum needs `rename_all = \"...\"` or `type = int`");
    for (const ast::AttrArg& arg : a.args) {
      if (arg.name && *arg.name == "rename_all" && arg.value.kind == ast::AttrValue::Kind::Literal &&
          arg.value.literal.kind == ast::Literal::Kind::String) {
        const std::string& r = arg.value.literal.text;
        if (std::find(std::begin(kRules), std::end(kRules), r) == std::end(kRules)) {
          std::string msg = "unknown rename_all rule \"" + r + "\" (rules: ";
          for (std::size_t i = 0; i < std::size(kRules); ++i) msg += (i ? ", " : "") + std::string(kRules[i]);
          d_.error(arg.loc, msg + ")");
        } else {
          rule = r;
          rule_loc = arg.loc;
          has_rule = true;
        }
      } else if (arg.name && *arg.name == "type" && arg.value.path.is_simple() &&
                 arg.value.path.parts[0] == "enum") {
        // PostgreSQL's native enum type: `enum` (named after the enum) or `enum("name")`.
        native_loc = arg.loc;
        if (arg.value.kind == ast::AttrValue::Kind::Path) {
          e.native_name = apply_rule("snake_case", ae.name);
        } else if (arg.value.kind == ast::AttrValue::Kind::Call && arg.value.list.size() == 1 &&
                   arg.value.list[0].kind == ast::AttrValue::Kind::Literal &&
                   arg.value.list[0].literal.kind == ast::Literal::Kind::String &&
                   !arg.value.list[0].literal.text.empty() && arg.value.list[0].literal.text.size() <= 63) {
          e.native_name = arg.value.list[0].literal.text;
        } else {
          d_.error(arg.loc, "`type = enum` takes no argument or the type's name: enum(\"task_priority\") (at most 63 "
                            "bytes, PostgreSQL's limit)");
        }
      } else if (arg.name && *arg.name == "type" && arg.value.kind == ast::AttrValue::Kind::Path &&
                 arg.value.path.is_simple()) {
        storage = integer_storage(arg.value.path.parts[0]);
        if (!storage)
          d_.error(arg.loc, "an enum is stored as text (the default), an integer (`type = int` or one of i8, i16, "
                            "i32, i64, u8, u16, u32) or PostgreSQL's enum type (`type = enum`); found `" +
                            arg.value.path.str() + "`");
      } else {
        d_.error(arg.loc, "`#[column(...)]` on an enum takes `rename_all = \"snake_case\"` (or another rule) or "
                          "`type = int`");
      }
    }
  }

  bool explicit_values = false;
  for (const ast::Variant& v : ae.variants) explicit_values = explicit_values || v.value.has_value();
  for (const ast::Variant& v : ae.variants)
    for (const ast::Attribute& a : v.attrs)
      for (const ast::AttrArg& arg : a.args)
        if (a.name == "column" && arg.name && *arg.name == "variant" &&
            arg.value.kind == ast::AttrValue::Kind::Literal && arg.value.literal.kind == ast::Literal::Kind::Int)
          explicit_values = true;
  e.integer = explicit_values || storage.has_value();
  e.storage = e.integer ? storage.value_or(ScalarKind::I64) : ScalarKind::String;
  if (e.integer && has_rule)
    d_.error(rule_loc, "rename_all changes labels, but enum `" + e.name + "` is stored as integers");
  if (e.integer && !e.native_name.empty())
    d_.error(native_loc, "a PostgreSQL enum type holds labels, but enum `" + e.name + "` is stored as integers");

  if (ae.variants.empty() && !ae.incomplete) d_.error(ae.loc, "enum `" + e.name + "` has no variants");
  std::map<std::string, Loc> names, labels, methods;
  std::map<std::int64_t, std::string> values;
  std::int64_t next = 0;
  bool next_ok = true;
  for (const ast::Variant& av : ae.variants) {
    EnumVariant v;
    v.name = av.name;
    v.loc = av.loc;
    v.label = apply_rule(rule, av.name);
    check_identifier(av.name, av.loc, "a variant name", false);
    if (auto [it, fresh] = names.emplace(av.name, av.loc); !fresh) {
      d_.error(av.loc, "duplicate variant `" + av.name + "` in enum `" + e.name + "` (first defined at " +
                           to_string(it->second) + ")");
      continue;
    }
    std::optional<ast::Literal> value = av.value;
    for (const ast::Attribute& a : av.attrs) {
      const bool ok_form = a.name == "column" && a.args.size() == 1 && a.args[0].name &&
                           *a.args[0].name == "variant" && a.args[0].value.kind == ast::AttrValue::Kind::Literal;
      if (!ok_form) {
        d_.error(a.loc, "a variant takes `#[column(variant = \"label\")]` (its stored text) or "
                        "`#[column(variant = 10)]` (its stored integer)");
        continue;
      }
      const ast::Literal& lit = a.args[0].value.literal;
      if (lit.kind == ast::Literal::Kind::String) {
        if (e.integer) {
          d_.error(a.args[0].loc, "enum `" + e.name + "` is stored as integers, so variant `" + av.name +
                                      "` cannot have a text label");
        } else if (lit.text.empty()) {
          d_.error(a.args[0].loc, "the label of variant `" + av.name + "` is empty");
        } else {
          v.label = lit.text;
        }
      } else if (lit.kind == ast::Literal::Kind::Int) {
        if (av.value) d_.error(a.args[0].loc, "variant `" + av.name + "` has two values (`= ...` and #[column(variant = ...)])");
        else value = lit;
      } else {
        d_.error(a.args[0].loc, "a variant's stored value is a string label or an integer, found " + lit.display());
      }
    }
    if (value) {
      auto n = int_value(*value);
      if (!n) {
        d_.error(value->loc, "the value of variant `" + av.name + "` does not fit a signed 64-bit integer");
        next_ok = false;
      } else {
        v.value = *n;
        next = *n;
        next_ok = true;
      }
    } else if (!next_ok) {
      continue;  // after an error, the implicit values are unknown
    } else {
      v.value = next;
    }
    if (next == std::numeric_limits<std::int64_t>::max()) {
      next_ok = false;  // no room for an implicit next value
    } else {
      ++next;
    }
    if (e.integer && !fits(v.value, e.storage))
      d_.error(av.loc, "variant `" + av.name + "` = " + std::to_string(v.value) + " does not fit the enum's storage " +
                           std::string(schema_name(e.storage)));
    if (auto [it, fresh] = values.emplace(v.value, av.name); !fresh && e.integer)
      d_.error(av.loc, "variant `" + av.name + "` has the value " + std::to_string(v.value) + ", like `" + it->second +
                           "`; stored values must be distinct");
    if (auto [it, fresh] = labels.emplace(v.label, av.loc); !fresh)
      d_.error(av.loc, "variant `" + av.name + "` has the label \"" + v.label + "\", like the variant at " +
                           to_string(it->second) + "; labels must be distinct");
    // Filters named after the variant: is_on_hold().
    const std::string method = "is_" + apply_rule("snake_case", av.name);
    v.filter = method;
    if (method == "is_none" || method == "is_some") {
      d_.error(av.loc, "variant `" + av.name + "` would generate the filter `" + method +
                           "()`, which Option fields already have; rename the variant");
    } else if (auto [it, fresh] = methods.emplace(method, av.loc); !fresh) {
      d_.error(av.loc, "variant `" + av.name + "` would generate the filter `" + method +
                           "()`, like the variant at " + to_string(it->second) + "; rename one of them");
    }
    e.variants.push_back(std::move(v));
  }
  return e;
}

std::optional<DefaultValue> Checker::check_enum_default(const ast::Attribute& a, const Field& f) {
  const Enum& e = *find_enum(f.enum_name);
  const ast::AttrValue* val = a.args.size() == 1 && !a.args[0].name ? &a.args[0].value : nullptr;
  std::optional<std::string> variant;
  if (val && val->kind == ast::AttrValue::Kind::Path && !val->path.dotted && !val->path.global) {
    const auto& parts = val->path.parts;
    if (parts.size() == 1) variant = parts[0];
    if (parts.size() == 2 && parts[0] == e.name) variant = parts[1];
  }
  if (!variant) {
    d_.error(a.loc, "`#[default]` on an enum field names a variant: #[default(" +
                        (e.variants.empty() ? std::string("Variant") : e.variants[0].name) + ")]");
    return std::nullopt;
  }
  std::vector<std::string_view> known;
  for (const EnumVariant& v : e.variants) {
    if (v.name != *variant) {
      known.push_back(v.name);
      continue;
    }
    DefaultValue d;
    if (e.integer) {
      d.kind = DefaultValue::Kind::Int;
      d.i = v.value;
    } else {
      d.kind = DefaultValue::Kind::String;
      d.s = v.label;
    }
    return d;
  }
  std::string msg = "enum `" + e.name + "` has no variant `" + *variant + "`";
  if (auto m = closest_match(*variant, known)) msg += " (did you mean `" + *m + "`?)";
  d_.error(val->loc, msg);
  return std::nullopt;
}

const Enum* Checker::find_enum(const std::string& name) const {
  for (const Enum& e : enums_)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace toasty_gen::check_detail
