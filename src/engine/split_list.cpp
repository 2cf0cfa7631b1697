// Splitting a statement by its largest in_list when its values exceed what one statement
// may bind. A filter F that holds the list once, outside any NOT, is monotone in "x IN L":
// F(L1 ∪ L2) matches exactly the rows F(L1) or F(L2) match, so the slices' results,
// combined, are the statement's. Inside a top-level AND the slices match disjoint rows;
// under an OR they may overlap, which a select resolves by primary key and a write cannot.
#include <unordered_set>

#include "engine/plan.hpp"
#include "engine/row_key.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

struct Largest {
  const stmt::Expr* node = nullptr;
  std::size_t size = 0;
  bool under_or = false;
};

// Counts the values `e` binds and finds its largest in_list that is outside NOT and
// relation filters (where slicing would change the answer).
void scan(const stmt::ExprPtr& e, bool under_or, bool splittable, std::size_t& values, Largest& best) {
  if (!e) return;
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprValue>) {
          ++values;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          scan(n.lhs, under_or, false, values, best);
          scan(n.rhs, under_or, false, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd>) {
          for (const auto& o : n.operands) scan(o, under_or, splittable, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : n.operands) scan(o, true, splittable, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          scan(n.operand, under_or, false, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          scan(n.lhs, under_or, false, values, best);
          for (const auto& o : n.list) scan(o, under_or, false, values, best);
          if (splittable && n.list.size() > best.size) best = {e.get(), n.list.size(), under_or};
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          scan(n.lhs, under_or, false, values, best);
          scan(n.prefix, under_or, false, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          scan(n.lhs, under_or, false, values, best);
          scan(n.values, under_or, false, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprRelated>) {
          scan(n.filter, under_or, false, values, best);
        } else if constexpr (std::is_same_v<T, stmt::ExprScope>) {
          values += n.key.size();
        }
      },
      e->node);
}

// `e` with node `target` replaced by `with`; untouched branches are shared.
stmt::ExprPtr replace(const stmt::ExprPtr& e, const stmt::Expr* target, const stmt::ExprPtr& with) {
  if (!e) return e;
  if (e.get() == target) return with;
  auto rebuilt = [&](const std::vector<stmt::ExprPtr>& operands, std::vector<stmt::ExprPtr>& out) {
    bool changed = false;
    for (const auto& o : operands) {
      out.push_back(replace(o, target, with));
      changed = changed || out.back() != o;
    }
    return changed;
  };
  if (auto* a = std::get_if<stmt::ExprAnd>(&e->node)) {
    std::vector<stmt::ExprPtr> ops;
    if (rebuilt(a->operands, ops)) return std::make_shared<const stmt::Expr>(stmt::Expr{stmt::ExprAnd{std::move(ops)}});
  } else if (auto* o = std::get_if<stmt::ExprOr>(&e->node)) {
    std::vector<stmt::ExprPtr> ops;
    if (rebuilt(o->operands, ops)) return std::make_shared<const stmt::Expr>(stmt::Expr{stmt::ExprOr{std::move(ops)}});
  }
  return e;
}

// The list's values, each once (a repeated value would make two slices match one row).
std::vector<stmt::ExprPtr> distinct(const std::vector<stmt::ExprPtr>& list) {
  std::unordered_set<Key, KeyHash> seen;
  std::vector<stmt::ExprPtr> out;
  out.reserve(list.size());
  for (const auto& e : list) {
    auto* v = std::get_if<stmt::ExprValue>(&e->node);
    if (!v || seen.insert(Key{{v->value}}).second) out.push_back(e);
  }
  return out;
}

std::string too_many(std::size_t values, std::size_t max_values, const std::string& why) {
  return "toasty: the statement binds " + std::to_string(values) + " values, more than the " +
         std::to_string(max_values) + " one statement may bind on this backend, and " + why;
}

// Splits `s` (a copy of the statement whose filter is `filter`) into statements that each
// carry a slice of the largest list. `extra` counts values outside the filter.
template <class S>
std::optional<ListChunks> split(const S& s, std::size_t extra, std::size_t max_values, bool write) {
  std::size_t values = extra;
  Largest best;
  scan(s.filter, false, true, values, best);
  if (values <= max_values) return std::nullopt;
  if (!best.node)
    throw UnsupportedQuery(too_many(values, max_values, "it holds no in_list outside a NOT to split it by"));
  if (write && best.under_or)
    throw UnsupportedQuery(too_many(values, max_values,
                                    "its largest in_list is under an OR: split the list yourself, or select the "
                                    "records first"));
  const auto& in = std::get<stmt::ExprInList>(best.node->node);
  std::vector<stmt::ExprPtr> list = distinct(in.list);
  std::size_t others = values - in.list.size();
  if (others >= max_values)
    throw UnsupportedQuery(too_many(values, max_values, "its values outside the largest in_list alone exceed that"));

  ListChunks out;
  out.list_values = list.size();
  out.values_per_chunk = max_values - others;
  out.overlap = best.under_or;
  for (std::size_t at = 0; at < list.size() || at == 0; at += out.values_per_chunk) {
    auto end = std::min(list.size(), at + out.values_per_chunk);
    std::vector<stmt::ExprPtr> slice(list.begin() + static_cast<std::ptrdiff_t>(at),
                                     list.begin() + static_cast<std::ptrdiff_t>(end));
    S part = s;
    part.filter = replace(s.filter, best.node, stmt::in_list(in.lhs, std::move(slice)));
    out.chunks.emplace_back(std::move(part));
  }
  out.key_fields = s.model->primary_key;
  return out;
}

}  // namespace

std::optional<ListChunks> split_by_list(const stmt::Select& s, std::size_t max_values) {
  auto out = split(s, 0, max_values, false);
  if (!out) return out;
  if (!s.group_by.empty() || s.distinct)
    throw UnsupportedQuery("toasty: group_by or distinct over an in_list longer than the backend binds in one "
                           "statement (" + std::to_string(max_values) + " values): filter by a shorter list");
  if (s.count || !s.aggregates.empty()) {
    // Counted per slice, combined by the caller (sums add, minimums compare): the slices
    // must not share rows, and the page must not span them.
    if (out->overlap || s.limit || s.offset)
      throw UnsupportedQuery("toasty: a count or aggregate over an in_list longer than the backend binds in one "
                             "statement needs the list outside any OR and no limit or offset");
    out->aggregated = true;
    return out;
  }
  for (const auto& o : s.order_by) {
    auto* f = std::get_if<stmt::ExprField>(&o.expr->node);
    if (!f) throw UnsupportedQuery("toasty: a statement split by its in_list can only be ordered by fields");
    out->order_by.emplace_back(f->field, o.descending);
  }
  out->limit = s.limit;
  out->offset = s.offset;
  // Each slice returns the rows that could be on the requested page; the page is cut
  // from the combined rows.
  for (auto& c : out->chunks) {
    auto& part = std::get<stmt::Select>(c);
    if (part.limit) part.limit = *part.limit + part.offset.value_or(0);
    part.offset.reset();
  }
  return out;
}

std::optional<ListChunks> split_by_list(const stmt::Update& s, std::size_t max_values) {
  std::size_t extra = 0;
  Largest ignored;
  for (const auto& a : s.assignments) scan(a.value, false, false, extra, ignored);
  return split(s, extra, max_values, true);
}

std::optional<ListChunks> split_by_list(const stmt::Delete& s, std::size_t max_values) {
  return split(s, 0, max_values, true);
}

}  // namespace toasty::engine
