#include "toasty/stmt/expr.hpp"

namespace toasty::stmt {

std::string_view to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::Eq: return "=";
    case BinaryOp::Ne: return "<>";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
  }
  return "?";
}

namespace {
ExprPtr make(Expr::Node n) { return std::make_shared<const Expr>(Expr{std::move(n)}); }

template <class Op>
ExprPtr flatten(ExprPtr a, ExprPtr b) {
  Op out;
  for (ExprPtr* e : {&a, &b}) {
    if (!*e) continue;
    if (auto* same = std::get_if<Op>(&(*e)->node))
      out.operands.insert(out.operands.end(), same->operands.begin(), same->operands.end());
    else
      out.operands.push_back(std::move(*e));
  }
  if (out.operands.size() == 1) return out.operands[0];
  return make(std::move(out));
}
}  // namespace

ExprPtr value(Value v) { return make(ExprValue{std::move(v)}); }
ExprPtr field(const app::Model* model, std::size_t f) { return make(ExprField{model, f}); }
ExprPtr column(std::size_t table, std::size_t c) { return make(ExprColumn{table, c}); }
ExprPtr arg(std::size_t index) { return make(ExprArg{index}); }
ExprPtr binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs) {
  return make(ExprBinary{op, std::move(lhs), std::move(rhs)});
}
ExprPtr and_(ExprPtr a, ExprPtr b) { return flatten<ExprAnd>(std::move(a), std::move(b)); }
ExprPtr or_(ExprPtr a, ExprPtr b) { return flatten<ExprOr>(std::move(a), std::move(b)); }
ExprPtr not_(ExprPtr e) { return make(ExprNot{std::move(e)}); }
ExprPtr is_null(ExprPtr e) { return make(ExprIsNull{std::move(e)}); }
ExprPtr in_list(ExprPtr lhs, std::vector<ExprPtr> list) {
  return make(ExprInList{std::move(lhs), std::move(list)});
}
ExprPtr starts_with(ExprPtr lhs, ExprPtr prefix) {
  return make(ExprTextMatch{std::move(lhs), std::move(prefix), ExprTextMatch::Kind::StartsWith});
}
ExprPtr text_match(ExprTextMatch::Kind kind, ExprPtr lhs, ExprPtr pattern, bool ignore_case) {
  return make(ExprTextMatch{std::move(lhs), std::move(pattern), kind, ignore_case});
}
ExprPtr text_match(const ExprTextMatch& like, ExprPtr lhs, ExprPtr pattern) {
  return make(ExprTextMatch{std::move(lhs), std::move(pattern), like.kind, like.ignore_case});
}
std::string_view to_string(ExprTextMatch::Kind k) {
  switch (k) {
    case ExprTextMatch::Kind::StartsWith: return "starts_with";
    case ExprTextMatch::Kind::EndsWith: return "ends_with";
    case ExprTextMatch::Kind::Contains: return "contains";
    case ExprTextMatch::Kind::Equals: return "equals";
    case ExprTextMatch::Kind::Like: return "like";
  }
  return "?";
}

ExprPtr list_op(ExprListOp::Kind kind, ExprPtr lhs, ExprPtr values) {
  return make(ExprListOp{kind, std::move(lhs), std::move(values)});
}

ExprPtr related(const app::Model* model, std::size_t relation, ExprPtr filter, bool all) {
  return make(ExprRelated{model, relation, std::move(filter), all});
}
ExprPtr scope(const app::Model* owner, std::size_t relation, std::vector<Value> key) {
  return make(ExprScope{owner, relation, std::move(key)});
}
ExprPtr scope_of(const app::Model* owner, std::size_t relation, ExprPtr owners) {
  return make(ExprScope{owner, relation, {}, true, std::move(owners)});
}
ExprPtr in_subquery(std::vector<ExprPtr> lhs, std::shared_ptr<const Select> query, bool negate) {
  return make(ExprInSubquery{std::move(lhs), std::move(query), negate});
}

}  // namespace toasty::stmt
