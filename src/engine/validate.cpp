// #[validate(...)] rules, checked before a create or an update is planned, on every backend
// alike: every broken rule of every value is listed (ValidationFailed), and nothing is sent.
// Values the database computes (an increment, a copied field) are not known here and are not
// checked.
#include <cctype>
#include <map>
#include <mutex>
#include <regex>
#include <string>

#include "core/text.hpp"
#include "engine/engine.hpp"
#include "toasty/error.hpp"
#include "toasty/model/validation.hpp"

namespace toasty::engine {

namespace {

using Violation = ValidationFailed::Violation;

// a <=> b for two numbers of any kind (integers exactly, floats as doubles).
int compare_number(const Value& a, const Value& b) {
  if ((a.is_i64() || a.is_u64()) && (b.is_i64() || b.is_u64())) {
    auto wide = [](const Value& v) {
      return v.is_i64() ? static_cast<__int128>(v.as_i64()) : static_cast<__int128>(v.as_u64());
    };
    __int128 x = wide(a), y = wide(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  double x = a.as_f64(), y = b.as_f64();
  return x < y ? -1 : x > y ? 1 : 0;
}

// A practical address check (what a sign-up form accepts): one `@`, a local part of 1-64
// characters without spaces, a domain of dot-separated labels (letters, digits, hyphens; no
// label empty or starting or ending with a hyphen) with at least one dot; 254 characters at most.
bool is_email(const std::string& s) {
  if (s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string::npos) return false;
  for (std::size_t i = 0; i < at; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' ||
        c == '>' || c == '[' || c == ']' || c == '\\' || c == '"')
      return false;
  }
  const std::string domain = s.substr(at + 1);
  if (domain.find('.') == std::string::npos) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = domain.find('.', start);
    const std::string label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (unsigned char c : label)
      if (!(std::isalnum(c) || c == '-' || c >= 0x80)) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

// Patterns are compiled once per process.
const std::regex& compiled(const std::string& pattern) {
  static std::mutex mu;
  static std::map<std::string, std::regex, std::less<>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
  return it->second;
}

void check_field(const app::Field& f, const Value& v, std::vector<Violation>& out) {
  if (v.is_null()) return;
  for (const app::Rule& r : f.rules) {
    auto broke = [&](std::string message) { out.push_back({f.name, r.text, std::move(message)}); };
    switch (r.kind) {
      case app::Rule::Kind::Length: {
        std::uint64_t n = 0;
        const char* unit = "characters";
        if (v.is_string()) n = text::utf8_characters(v.as_string());
        else if (v.is_bytes()) n = v.as_bytes().size(), unit = "bytes";
        else if (v.is_list()) n = v.as_list().size(), unit = "items";
        if (r.min_length && n < *r.min_length)
          broke("has " + std::to_string(n) + " " + unit + ", fewer than " + std::to_string(*r.min_length));
        if (r.max_length && n > *r.max_length)
          broke("has " + std::to_string(n) + " " + unit + ", more than " + std::to_string(*r.max_length));
        break;
      }
      case app::Rule::Kind::Range:
        if (r.min && compare_number(v, *r.min) < 0) broke("is " + v.debug_string() + ", less than " + r.min->debug_string());
        if (r.max && compare_number(v, *r.max) > 0) broke("is " + v.debug_string() + ", more than " + r.max->debug_string());
        break;
      case app::Rule::Kind::Regex:
        if (v.is_string() && !std::regex_match(v.as_string(), compiled(r.pattern))) broke("does not match the pattern");
        break;
      case app::Rule::Kind::Email:
        if (v.is_string() && !is_email(v.as_string())) broke("is not an email address");
        break;
      case app::Rule::Kind::OneOf: {
        bool found = false;
        for (const Value& allowed : r.one_of) found = found || allowed == v;
        if (!found) broke("is not one of the values allowed");
        break;
      }
    }
  }
}

bool has_rules(const app::Model& m) {
  for (const auto& f : m.fields)
    if (!f.rules.empty()) return true;
  return false;
}

void collect(const stmt::Insert& insert, std::vector<Violation>& out, const app::Model*& model) {
  if (!insert.model) return;
  if (has_rules(*insert.model)) {
    for (const auto& row : insert.rows)
      for (std::size_t i = 0; i < insert.columns.size() && i < row.size(); ++i) {
        const auto* v = row[i] ? std::get_if<stmt::ExprValue>(&row[i]->node) : nullptr;
        const std::size_t f = insert.columns[i];
        if (v && f < insert.model->fields.size()) {
          std::size_t before = out.size();
          check_field(insert.model->fields[f], v->value, out);
          if (out.size() != before && !model) model = insert.model;
        }
      }
  }
  for (const auto& n : insert.nested)
    if (n.insert) collect(*n.insert, out, model);
}

[[noreturn]] void fail(const app::Model& model, std::vector<Violation> out) {
  throw ValidationFailed(model.name, std::move(out));
}

}  // namespace

}  // namespace toasty::engine

namespace toasty::detail {
void broken_rules(const app::Model& model, std::size_t field, const Value& value,
                  std::vector<ValidationFailed::Violation>& out) {
  if (field < model.fields.size()) engine::check_field(model.fields[field], value, out);
}
}  // namespace toasty::detail

namespace toasty::engine {

void validate(const stmt::Insert& insert) {
  std::vector<Violation> out;
  const app::Model* model = nullptr;
  collect(insert, out, model);
  if (!out.empty()) fail(*model, std::move(out));
}

void validate(const stmt::Update& update) {
  if (!update.model || !has_rules(*update.model)) return;
  std::vector<Violation> out;
  for (const auto& a : update.assignments) {
    if (a.op != stmt::Assignment::Op::Set || a.target >= update.model->fields.size()) continue;
    if (const auto* v = a.value ? std::get_if<stmt::ExprValue>(&a.value->node) : nullptr)
      check_field(update.model->fields[a.target], v->value, out);
  }
  if (!out.empty()) fail(*update.model, std::move(out));
}

}  // namespace toasty::engine
