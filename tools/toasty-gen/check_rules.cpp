// #[validate(...)] on a field: length(min = 1, max = 100), range(min = 0, max = 150),
// regex("^[a-z]+$"), email, one_of("draft", "published"); several in one attribute or in
// several. Each rule is checked against the field's type here, so that a rule that cannot
// apply is an error at its place in the schema file, not at run time.
#include <charconv>
#include <regex>

#include "toasty-gen/checker.hpp"

namespace toasty_gen::check_detail {

namespace {

const char* const kRules = "length(min = N, max = N), range(min = X, max = Y), regex(\"...\"), email, one_of(...)";

}  // namespace

void Checker::check_validate(const ast::Attribute& a, Field& f) {
  if (a.args.empty()) {
    d_.error(a.loc, "#[validate] lists its rules: " + std::string(kRules));
    return;
  }
  const bool text = f.type == ScalarKind::String && f.enum_name.empty() && f.newtype_name.empty();
  const bool plain = f.enum_name.empty() && f.newtype_name.empty() && !f.list;
  for (const ast::AttrArg& arg : a.args) {
    const ast::AttrValue& v = arg.value;
    const Loc loc = arg.loc;
    const std::string name = (v.kind == ast::AttrValue::Kind::Path || v.kind == ast::AttrValue::Kind::Call) &&
                                     v.path.is_simple()
                                 ? v.path.parts[0]
                                 : "";
    if (arg.name || name.empty()) {
      d_.error(loc, "#[validate] takes rules: " + std::string(kRules));
      continue;
    }
    FieldRule r;
    auto wrong_type = [&](const std::string& what) {
      d_.error(loc, "`" + name + "` in #[validate] applies to " + what + "; `" + f.name + "` is " +
                        (f.optional ? "Option<" + type_name(f) + ">" : type_name(f)));
    };
    auto args_of = [&](bool named) {
      for (std::size_t i = 0; i < v.list.size(); ++i)
        if (v.names[i].empty() == named) {
          d_.error(v.list[i].loc, "`" + name + "` in #[validate] takes " +
                                      (named ? "named arguments (min = ..., max = ...)" : "values, not names"));
          return false;
        }
      return true;
    };
    if (name == "email" && v.kind == ast::AttrValue::Kind::Path) {
      if (!text) wrong_type("String fields");
      r.kind = FieldRule::Kind::Email;
      r.text = "email";
    } else if (name == "length" && v.kind == ast::AttrValue::Kind::Call) {
      if (!((f.type == ScalarKind::String || f.type == ScalarKind::Bytes) && f.enum_name.empty()) && !f.list)
        wrong_type("String, Bytes and Vec fields");
      if (!args_of(true)) continue;
      r.kind = FieldRule::Kind::Length;
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        const ast::AttrValue& n = v.list[i];
        std::uint64_t count = 0;
        const bool ok = n.kind == ast::AttrValue::Kind::Literal && n.literal.kind == ast::Literal::Kind::Int &&
                        !n.literal.negative &&
                        std::from_chars(n.literal.text.data(), n.literal.text.data() + n.literal.text.size(), count)
                                .ec == std::errc();
        if (!ok || (v.names[i] != "min" && v.names[i] != "max")) {
          d_.error(n.loc, "length() takes min = N and max = N, counts of 0 or more");
          continue;
        }
        (v.names[i] == "min" ? r.min_length : r.max_length) = count;
      }
      if (!r.min_length && !r.max_length) d_.error(loc, "length() takes min = N, max = N or both");
      if (r.min_length && r.max_length && *r.min_length > *r.max_length)
        d_.error(loc, "length(): min is more than max");
      r.text = "length(";
      if (r.min_length) r.text += "min = " + std::to_string(*r.min_length);
      if (r.max_length) r.text += std::string(r.min_length ? ", " : "") + "max = " + std::to_string(*r.max_length);
      r.text += ")";
    } else if (name == "range" && v.kind == ast::AttrValue::Kind::Call) {
      if (!plain || !(is_integer(f.type) || is_float(f.type))) wrong_type("integer and float fields");
      if (!args_of(true)) continue;
      r.kind = FieldRule::Kind::Range;
      bool bad = false;
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        const ast::AttrValue& n = v.list[i];
        const bool number = n.kind == ast::AttrValue::Kind::Literal &&
                            (n.literal.kind == ast::Literal::Kind::Int ||
                             (n.literal.kind == ast::Literal::Kind::Float && is_float(f.type)));
        if (!number || (v.names[i] != "min" && v.names[i] != "max")) {
          d_.error(n.loc, std::string("range() takes min = and max = ") +
                              (is_float(f.type) ? "numbers" : "integers") + " of the field's type");
          bad = true;
          continue;
        }
        if (n.literal.negative && (f.type == ScalarKind::U8 || f.type == ScalarKind::U16 ||
                                   f.type == ScalarKind::U32 || f.type == ScalarKind::U64)) {
          d_.error(n.loc, "range(): `" + f.name + "` is unsigned; its bounds are 0 or more");
          bad = true;
          continue;
        }
        (v.names[i] == "min" ? r.min : r.max) = n.literal;
      }
      if (!r.min && !r.max && !bad) d_.error(loc, "range() takes min = X, max = Y or both");
      r.text = "range(";
      if (r.min) r.text += "min = " + r.min->display();
      if (r.max) r.text += std::string(r.min ? ", " : "") + "max = " + r.max->display();
      r.text += ")";
    } else if (name == "regex" && v.kind == ast::AttrValue::Kind::Call) {
      if (!text) wrong_type("String fields");
      if (!args_of(false)) continue;
      if (v.list.size() != 1 || v.list[0].kind != ast::AttrValue::Kind::Literal ||
          v.list[0].literal.kind != ast::Literal::Kind::String) {
        d_.error(loc, "regex() takes one pattern, a string: regex(\"^[a-z0-9_]+$\")");
        continue;
      }
      r.kind = FieldRule::Kind::Regex;
      r.pattern = v.list[0].literal.text;
      try {
        std::regex check(r.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        d_.error(v.list[0].loc, "regex(): the pattern is not a valid ECMAScript regular expression (" +
                                    std::string(e.what()) + ")");
      }
      r.text = "regex(" + v.list[0].literal.display() + ")";
    } else if (name == "one_of" && v.kind == ast::AttrValue::Kind::Call) {
      if (!plain || !(text || is_integer(f.type))) wrong_type("String and integer fields");
      if (!args_of(false)) continue;
      r.kind = FieldRule::Kind::OneOf;
      r.text = "one_of(";
      for (const ast::AttrValue& n : v.list) {
        const bool fits = n.kind == ast::AttrValue::Kind::Literal &&
                          (text ? n.literal.kind == ast::Literal::Kind::String
                                : n.literal.kind == ast::Literal::Kind::Int);
        if (!fits) {
          d_.error(n.loc, std::string("one_of() takes ") + (text ? "strings" : "integers") + ", the field's values");
          continue;
        }
        r.text += (r.one_of.empty() ? "" : ", ") + n.literal.display();
        r.one_of.push_back(n.literal);
      }
      r.text += ")";
      if (r.one_of.empty()) d_.error(loc, "one_of() lists the values allowed");
    } else {
      d_.error(loc, "unknown rule `" + name + "` in #[validate]; the rules are " + kRules);
      continue;
    }
    f.rules.push_back(std::move(r));
  }
}

}  // namespace toasty_gen::check_detail
