#pragma once
// DynamoDB expressions: conditions, filters and key conditions with #name / :value
// placeholders, update expressions, and the conditions a write carries.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "driver/dynamodb/items.hpp"
#include "toasty/error.hpp"
#include "toasty/stmt/expr.hpp"

namespace toasty::dynamodb {

// Builds condition / filter / key-condition expressions with #name and :value
// placeholders. Filters follow SQL's three-valued logic, NULL being an absent attribute:
// compile(e, true) holds exactly when e is TRUE, compile(e, false) exactly when e is FALSE
// (an UNKNOWN comparison satisfies neither), so `NOT (x <> 1)` does not match items without x.
class Expressions {
 public:
  explicit Expressions(const db::Table& t) : t_(t) {}

  std::string name(std::size_t col) {
    std::string n = "#c" + std::to_string(col);
    names_[n] = t_.columns.at(col).name;
    return n;
  }
  std::string value(Json a) {
    std::string n = ":v" + std::to_string(next_value_++);
    values_[n] = std::move(a);
    return n;
  }
  std::string value(std::size_t col, const Value& v) { return value(to_av(t_, col, v)); }

  std::string truth(const stmt::ExprPtr& e) { return compile(e, true); }

  void into(Json& request) const {
    if (!names_.empty()) request["ExpressionAttributeNames"] = names_;
    if (!values_.empty()) request["ExpressionAttributeValues"] = values_;
  }

 private:
  static std::optional<std::size_t> column_of(const stmt::ExprPtr& e) {
    if (!e) return std::nullopt;
    if (auto* c = std::get_if<stmt::ExprColumn>(&e->node)) return c->column;
    return std::nullopt;
  }
  static const Value* value_of(const stmt::ExprPtr& e) {
    if (!e) return nullptr;
    if (auto* v = std::get_if<stmt::ExprValue>(&e->node)) return &v->value;
    return nullptr;
  }
  static stmt::BinaryOp flip(stmt::BinaryOp op) {
    switch (op) {
      case stmt::BinaryOp::Lt: return stmt::BinaryOp::Gt;
      case stmt::BinaryOp::Le: return stmt::BinaryOp::Ge;
      case stmt::BinaryOp::Gt: return stmt::BinaryOp::Lt;
      case stmt::BinaryOp::Ge: return stmt::BinaryOp::Le;
      default: return op;
    }
  }
  std::string never(std::size_t col) {
    std::string n = name(col);
    return "(attribute_exists(" + n + ") AND attribute_not_exists(" + n + "))";
  }
  [[noreturn]] void unsupported(const char* what) {
    throw UnsupportedQuery(std::string("toasty: DynamoDB cannot evaluate ") + what + " in a filter on table \"" +
                           t_.name + "\"");
  }

  std::string join(const std::vector<stmt::ExprPtr>& ops, bool want, const char* sep) {
    std::string out = "(";
    for (std::size_t i = 0; i < ops.size(); ++i) out += (i ? sep : "") + compile(ops[i], want);
    return out + ")";
  }

  std::string compile(const stmt::ExprPtr& e, bool want) {
    if (!e) unsupported("an empty expression");
    if (auto* a = std::get_if<stmt::ExprAnd>(&e->node)) return join(a->operands, want, want ? " AND " : " OR ");
    if (auto* o = std::get_if<stmt::ExprOr>(&e->node)) return join(o->operands, want, want ? " OR " : " AND ");
    if (auto* n = std::get_if<stmt::ExprNot>(&e->node)) return compile(n->operand, !want);
    if (auto* n = std::get_if<stmt::ExprIsNull>(&e->node)) {
      auto col = column_of(n->operand);
      if (!col) unsupported("IS NULL of something that is not a column");
      return (want ? "attribute_not_exists(" : "attribute_exists(") + name(*col) + ")";
    }
    if (auto* b = std::get_if<stmt::ExprBinary>(&e->node)) {
      auto lc = column_of(b->lhs), rc = column_of(b->rhs);
      const Value* lv = value_of(b->lhs);
      const Value* rv = value_of(b->rhs);
      std::string op(stmt::to_string(b->op));
      if (lc && rc) {
        std::string l = name(*lc), r = name(*rc);
        std::string cmp = l + " " + op + " " + r;
        return "(attribute_exists(" + l + ") AND attribute_exists(" + r + ") AND " + (want ? cmp : "NOT (" + cmp + ")") + ")";
      }
      std::optional<std::size_t> col = lc;
      const Value* v = rv;
      stmt::BinaryOp bop = b->op;
      if (!col && rc && lv) {
        col = rc;
        v = lv;
        bop = flip(b->op);
      }
      if (!col || !v) unsupported("a comparison that is not between a column and a value");
      if (v->is_null()) return never(*col);
      std::string n = name(*col);
      std::string cmp = n + " " + std::string(stmt::to_string(bop)) + " " + value(*col, *v);
      return "(attribute_exists(" + n + ") AND " + (want ? cmp : "NOT (" + cmp + ")") + ")";
    }
    if (auto* in = std::get_if<stmt::ExprInList>(&e->node)) {
      auto col = column_of(in->lhs);
      if (!col) unsupported("IN of something that is not a column");
      bool has_null = false;
      std::vector<std::string> placeholders;
      std::set<std::string> seen;
      for (const auto& item : in->list) {
        const Value* v = value_of(item);
        if (!v) unsupported("an IN list with something that is not a value");
        if (v->is_null()) {
          has_null = true;
          continue;
        }
        Json a = to_av(t_, *col, *v);
        if (seen.insert(a.dump()).second) placeholders.push_back(value(std::move(a)));
      }
      std::string n = name(*col);
      if (placeholders.empty()) return want || has_null ? never(*col) : "attribute_exists(" + n + ")";
      if (!want && has_null) return never(*col);
      // At most 100 operands per IN.
      std::string ins;
      for (std::size_t i = 0; i < placeholders.size(); i += 100) {
        std::string part = n + " IN (";
        for (std::size_t j = i; j < std::min(placeholders.size(), i + 100); ++j)
          part += (j == i ? "" : ", ") + placeholders[j];
        ins += (i == 0 ? "" : " OR ") + part + ")";
      }
      return "(attribute_exists(" + n + ") AND " + (want ? "(" + ins + ")" : "NOT (" + ins + ")") + ")";
    }
    if (auto* sw = std::get_if<stmt::ExprTextMatch>(&e->node)) {
      auto col = column_of(sw->lhs);
      const Value* v = value_of(sw->prefix);
      if (!col || !v) unsupported("starts_with of something that is not a column and a value");
      if (v->is_null()) return never(*col);
      std::string n = name(*col);
      if (sw->kind == stmt::ExprTextMatch::Kind::EndsWith) unsupported("ends_with (DynamoDB has no such condition)");
      if (sw->kind == stmt::ExprTextMatch::Kind::Equals || sw->kind == stmt::ExprTextMatch::Kind::Like ||
          sw->ignore_case)
        unsupported("like and ignore_case matches (DynamoDB has no such condition)");
      // contains() on a string attribute is a substring test (on a list, membership).
      std::string bw = (sw->kind == stmt::ExprTextMatch::Kind::StartsWith ? "begins_with(" : "contains(") + n + ", " +
                       value(*col, *v) + ")";
      return want ? bw : "(attribute_exists(" + n + ") AND NOT " + bw + ")";
    }
    if (auto* lo = std::get_if<stmt::ExprListOp>(&e->node)) {
      // contains() per element on a list (L); size() for emptiness.
      auto col = column_of(lo->lhs);
      if (!col) unsupported("a list condition on something that is not a column");
      std::string n = name(*col);
      std::string cond;
      if (lo->kind == stmt::ExprListOp::Kind::IsEmpty) {
        cond = "size(" + n + ") = " + value(Json{{"N", "0"}});
      } else {
        const Value* v = value_of(lo->values);
        if (!v || !v->is_list()) unsupported("a list condition whose values are not a list");
        const bool all = lo->kind == stmt::ExprListOp::Kind::ContainsAll;
        std::set<std::string> seen;
        for (const Value& x : v->as_list()) {
          Json a = to_attribute_value(x);
          if (!seen.insert(a.dump()).second) continue;
          cond += (cond.empty() ? "" : all ? " AND " : " OR ") + ("contains(" + n + ", " + value(std::move(a)) + ")");
        }
        // Every element of nothing: always; one of nothing: never.
        if (cond.empty()) return all == want ? "attribute_exists(" + n + ")" : never(*col);
        cond = "(" + cond + ")";
      }
      return want ? "(attribute_exists(" + n + ") AND " + cond + ")" : "(attribute_exists(" + n + ") AND NOT " + cond + ")";
    }
    if (std::holds_alternative<stmt::ExprInSubquery>(e->node)) unsupported("a subquery");
    unsupported("this kind of expression");
  }

  const db::Table& t_;
  Json names_ = Json::object();
  Json values_ = Json::object();
  int next_value_ = 0;
};

// The condition of a write to an existing item: it exists and matches `condition` (if any).
std::string exists_and(Expressions& ex, const db::Table& t, const stmt::ExprPtr& condition);
// "SET #a = :x, #b = #b + :y REMOVE #c" for the assignments; refuses a change of a key column.
std::string update_expression(Expressions& ex, const db::Table& t,
                              const std::vector<std::pair<std::size_t, Value>>& assignments,
                              const std::vector<driver::ComputedAssignment>& computed = {});
// The item with the assignments applied.
Json apply(const db::Table& t, Json item, const std::vector<std::pair<std::size_t, Value>>& assignments);
// A condition that the item's attributes of `cols` are still what `item` holds.
std::string unchanged(Expressions& ex, const db::Table& t, const std::set<std::size_t>& cols, const Json& item);

}  // namespace toasty::dynamodb
