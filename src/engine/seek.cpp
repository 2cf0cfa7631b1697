#include "engine/seek.hpp"

#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Rows whose `o` comes after `v` (NULLs first ascending, last descending).
stmt::ExprPtr after(const stmt::OrderBy& o, const Value& v) {
  if (v.is_null())  // ascending: every value follows NULL; descending: nothing does
    return o.descending ? stmt::in_list(stmt::value(Value(true)), {}) : stmt::not_(stmt::is_null(o.expr));
  stmt::ExprPtr beyond = stmt::binary(o.descending ? stmt::BinaryOp::Lt : stmt::BinaryOp::Gt, o.expr, stmt::value(v));
  return o.descending ? stmt::or_(std::move(beyond), stmt::is_null(o.expr)) : beyond;
}

// Rows whose `o` equals `v` (NULL equals NULL here: a position, not a comparison).
stmt::ExprPtr tied(const stmt::OrderBy& o, const Value& v) {
  return v.is_null() ? stmt::is_null(o.expr) : stmt::binary(stmt::BinaryOp::Eq, o.expr, stmt::value(v));
}

}  // namespace

stmt::ExprPtr seek_filter(const std::vector<stmt::OrderBy>& order, const std::vector<Value>& position) {
  if (order.size() != position.size() || order.empty())
    throw InvalidStatement("toasty: a pagination cursor holds " + std::to_string(position.size()) +
                           " values for an order of " + std::to_string(order.size()) + " fields");
  stmt::ExprPtr any;
  for (std::size_t i = 0; i < order.size(); ++i) {
    stmt::ExprPtr term;
    for (std::size_t j = 0; j < i; ++j) term = stmt::and_(term, tied(order[j], position[j]));
    any = stmt::or_(any, stmt::and_(term, after(order[i], position[i])));
  }
  return any;
}

}  // namespace toasty::engine
