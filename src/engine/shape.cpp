// Statement shapes for the plan cache: one walk order for hashing, comparing,
// collecting values and parameterizing, so argument i always means the same slot.
#include <functional>

#include "engine/plan_cache.hpp"

namespace toasty::engine {

namespace {

void mix(std::size_t& h, std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); }

// Hashes the structure of `e` and collects its values; false for nodes the cache
// does not handle (relation filters, scopes, subqueries).
bool walk(const stmt::ExprPtr& e, std::size_t& h, Args& args) {
  if (!e) {
    mix(h, 0x51);
    return true;
  }
  mix(h, e->node.index() + 1);
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprValue>) {
          args.push_back(&n.value);
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprField>) {
          mix(h, std::hash<const void*>{}(n.model));
          mix(h, n.field);
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          mix(h, static_cast<std::size_t>(n.op));
          return walk(n.lhs, h, args) && walk(n.rhs, h, args);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          mix(h, n.operands.size());
          for (const auto& o : n.operands)
            if (!walk(o, h, args)) return false;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          return walk(n.operand, h, args);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          mix(h, n.list.size());
          if (!walk(n.lhs, h, args)) return false;
          for (const auto& o : n.list)
            if (!walk(o, h, args)) return false;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          mix(h, static_cast<std::size_t>(n.kind) * 2 + (n.ignore_case ? 1 : 0));
          return walk(n.lhs, h, args) && walk(n.prefix, h, args);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          mix(h, static_cast<std::size_t>(n.kind));
          return walk(n.lhs, h, args) && walk(n.values, h, args);
        } else {
          return false;  // Column, Arg, Related, InSubquery, Scope
        }
      },
      e->node);
}

bool is_slot(const stmt::ExprPtr& e) {
  return std::holds_alternative<stmt::ExprValue>(e->node) || std::holds_alternative<stmt::ExprArg>(e->node);
}

// A cached shape holds ExprArg where a fresh statement holds ExprValue: both are slots.
bool same(const stmt::ExprPtr& a, const stmt::ExprPtr& b) {
  if (!a || !b) return !a && !b;
  if (is_slot(a) || is_slot(b)) return is_slot(a) && is_slot(b);
  if (a->node.index() != b->node.index()) return false;
  return std::visit(
      [&](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b->node);
        if constexpr (std::is_same_v<T, stmt::ExprValue> || std::is_same_v<T, stmt::ExprArg>) {
          return true;  // values are arguments
        } else if constexpr (std::is_same_v<T, stmt::ExprField>) {
          return x.model == y.model && x.field == y.field;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          return x.op == y.op && same(x.lhs, y.lhs) && same(x.rhs, y.rhs);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          if (x.operands.size() != y.operands.size()) return false;
          for (std::size_t i = 0; i < x.operands.size(); ++i)
            if (!same(x.operands[i], y.operands[i])) return false;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          return same(x.operand, y.operand);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          if (x.list.size() != y.list.size() || !same(x.lhs, y.lhs)) return false;
          for (std::size_t i = 0; i < x.list.size(); ++i)
            if (!same(x.list[i], y.list[i])) return false;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          return x.kind == y.kind && x.ignore_case == y.ignore_case && same(x.lhs, y.lhs) && same(x.prefix, y.prefix);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          return x.kind == y.kind && same(x.lhs, y.lhs) && same(x.values, y.values);
        } else {
          return false;
        }
      },
      a->node);
}

stmt::ExprPtr param(const stmt::ExprPtr& e, std::size_t& next) {
  if (!e) return e;
  return std::visit(
      [&](const auto& n) -> stmt::ExprPtr {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprValue>) {
          return stmt::arg(next++);
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          auto l = param(n.lhs, next);
          return stmt::binary(n.op, l, param(n.rhs, next));
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          T out;
          for (const auto& o : n.operands) out.operands.push_back(param(o, next));
          return std::make_shared<const stmt::Expr>(stmt::Expr{std::move(out)});
        } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
          return stmt::not_(param(n.operand, next));
        } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
          return stmt::is_null(param(n.operand, next));
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          auto l = param(n.lhs, next);
          std::vector<stmt::ExprPtr> list;
          for (const auto& o : n.list) list.push_back(param(o, next));
          return stmt::in_list(l, std::move(list));
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          auto l = param(n.lhs, next);
          return stmt::text_match(n, l, param(n.prefix, next));
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          auto l = param(n.lhs, next);
          return stmt::list_op(n.kind, l, param(n.values, next));
        } else {
          return e;
        }
      },
      e->node);
}

void mix_opt(std::size_t& h, const std::optional<std::uint64_t>& v) { mix(h, v ? *v + 1 : 0); }

}  // namespace

bool shape_of(const stmt::Statement& s, std::size_t& h, Args& args) {
  h = s.index();
  return std::visit(
      [&](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        mix(h, std::hash<const void*>{}(x.model));
        if constexpr (!std::is_same_v<T, stmt::Insert>) {
          mix(h, x.allow_full_scan);
          mix(h, static_cast<int>(x.deleted));
        }
        if constexpr (std::is_same_v<T, stmt::Select>) {
          // Groups with conditions on them are planned per call (their values are not arguments).
          if (!x.includes.empty() || x.seek_after || !x.having.empty()) return false;
          mix(h, x.distinct);
          mix(h, static_cast<int>(x.lock.mode) * 3 + static_cast<int>(x.lock.wait));
          mix(h, x.group_by.size());
          for (const auto& g : x.group_by)
            if (!walk(g, h, args)) return false;
          mix(h, x.skip_deferred);
          mix(h, x.count);
          for (const auto& a : x.aggregates) {
            mix(h, static_cast<int>(a.fn));
            if (!walk(a.arg, h, args)) return false;
          }
          for (std::size_t f : x.load_deferred) mix(h, f);
          mix(h, x.project.size());
          for (std::size_t f : x.project) mix(h, f);
          mix_opt(h, x.limit);
          mix_opt(h, x.offset);
          for (const auto& o : x.order_by) {
            mix(h, o.descending);
            if (!walk(o.expr, h, args)) return false;
          }
          return walk(x.filter, h, args);
        } else if constexpr (std::is_same_v<T, stmt::Insert>) {
          if (!x.nested.empty()) return false;
          mix(h, x.rows.size());
          for (std::size_t c : x.columns) mix(h, c);
          for (const auto& row : x.rows)
            for (const auto& v : row)
              if (!walk(v, h, args)) return false;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          mix(h, x.read_back);
          for (const auto& a : x.assignments) {
            mix(h, a.target);
            mix(h, static_cast<int>(a.op));
            if (!walk(a.value, h, args)) return false;
          }
          return walk(x.filter, h, args);
        } else {
          return walk(x.filter, h, args);
        }
      },
      s);
}

bool same_shape(const stmt::Statement& a, const stmt::Statement& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b);
        if (x.model != y.model) return false;
        if constexpr (!std::is_same_v<T, stmt::Insert>)
          if (x.allow_full_scan != y.allow_full_scan || x.deleted != y.deleted) return false;
        if constexpr (std::is_same_v<T, stmt::Select>) {
          if (x.limit != y.limit || x.offset != y.offset || x.order_by.size() != y.order_by.size() ||
              x.skip_deferred != y.skip_deferred || x.load_deferred != y.load_deferred || x.count != y.count ||
              x.project != y.project ||
              x.aggregates.size() != y.aggregates.size())
            return false;
          for (std::size_t i = 0; i < x.aggregates.size(); ++i)
            if (x.aggregates[i].fn != y.aggregates[i].fn || !same(x.aggregates[i].arg, y.aggregates[i].arg)) return false;
          if (x.distinct != y.distinct || x.lock != y.lock || x.group_by.size() != y.group_by.size() || !x.having.empty() || !y.having.empty())
            return false;
          for (std::size_t i = 0; i < x.group_by.size(); ++i)
            if (!same(x.group_by[i], y.group_by[i])) return false;
          for (std::size_t i = 0; i < x.order_by.size(); ++i)
            if (x.order_by[i].descending != y.order_by[i].descending ||
                !same(x.order_by[i].expr, y.order_by[i].expr))
              return false;
          return x.includes.empty() && y.includes.empty() && same(x.filter, y.filter);
        } else if constexpr (std::is_same_v<T, stmt::Insert>) {
          if (x.columns != y.columns || x.rows.size() != y.rows.size()) return false;
          for (std::size_t r = 0; r < x.rows.size(); ++r)
            for (std::size_t i = 0; i < x.rows[r].size(); ++i)
              if (!same(x.rows[r][i], y.rows[r][i])) return false;
          return x.nested.empty() && y.nested.empty();
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          if (x.assignments.size() != y.assignments.size() || x.read_back != y.read_back) return false;
          for (std::size_t i = 0; i < x.assignments.size(); ++i)
            if (x.assignments[i].target != y.assignments[i].target || x.assignments[i].op != y.assignments[i].op ||
                !same(x.assignments[i].value, y.assignments[i].value))
              return false;
          return same(x.filter, y.filter);
        } else {
          return same(x.filter, y.filter);
        }
      },
      a);
}

stmt::Statement parameterize(const stmt::Statement& s) {
  std::size_t next = 0;
  return std::visit(
      [&](const auto& x) -> stmt::Statement {
        using T = std::decay_t<decltype(x)>;
        T out = x;
        if constexpr (std::is_same_v<T, stmt::Select>) {
          for (auto& a : out.aggregates) a.arg = param(a.arg, next);
          for (auto& g : out.group_by) g = param(g, next);
          for (auto& o : out.order_by) o.expr = param(o.expr, next);
          out.filter = param(x.filter, next);
        } else if constexpr (std::is_same_v<T, stmt::Insert>) {
          for (auto& row : out.rows)
            for (auto& v : row) v = param(v, next);
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          for (auto& a : out.assignments) a.value = param(a.value, next);
          out.filter = param(x.filter, next);
        } else {
          out.filter = param(x.filter, next);
        }
        return out;
      },
      s);
}

const PlanCache::Entry* PlanCache::find(std::size_t hash, const stmt::Statement& s) const {
  std::shared_lock lock(mu_);
  auto [lo, hi] = map_.equal_range(hash);
  for (auto it = lo; it != hi; ++it)
    if (same_shape(it->second->shape, s)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.get();
    }
  return nullptr;
}

const PlanCache::Entry* PlanCache::insert(std::size_t hash, std::unique_ptr<Entry> e) {
  std::unique_lock lock(mu_);
  auto [lo, hi] = map_.equal_range(hash);
  for (auto it = lo; it != hi; ++it)
    if (same_shape(it->second->shape, e->shape)) return it->second.get();  // another thread won
  if (map_.size() >= max_) return nullptr;
  return map_.emplace(hash, std::move(e))->second.get();
}

std::size_t PlanCache::size() const {
  std::shared_lock lock(mu_);
  return map_.size();
}

}  // namespace toasty::engine
