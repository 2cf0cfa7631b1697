// Key-value execution: runs a KvPlan with the driver's key-value operations, evaluates
// residual filters in memory, sorts, pages and projects (kv.hpp has the rules).
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

#include "core/text.hpp"
#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "engine/seek.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace kv {

namespace {

const Value& operand(const stmt::ExprPtr& e, const Value* row) {
  if (!e) throw InvalidStatement("toasty: empty expression in a key-value filter");
  if (auto* v = std::get_if<stmt::ExprValue>(&e->node)) return v->value;
  if (auto* c = std::get_if<stmt::ExprColumn>(&e->node)) return row[c->column];
  throw InvalidStatement("toasty: a key-value filter compares something that is neither a column nor a value");
}

bool numeric(const Value& v) { return v.is_i64() || v.is_u64() || v.is_f64() || v.is_bool(); }

}  // namespace

std::optional<int> compare(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (numeric(a) && numeric(b)) {
    auto integral = [](const Value& v) { return v.is_i64() || v.is_u64() || v.is_bool(); };
    if (integral(a) && integral(b)) {
      auto as_signed = [](const Value& v, bool& neg) -> std::uint64_t {
        neg = false;
        if (v.is_bool()) return v.as_bool() ? 1 : 0;
        if (v.is_u64()) return v.as_u64();
        std::int64_t i = v.as_i64();
        if (i < 0) {
          neg = true;
          return static_cast<std::uint64_t>(-(i + 1)) + 1;
        }
        return static_cast<std::uint64_t>(i);
      };
      bool na = false, nb = false;
      std::uint64_t ma = as_signed(a, na), mb = as_signed(b, nb);
      if (na != nb) return na ? -1 : 1;
      return na ? sign(mb, ma) : sign(ma, mb);
    }
    auto as_ld = [](const Value& v) -> long double {
      if (v.is_bool()) return v.as_bool() ? 1 : 0;
      if (v.is_u64()) return static_cast<long double>(v.as_u64());
      if (v.is_i64()) return static_cast<long double>(v.as_i64());
      return static_cast<long double>(v.as_f64());
    };
    long double x = as_ld(a), y = as_ld(b);
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return sign(x, y);
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());  // char_traits<char>: bytewise, unsigned
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_uuid() && b.is_uuid()) {
    auto c = a.as_uuid() <=> b.as_uuid();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_timestamp() && b.is_timestamp()) return sign(a.as_timestamp(), b.as_timestamp());
  if (a.is_date() && b.is_date()) return sign(a.as_date(), b.as_date());
  if (a.is_datetime() && b.is_datetime()) return sign(a.as_datetime(), b.as_datetime());
  if (a.is_time() && b.is_time()) return sign(a.as_time(), b.as_time());
  if (a.is_decimal() && b.is_decimal()) {
    auto c = a.as_decimal() <=> b.as_decimal();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_bytes() && b.is_bytes()) {
    const Bytes& x = a.as_bytes();
    const Bytes& y = b.as_bytes();
    if (std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end())) return -1;
    if (std::lexicographical_compare(y.begin(), y.end(), x.begin(), x.end())) return 1;
    return 0;
  }
  return std::nullopt;
}

bool row_before(const Value* x, const Value* y, const std::vector<std::pair<std::size_t, bool>>& by) {
  for (const auto& [c, desc] : by) {
    const Value& a = x[c];
    const Value& b = y[c];
    if (a.is_null() != b.is_null()) return desc ? b.is_null() : a.is_null();  // NULLs first ascending
    if (a.is_null()) continue;
    auto r = compare(a, b);
    if (r && *r != 0) return desc ? *r > 0 : *r < 0;
  }
  return false;
}

std::optional<bool> eval(const stmt::ExprPtr& e, const Value* row) {
  if (!e) return true;
  return std::visit(
      [&](const auto& n) -> std::optional<bool> {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprAnd>) {
          bool unknown = false;
          for (const auto& o : n.operands) {
            auto r = eval(o, row);
            if (r && !*r) return false;
            if (!r) unknown = true;
          }
          if (unknown) return std::nullopt;
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprOr>) {
          bool unknown = false;
          for (const auto& o : n.operands) {
            auto r = eval(o, row);
            if (r && *r) return true;
            if (!r) unknown = true;
          }
          if (unknown) return std::nullopt;
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
          auto r = eval(n.operand, row);
          if (!r) return std::nullopt;
          return !*r;
        } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
          return operand(n.operand, row).is_null();
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          const Value& a = operand(n.lhs, row);
          const Value& b = operand(n.rhs, row);
          if (a.is_null() || b.is_null()) return std::nullopt;
          auto c = compare(a, b);
          if (!c) {  // different kinds: only "not equal" holds
            if (n.op == stmt::BinaryOp::Eq) return false;
            if (n.op == stmt::BinaryOp::Ne) return true;
            return std::nullopt;
          }
          switch (n.op) {
            case stmt::BinaryOp::Eq: return *c == 0;
            case stmt::BinaryOp::Ne: return *c != 0;
            case stmt::BinaryOp::Lt: return *c < 0;
            case stmt::BinaryOp::Le: return *c <= 0;
            case stmt::BinaryOp::Gt: return *c > 0;
            case stmt::BinaryOp::Ge: return *c >= 0;
          }
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          const Value& a = operand(n.lhs, row);
          if (n.list.empty()) return false;
          if (a.is_null()) return std::nullopt;
          bool unknown = false;
          for (const auto& item : n.list) {
            const Value& b = operand(item, row);
            if (b.is_null()) {
              unknown = true;
              continue;
            }
            auto c = compare(a, b);
            if (c && *c == 0) return true;
          }
          if (unknown) return std::nullopt;
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          const Value& a = operand(n.lhs, row);
          const Value& p = operand(n.prefix, row);
          if (a.is_null() || p.is_null()) return std::nullopt;
          if (!a.is_string() || !p.is_string()) return false;
          // ignore_case: the pattern is folded already; the text is folded here (A-Z only).
          const std::string folded = n.ignore_case ? toasty::text::ascii_lower(a.as_string()) : std::string();
          const std::string& s = n.ignore_case ? folded : a.as_string();
          const std::string& x = p.as_string();
          switch (n.kind) {
            case stmt::ExprTextMatch::Kind::StartsWith: return s.compare(0, x.size(), x) == 0;
            case stmt::ExprTextMatch::Kind::EndsWith:
              return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
            case stmt::ExprTextMatch::Kind::Contains: return s.find(x) != std::string::npos;
            case stmt::ExprTextMatch::Kind::Equals: return s == x;
            case stmt::ExprTextMatch::Kind::Like: return toasty::text::like_match(s, x, stmt::ExprTextMatch::kLikeEscape);
          }
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          const Value& a = operand(n.lhs, row);
          if (a.is_null()) return std::nullopt;
          if (!a.is_list()) return false;
          const Value::List& have = a.as_list();
          if (n.kind == stmt::ExprListOp::Kind::IsEmpty) return have.empty();
          const Value& w = operand(n.values, row);
          if (!w.is_list()) return std::nullopt;
          auto holds = [&](const Value& x) {
            return std::any_of(have.begin(), have.end(), [&](const Value& h) {
              auto c = compare(h, x);
              return c && *c == 0;
            });
          };
          const Value::List& want = w.as_list();
          if (n.kind == stmt::ExprListOp::Kind::ContainsAll) return std::all_of(want.begin(), want.end(), holds);
          return std::any_of(want.begin(), want.end(), holds);
        } else if constexpr (std::is_same_v<T, stmt::ExprValue>) {
          if (n.value.is_null()) return std::nullopt;
          if (n.value.is_bool()) return n.value.as_bool();
          throw InvalidStatement("toasty: a key-value filter uses a non-boolean value as a condition");
        } else {
          throw InvalidStatement("toasty: this expression cannot be evaluated in a key-value filter");
        }
      },
      e->node);
}

}  // namespace kv

namespace {

using stmt::ExprPtr;

// Rewrites `e` bottom-up: `leaf` may replace a node (return non-null) before recursion.
template <class Leaf>
ExprPtr rewrite(const ExprPtr& e, Leaf&& leaf) {
  if (!e) return e;
  if (ExprPtr r = leaf(e)) return r;
  return std::visit(
      [&](const auto& n) -> ExprPtr {
        using T = std::decay_t<decltype(n)>;
        auto all = [&](const std::vector<ExprPtr>& v) {
          std::vector<ExprPtr> out;
          out.reserve(v.size());
          for (const auto& x : v) out.push_back(rewrite(x, leaf));
          return out;
        };
        if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          return stmt::binary(n.op, rewrite(n.lhs, leaf), rewrite(n.rhs, leaf));
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd>) {
          return std::make_shared<const stmt::Expr>(stmt::Expr{stmt::ExprAnd{all(n.operands)}});
        } else if constexpr (std::is_same_v<T, stmt::ExprOr>) {
          return std::make_shared<const stmt::Expr>(stmt::Expr{stmt::ExprOr{all(n.operands)}});
        } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
          return stmt::not_(rewrite(n.operand, leaf));
        } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
          return stmt::is_null(rewrite(n.operand, leaf));
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          return stmt::in_list(rewrite(n.lhs, leaf), all(n.list));
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          return stmt::text_match(n, rewrite(n.lhs, leaf), rewrite(n.prefix, leaf));
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          return stmt::list_op(n.kind, rewrite(n.lhs, leaf), rewrite(n.values, leaf));
        } else {
          return e;
        }
      },
      e->node);
}

ExprPtr bind_args(const ExprPtr& e, std::span<const Value* const> args) {
  if (args.empty()) return e;
  return rewrite(e, [&](const ExprPtr& x) -> ExprPtr {
    if (auto* a = std::get_if<stmt::ExprArg>(&x->node)) {
      if (a->index >= args.size()) throw InvalidStatement("toasty: statement argument out of range");
      return stmt::value(*args[a->index]);
    }
    if (auto* sq = std::get_if<stmt::ExprInSubquery>(&x->node)) {
      auto sub = std::make_shared<stmt::Select>(*sq->query);
      sub->filter = bind_args(sub->filter, args);
      return stmt::in_subquery(sq->lhs, std::move(sub), sq->negate);
    }
    return nullptr;
  });
}

const Value& value_of(const ExprPtr& e) {
  if (auto* v = std::get_if<stmt::ExprValue>(&e->node)) return v->value;
  throw InvalidStatement("toasty: a key-value write needs literal values");
}

std::size_t node_count(const ExprPtr& e) {
  if (!e) return 0;
  std::size_t n = 1;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          n += node_count(x.lhs) + node_count(x.rhs);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : x.operands) n += node_count(o);
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          n += node_count(x.operand);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          n += 1 + x.list.size();
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          n += 2;
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          n += node_count(x.lhs) + node_count(x.values);
        }
      },
      e->node);
  return n;
}

// The items of insert `s` (literal values) and the rows it returns, without writing them.
StagedInsert stage(const Schema& schema, std::size_t table_id, const stmt::Insert& s,
                   const std::vector<std::size_t>& unique_upkeep) {
  std::vector<std::vector<Value>> rows;
  rows.reserve(s.rows.size());
  for (const auto& row : s.rows) {
    if (row.size() != s.columns.size()) throw InvalidStatement("toasty: insert row has the wrong number of values");
    std::vector<Value> r;
    r.reserve(row.size());
    for (const auto& e : row) r.push_back(value_of(e));
    rows.push_back(std::move(r));
  }
  StagedInsert out;
  out.returned.affected = rows.size();
  out.returned.rows.width = s.returning.size();
  for (auto& r : rows)
    for (std::size_t c : s.returning) {
      auto it = std::find(s.columns.begin(), s.columns.end(), c);
      out.returned.rows.cells.push_back(it == s.columns.end() ? Value()
                                                              : r[static_cast<std::size_t>(it - s.columns.begin())]);
    }
  out.items = driver::InsertItems{&schema.db(), table_id, s.columns, std::move(rows), unique_upkeep};
  return out;
}

// A canonical text of a row's primary key, to remove duplicates.
std::string key_text(const db::Table& t, const Value* row) {
  std::string out;
  for (std::size_t k : t.primary_key) out += row[k].type_name() + ":" + row[k].debug_string() + '\x1f';
  return out;
}

struct Runner {
  const Schema& schema;
  driver::Connection& conn;
  // The statement allows full-table reads (Select::allow_full_scan, or the driver scans
  // implicitly): so do the subqueries it reads.
  bool allow_scan = false;
  // The plan of the statement this runner runs (its path, its subqueries' plans).
  const KvPlan* planned = nullptr;
  // Writes wait for a commit (exec_kv's `writes_wait`): items are read before they are written.
  bool writes_wait = false;

  // Subqueries read so far (their plans are planned->subqueries, in reading order).
  std::size_t subqueries_read = 0;

  // The access path of `filter`: the planned one, with the values read since planning
  // (subqueries) or bound (arguments) filled in.
  const kv::Access& path(const kv::Target& t, const ExprPtr& filter, bool scan, std::optional<kv::Access>& fresh) {
    if (planned && planned->path_final) return planned->path;
    fresh = planned ? kv::bind(t, planned->path, filter) : kv::analyze(t, filter, scan);
    return *fresh;
  }

  const db::Schema* db() const { return &schema.db(); }

  // The unique indexes the planned write keeps (KvPlan::unique_upkeep).
  const std::vector<std::size_t>& upkeep() const {
    static const std::vector<std::size_t> none;
    return planned ? planned->unique_upkeep : none;
  }

  static std::vector<std::size_t> all_columns(const db::Table& t) {
    std::vector<std::size_t> cols(t.columns.size());
    for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = i;
    return cols;
  }

  static void append(driver::Rows& dst, driver::Rows&& src) {
    if (src.size() == 0) return;
    if (dst.width != src.width) throw DatabaseError("toasty: key-value driver returned rows of the wrong width");
    for (auto& v : src.cells) dst.cells.push_back(std::move(v));
  }

  driver::Rows get_by_key(const kv::Target& t, std::vector<std::vector<Value>> keys) {
    driver::Rows out;
    out.width = t.table.columns.size();
    if (keys.empty()) return out;
    auto r = conn.exec(driver::GetByKey{db(), t.table_id, all_columns(t.table), std::move(keys)});
    append(out, std::move(r.rows));
    return out;
  }

  // Every item `a` reads: all columns, in table order; a superset of the matches.
  // `start_after`: resume a single ordered read after the item with these column values
  // (a page's position).
  driver::Rows fetch(const kv::Target& t, const kv::Access& a, std::optional<std::uint64_t> limit, bool descending,
                     std::vector<std::pair<std::size_t, Value>> start_after = {}) {
    driver::Rows out;
    out.width = t.table.columns.size();
    switch (a.kind) {
      case kv::Access::Kind::Empty: return out;
      case kv::Access::Kind::Keys: return get_by_key(t, a.keys);
      case kv::Access::Kind::Unique: {
        std::vector<std::vector<Value>> keys;
        for (const auto& v : a.unique_values) {
          auto r = conn.exec(driver::FindPkByUnique{db(), t.table_id, a.index, v});
          for (std::size_t i = 0; i < r.rows.size(); ++i)
            keys.emplace_back(r.rows.row(i), r.rows.row(i) + r.rows.width);
        }
        return get_by_key(t, std::move(keys));
      }
      case kv::Access::Kind::Query:
        for (const auto& q : a.queries) {
          driver::QueryPk op{db(), t.table_id, a.query_index, all_columns(t.table), q.partition, q.sort,
                             a.driver_filter, descending, limit, start_after};
          append(out, conn.exec(op).rows);
        }
        return out;
      case kv::Access::Kind::Scan:
        append(out, conn.exec(driver::Scan{db(), t.table_id, all_columns(t.table), a.driver_filter, limit}).rows);
        return out;
      case kv::Access::Kind::Union: {
        std::vector<std::vector<Value>> keys;
        driver::Rows all;
        all.width = out.width;
        for (const auto& p : a.parts) {
          if (p.kind == kv::Access::Kind::Keys)
            keys.insert(keys.end(), p.keys.begin(), p.keys.end());
          else
            append(all, fetch(t, p, std::nullopt, false));
        }
        append(all, get_by_key(t, std::move(keys)));
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < all.size(); ++i)
          if (seen.insert(key_text(t.table, all.row(i))).second)
            for (std::size_t c = 0; c < all.width; ++c) out.cells.push_back(std::move(all.row(i)[c]));
        return out;
      }
    }
    return out;
  }

  static driver::Rows counted(std::uint64_t n) {
    driver::Rows rows;
    rows.width = 1;
    rows.cells.push_back(Value(n));
    return rows;
  }

  // The one Query or Scan of `a`, counted by the database.
  driver::Response count_read(const kv::Target& t, const kv::Access& a) {
    if (a.kind == kv::Access::Kind::Scan) {
      driver::Scan op{db(), t.table_id, {}, a.driver_filter, std::nullopt};
      op.count_only = true;
      return conn.exec(op);
    }
    const auto& q = a.queries.at(0);
    driver::QueryPk op{db(), t.table_id, a.query_index, {}, q.partition, q.sort, a.driver_filter, false, std::nullopt};
    op.count_only = true;
    return conn.exec(op);
  }

  // Reads the subqueries of `e` and puts their results in place: IN lists, or ORs of
  // ANDs for several columns.
  ExprPtr materialize(const kv::Target& outer, const ExprPtr& e) {
    return rewrite(e, [&](const ExprPtr& x) -> ExprPtr {
      auto* sq = std::get_if<stmt::ExprInSubquery>(&x->node);
      if (!sq) return nullptr;
      kv::Target st = kv::target(schema, sq->query->target,
                                 ", read by a relation filter (subquery) of the query on table \"" + outer.table.name +
                                     "\"" + outer.context,
                                 outer.backend);
      const KvPlan* sub_plan = nullptr;
      if (planned && subqueries_read < planned->subqueries.size()) sub_plan = planned->subqueries[subqueries_read].get();
      ++subqueries_read;
      Runner sub{schema, conn, allow_scan, sub_plan};
      driver::Response r = sub.select(st, *sq->query);
      ExprPtr out;
      if (sq->lhs.size() == 1) {
        std::vector<ExprPtr> list;
        std::set<std::string> seen;
        bool null_seen = false;
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
          const Value& v = r.rows.row(i)[0];
          if (v.is_null()) {
            if (!null_seen) list.push_back(stmt::value(Value()));
            null_seen = true;
          } else if (seen.insert(v.type_name() + ":" + v.debug_string()).second) {
            list.push_back(stmt::value(v));
          }
        }
        out = stmt::in_list(sq->lhs[0], std::move(list));
      } else if (r.rows.size() == 0) {
        out = stmt::in_list(sq->lhs[0], {});
      } else {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
          std::string id;
          for (std::size_t c = 0; c < r.rows.width; ++c) id += r.rows.row(i)[c].debug_string() + '\x1f';
          if (!seen.insert(id).second) continue;
          ExprPtr all;
          for (std::size_t c = 0; c < sq->lhs.size(); ++c)
            all = stmt::and_(all, stmt::binary(stmt::BinaryOp::Eq, sq->lhs[c], stmt::value(r.rows.row(i)[c])));
          out = stmt::or_(out, all);
        }
      }
      return sq->negate ? stmt::not_(out) : out;
    });
  }

  // The rows (all columns) `filter` matches, through `a`.
  driver::Rows matching(const kv::Target& t, const kv::Access& a, const ExprPtr& filter,
                        std::optional<std::uint64_t> limit = std::nullopt, bool descending = false,
                        std::vector<std::pair<std::size_t, Value>> start_after = {}) {
    driver::Rows rows = fetch(t, a, limit, descending, std::move(start_after));
    driver::Rows out;
    out.width = rows.width;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto ok = kv::eval(filter, rows.row(i));
      if (ok && *ok)
        for (std::size_t c = 0; c < rows.width; ++c) out.cells.push_back(std::move(rows.row(i)[c]));
    }
    return out;
  }

  driver::Response select(const kv::Target& t, const stmt::Select& s) {
    ExprPtr filter = materialize(t, s.filter);
    std::optional<kv::Access> fresh;
    const kv::Access& a = path(t, filter, allow_scan || s.allow_full_scan, fresh);
    kv::Ordering o = planned && planned->ordering ? *planned->ordering : kv::check_order(t, a, filter, kv::ordering_keys(s));
    // One operation whose items come in the order asked for: the limit goes to the driver.
    bool single = (a.kind == kv::Access::Kind::Query && a.queries.size() == 1) || a.kind == kv::Access::Kind::Scan;
    bool native = single && o.column && !o.in_memory;
    // A page after a position: a native order resumes at the position's key; anything
    // sorted here is read whole, checked against the position and sorted by every entry.
    // Every page of such a read, the first included, sorts by the whole order, so that the
    // pages after it continue it exactly.
    std::vector<std::pair<std::size_t, Value>> start_after;
    const bool page_here = !native && (s.seek_after || s.tie_breakers > 0);
    const bool seek_here = page_here && s.seek_after;
    if (s.seek_after && native)
      for (std::size_t i = 0; i < s.order_by.size(); ++i)
        if (auto col = kv::column_of(s.order_by[i].expr)) start_after.emplace_back(*col, s.seek_after->at(i));
    if (s.count && single && a.exact && !s.limit && !s.offset && !s.seek_after) {
      // Every item the one read matches is counted: the database counts (Select=COUNT).
      driver::Response r = count_read(t, a);
      if (r.rows.size() == 0) r.rows = counted(0);
      return r;
    }
    std::optional<std::uint64_t> limit;
    if (single && a.exact && !o.in_memory && !page_here && s.limit) limit = *s.limit + s.offset.value_or(0);
    bool descending = native && o.descending;
    driver::Rows rows = matching(t, a, filter, limit, descending, std::move(start_after));
    std::vector<std::size_t> order;
    order.reserve(rows.size());
    ExprPtr after = seek_here ? seek_filter(s.order_by, *s.seek_after) : nullptr;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto ok = after ? kv::eval(after, rows.row(i)) : std::optional<bool>(true);
      if (ok && *ok) order.push_back(i);
    }
    // Sorted here: by the one column the backend could not order by, or, for a page, by
    // every entry of the order (pagination's tie-breakers included).
    std::vector<std::pair<std::size_t, bool>> sort_by;
    if (o.column && o.in_memory) sort_by.emplace_back(*o.column, o.descending);
    if (page_here) {
      sort_by.clear();
      for (const auto& ob : s.order_by)
        if (auto col = kv::column_of(ob.expr)) sort_by.emplace_back(*col, ob.descending);
    }
    if (!sort_by.empty()) {
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t x, std::size_t y) { return kv::row_before(rows.row(x), rows.row(y), sort_by); });
    }
    std::size_t begin = std::min<std::size_t>(order.size(), s.offset.value_or(0));
    std::size_t end = order.size();
    if (s.limit) end = std::min<std::size_t>(end, begin + *s.limit);
    driver::Response out;
    if (s.count) {  // counted here: what the read returned, filtered, paged
      out.rows = counted(end - begin);
      return out;
    }
    out.rows.width = s.returning.size();
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t c : s.returning)
        out.rows.cells.push_back(c == stmt::kUnread ? Value() : std::move(rows.row(order[i])[c]));
    return out;
  }

  // The select as a stream (stream_kv): its Query or Scan reads through driver cursors, in
  // the order the backend returns them; reads by key are read whole.
  std::unique_ptr<RowStream> stream(const kv::Target& t, const stmt::Select& s, std::shared_ptr<const KvPlan> keep);

  // Keys of the items `filter` matches; `read` tells whether they were read (then the
  // filter was checked in memory) or come straight from the filter.
  // `items`, when given, receives the items read (every column, in table order).
  std::vector<std::vector<Value>> keys_of(const kv::Target& t, const kv::Access& a, const ExprPtr& filter, bool& read,
                                          driver::Rows* items = nullptr) {
    if (a.kind == kv::Access::Kind::Keys && kv::driver_filterable(filter) && !writes_wait) {
      read = false;
      return a.keys;
    }
    read = true;
    driver::Rows rows = matching(t, a, filter);
    if (items) *items = rows;
    std::vector<std::vector<Value>> keys;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<Value> k;
      for (std::size_t c : t.table.primary_key) k.push_back(rows.row(i)[c]);
      keys.push_back(std::move(k));
    }
    return keys;
  }

  // The condition a write re-checks on the item: the filter, unless it is too big for an
  // expression (then the items were just read and matched).
  static ExprPtr condition(const ExprPtr& filter, bool read) {
    if (!kv::driver_filterable(filter)) return nullptr;
    if (read && node_count(filter) > 200) return nullptr;
    return filter;
  }

  // The items a write's filter selects: their keys, and the condition each write re-checks.
  struct Writes {
    std::vector<std::vector<Value>> keys;
    ExprPtr condition;
    driver::Rows items;  // the items, when they were read (writes_wait)
  };
  Writes writes(const kv::Target& t, const ExprPtr& raw_filter, bool allow_full_scan) {
    ExprPtr filter = materialize(t, raw_filter);
    std::optional<kv::Access> fresh;
    const kv::Access& a = path(t, filter, allow_scan || allow_full_scan, fresh);
    bool read = false;
    Writes w;
    w.keys = keys_of(t, a, filter, read, &w.items);
    w.condition = condition(filter, read);
    return w;
  }

  driver::Response update(const kv::Target& t, const stmt::Update& u) {
    Writes w = writes(t, u.filter, u.allow_full_scan);
    std::vector<std::pair<std::size_t, Value>> assignments;
    std::vector<driver::ComputedAssignment> computed;
    using Op = driver::ComputedAssignment::Op;
    for (const auto& as : u.assignments) {
      if (as.op != stmt::Assignment::Op::Set) {
        computed.push_back({as.target, as.op == stmt::Assignment::Op::Add ? Op::Add : Op::Sub, value_of(as.value)});
      } else if (auto source = kv::column_of(as.value)) {
        computed.push_back({as.target, Op::Copy, Value(), *source});
      } else {
        assignments.emplace_back(as.target, value_of(as.value));
      }
    }
    driver::Response out;
    out.rows.width = u.returning.size();
    // Writes that wait for a commit (a DynamoDB transaction): the items were read, and with
    // values only, what the update makes of them is known here.
    const bool known_here = writes_wait && computed.empty() && w.items.size() == w.keys.size();
    for (std::size_t i = 0; known_here && !u.returning.empty() && i < w.items.size(); ++i) {
      Value* item = w.items.row(i);
      for (const auto& [col, v] : assignments) item[col] = v;
      for (std::size_t c : u.returning) out.rows.cells.push_back(item[c]);
    }
    for (auto& k : w.keys) {
      driver::Response r = conn.exec(driver::UpdateByKey{db(), t.table_id, std::move(k), assignments, w.condition,
                                                         upkeep(), computed, !u.returning.empty() && !known_here});
      out.affected += r.affected;
      for (std::size_t i = 0; i < r.rows.size(); ++i)  // every column of the table: those asked for
        for (std::size_t c : u.returning) out.rows.cells.push_back(std::move(r.rows.row(i)[c]));
    }
    return out;
  }

  driver::Response remove(const kv::Target& t, const stmt::Delete& d) {
    Writes w = writes(t, d.filter, d.allow_full_scan);
    driver::Response out;
    if (w.keys.empty()) return out;
    out.affected = conn.exec(driver::DeleteByKey{db(), t.table_id, std::move(w.keys), w.condition, upkeep()}).affected;
    return out;
  }

  driver::Response insert(const kv::Target& t, const stmt::Insert& s) {
    StagedInsert staged = stage(schema, t.table_id, s, upkeep());
    staged.returned.affected = conn.exec(staged.items).affected;
    return std::move(staged.returned);
  }
};

// The rows of a key-value select, one at a time: its reads' items, cursor after cursor,
// checked against the filter (what the driver could not filter), skipped to the offset and
// cut at the limit, projected to the select's columns.
class KvStream final : public RowStream {
 public:
  KvStream(driver::Connection& conn, std::vector<driver::Operation> reads, std::size_t table_width, ExprPtr filter,
           const stmt::Select& s, std::shared_ptr<const KvPlan> plan)
      : conn_(conn), reads_(std::move(reads)), filter_(std::move(filter)), returning_(s.returning),
        skip_(s.offset.value_or(0)), left_(s.limit), full_(table_width), out_(s.returning.size()),
        plan_(std::move(plan)) {}

  Value* next() override {
    for (;;) {
      if (left_ && *left_ == 0) {
        cursor_.reset();
        return nullptr;
      }
      if (!cursor_) {
        if (next_read_ >= reads_.size()) return nullptr;
        cursor_ = conn_.open_cursor(reads_[next_read_++]);
      }
      if (!cursor_->next(full_.data())) {
        cursor_.reset();
        continue;
      }
      auto ok = kv::eval(filter_, full_.data());
      if (!ok || !*ok) continue;
      if (skip_ > 0) {
        --skip_;
        continue;
      }
      for (std::size_t i = 0; i < returning_.size(); ++i)
        out_[i] = returning_[i] == stmt::kUnread ? Value() : std::move(full_[returning_[i]]);
      if (left_) --*left_;
      ++delivered_;
      return out_.data();
    }
  }
  std::uint64_t delivered() const override { return delivered_; }

 private:
  driver::Connection& conn_;
  std::vector<driver::Operation> reads_;
  std::size_t next_read_ = 0;
  std::unique_ptr<driver::Cursor> cursor_;
  ExprPtr filter_;
  std::vector<std::size_t> returning_;
  std::uint64_t skip_;
  std::optional<std::uint64_t> left_;
  std::vector<Value> full_;  // one item, every column of the table
  std::vector<Value> out_;
  std::uint64_t delivered_ = 0;
  std::shared_ptr<const KvPlan> plan_;  // what the reads' filters come from
};

std::unique_ptr<RowStream> Runner::stream(const kv::Target& t, const stmt::Select& s, std::shared_ptr<const KvPlan> keep) {
  if (s.seek_after || s.tie_breakers > 0 || s.count)
    throw InvalidStatement("toasty: a page or a count is not read as a stream");
  ExprPtr filter = materialize(t, s.filter);
  std::optional<kv::Access> fresh;
  const kv::Access& a = path(t, filter, allow_scan || s.allow_full_scan, fresh);
  if (a.kind != kv::Access::Kind::Query && a.kind != kv::Access::Kind::Scan)
    return stream_rows(select(t, s).rows);  // as many items as the filter names keys
  kv::Ordering o = planned && planned->ordering ? *planned->ordering : kv::check_order(t, a, filter, kv::ordering_keys(s));
  if (o.column && o.in_memory)
    kv::refuse(t, "stream() hands out items in the order " + t.backend + " reads them, and ordering by \"" +
                      t.table.columns[*o.column].name +
                      "\" here would sort every item in memory first (only one partition's sort key comes in "
                      "order): order by that sort key within one partition, drop the order_by, or use exec() or "
                      "paginate()");
  const bool single = (a.kind == kv::Access::Kind::Query && a.queries.size() == 1) || a.kind == kv::Access::Kind::Scan;
  const bool descending = single && o.column && o.descending;
  std::optional<std::uint64_t> limit;
  if (single && a.exact && s.limit) limit = *s.limit + s.offset.value_or(0);
  std::vector<driver::Operation> reads;
  if (a.kind == kv::Access::Kind::Scan) {
    reads.emplace_back(driver::Scan{db(), t.table_id, all_columns(t.table), a.driver_filter, limit});
  } else {
    for (const auto& q : a.queries)
      reads.emplace_back(driver::QueryPk{db(), t.table_id, a.query_index, all_columns(t.table), q.partition, q.sort,
                                         a.driver_filter, descending, limit});
  }
  return std::make_unique<KvStream>(conn, std::move(reads), t.table.columns.size(), std::move(filter), s,
                                    std::move(keep));
}

std::size_t statement_table(const stmt::Statement& s) {
  return std::visit([](const auto& x) { return x.target; }, s);
}

}  // namespace

driver::Response exec_kv(const Schema& schema, const KvPlan& plan, driver::Connection& conn,
                         std::span<const Value* const> args, bool writes_wait) {
  bool allow_scan = std::visit(
      [](const auto& s) {
        if constexpr (std::is_same_v<std::decay_t<decltype(s)>, stmt::Insert>) return false;
        else return s.allow_full_scan;
      },
      plan.statement);
  Runner run{schema, conn, allow_scan, &plan};
  run.writes_wait = writes_wait;
  kv::Target t = kv::target(schema, statement_table(plan.statement), "", plan.backend);
  return std::visit(
      [&](const auto& s) -> driver::Response {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, stmt::Select>) {
          if (args.empty()) return run.select(t, s);
          stmt::Select b = s;
          b.filter = bind_args(b.filter, args);
          return run.select(t, b);
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          stmt::Update b = s;
          b.filter = bind_args(b.filter, args);
          for (auto& a : b.assignments) a.value = bind_args(a.value, args);
          return run.update(t, b);
        } else if constexpr (std::is_same_v<T, stmt::Delete>) {
          stmt::Delete b = s;
          b.filter = bind_args(b.filter, args);
          return run.remove(t, b);
        } else {
          if (args.empty()) return run.insert(t, s);
          stmt::Insert b = s;
          for (auto& row : b.rows)
            for (auto& e : row) e = bind_args(e, args);
          return run.insert(t, b);
        }
      },
      plan.statement);
}

std::unique_ptr<RowStream> stream_kv(const Schema& schema, std::shared_ptr<const KvPlan> plan, driver::Connection& conn) {
  const auto* s = std::get_if<stmt::Select>(&plan->statement);
  if (!s) throw InvalidStatement("toasty: only a select is read as a stream");
  Runner run{schema, conn, s->allow_full_scan, plan.get()};
  kv::Target t = kv::target(schema, s->target, "", plan->backend);
  return run.stream(t, *s, plan);
}

StagedInsert stage_insert(const Schema& schema, const KvPlan& plan) {
  const auto* s = std::get_if<stmt::Insert>(&plan.statement);
  if (!s) throw InvalidStatement("toasty: only an insert can be staged");
  return stage(schema, s->target, *s, plan.unique_upkeep);
}

driver::Response exec_kv_db(const Schema& schema, const stmt::Statement& db_statement, driver::Connection& conn,
                            const driver::Capability& cap) {
  const std::size_t model_id = kv::model_of_table(schema, statement_table(db_statement)).value_or(0);
  return exec_kv(schema, *plan_kv(schema, model_id, db_statement, cap), conn);
}

}  // namespace toasty::engine
