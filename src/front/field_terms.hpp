#pragma once
// The `field = value` terms of a filter made of such terms under an AND: a key lookup, an
// upsert's target, the filter of an update by instance. One walk for the front end's readers
// of them (messages, upsert targets, relation changes' owner values).
#include <cstddef>
#include <utility>
#include <vector>

#include "toasty/stmt/expr.hpp"

namespace toasty::detail {

// Appends (field, value) for each `field = value` term of `filter`, in order; returns false
// when the filter also has terms of another kind (those are skipped).
inline bool field_terms(const stmt::ExprPtr& filter, std::vector<std::pair<std::size_t, const Value*>>& out) {
  if (!filter) return true;
  if (const auto* all = std::get_if<stmt::ExprAnd>(&filter->node)) {
    bool only = true;
    for (const auto& part : all->operands) only = field_terms(part, out) && only;
    return only;
  }
  const auto* b = std::get_if<stmt::ExprBinary>(&filter->node);
  const auto* f = b && b->op == stmt::BinaryOp::Eq ? std::get_if<stmt::ExprField>(&b->lhs->node) : nullptr;
  const auto* v = f ? std::get_if<stmt::ExprValue>(&b->rhs->node) : nullptr;
  if (!v) return false;
  out.emplace_back(f->field, &v->value);
  return true;
}

}  // namespace toasty::detail
