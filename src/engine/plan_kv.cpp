// Key-value planning: which keys and indexes serve a db statement's filter (kv.hpp has
// the rules). Planning checks that every part of a statement has an access path, so a
// query DynamoDB cannot serve is refused before anything is read or written; execution
// (exec_kv.cpp) runs the chosen path; where values are read while the plan runs
// (subqueries) or bound to it (arguments), it fills them into the same reads (kv::bind).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace kv {

std::optional<std::size_t> column_of(const stmt::ExprPtr& e) {
  if (!e) return std::nullopt;
  if (auto* c = std::get_if<stmt::ExprColumn>(&e->node)) return c->column;
  return std::nullopt;
}

namespace {

using stmt::ExprPtr;

// Nested ORs are distributed at most this deep, into at most this many paths.
constexpr int kMaxOrDepth = 3;
constexpr std::size_t kMaxPaths = 10000;

std::vector<ExprPtr> conjuncts(const ExprPtr& e) {
  std::vector<ExprPtr> out;
  if (!e) return out;
  if (auto* a = std::get_if<stmt::ExprAnd>(&e->node)) {
    for (const auto& o : a->operands) {
      auto sub = conjuncts(o);
      out.insert(out.end(), sub.begin(), sub.end());
    }
  } else {
    out.push_back(e);
  }
  return out;
}

// A value known now (ExprValue) or only at execution (ExprArg).
bool is_value(const ExprPtr& e) {
  return e && (std::holds_alternative<stmt::ExprValue>(e->node) || std::holds_alternative<stmt::ExprArg>(e->node));
}
bool is_known(const ExprPtr& e) { return e && std::holds_alternative<stmt::ExprValue>(e->node); }
Value value_of(const ExprPtr& e) {
  if (auto* v = std::get_if<stmt::ExprValue>(&e->node)) return v->value;
  return Value();
}

// Text that is equal for equal values (1 as i64, u64, f64 or true alike).
std::string norm(const Value& v) {
  if (v.is_null()) return "N";
  if (v.is_bool()) return v.as_bool() ? "n1" : "n0";
  if (v.is_i64()) return "n" + std::to_string(v.as_i64());
  if (v.is_u64()) return "n" + std::to_string(v.as_u64());
  if (v.is_f64()) {
    double d = v.as_f64();
    if (std::floor(d) == d && std::fabs(d) < 9.2e18) return "n" + std::to_string(static_cast<std::int64_t>(d));
    return "f" + v.debug_string();
  }
  if (v.is_string()) return "s" + v.as_string();
  if (v.is_uuid()) return "u" + v.as_uuid().to_string();
  if (v.is_timestamp()) return "t" + std::to_string(v.as_timestamp().time_since_epoch().count());
  if (v.is_date()) return "d" + format_date(v.as_date());
  if (v.is_datetime()) return "l" + std::to_string(v.as_datetime().time_since_epoch().count());
  if (v.is_time()) return "h" + std::to_string(v.as_time().since_midnight.count());
  if (v.is_decimal()) return "m" + v.as_decimal().normalized().to_string();  // 1.10 pins as 1.1
  const Bytes& b = v.as_bytes();
  return "b" + std::string(b.begin(), b.end());
}

// `column = value` or `column IN (values)`: the column is pinned to those values.
struct Pin {
  std::size_t column = 0;
  std::vector<Value> values;  // distinct, without NULL (which equals nothing)
  bool unknown = false;       // values known only at execution (arguments, subqueries)
  std::size_t conjunct = 0;
  bool exact = true;          // the conjunct says exactly this (an IN over several columns does not)
};

std::vector<Pin> pins_of(const ExprPtr& e, std::size_t index) {
  std::vector<Pin> out;
  auto add_values = [](Pin& p, const std::vector<ExprPtr>& list) {
    std::set<std::string> seen;
    for (const auto& item : list) {
      if (!is_known(item)) {
        p.unknown = true;
        continue;
      }
      Value v = value_of(item);
      if (v.is_null()) continue;
      if (seen.insert(norm(v)).second) p.values.push_back(std::move(v));
    }
  };
  if (auto* b = std::get_if<stmt::ExprBinary>(&e->node)) {
    if (b->op != stmt::BinaryOp::Eq) return out;
    auto col = column_of(b->lhs);
    ExprPtr val = b->rhs;
    if (!col || !is_value(val)) {
      col = column_of(b->rhs);
      val = b->lhs;
    }
    if (!col || !is_value(val)) return out;
    Pin p;
    p.column = *col;
    p.conjunct = index;
    add_values(p, {val});
    out.push_back(std::move(p));
  } else if (auto* in = std::get_if<stmt::ExprInList>(&e->node)) {
    auto col = column_of(in->lhs);
    if (!col) return out;
    for (const auto& item : in->list)
      if (!is_value(item)) return out;
    Pin p;
    p.column = *col;
    p.conjunct = index;
    add_values(p, in->list);
    out.push_back(std::move(p));
  } else if (auto* sq = std::get_if<stmt::ExprInSubquery>(&e->node)) {
    if (sq->negate) return out;
    for (const auto& l : sq->lhs) {
      auto col = column_of(l);
      if (!col) continue;
      Pin p;
      p.column = *col;
      p.conjunct = index;
      p.unknown = true;
      p.exact = sq->lhs.size() == 1;
      out.push_back(std::move(p));
    }
  }
  return out;
}

// The values of a pin as a list: one placeholder when they are unknown yet.
std::vector<Value> pin_values(const Pin& p) {
  if (p.unknown) {
    std::vector<Value> v = p.values;
    if (v.empty()) v.push_back(Value());
    return v;
  }
  return p.values;
}

bool is_empty_pin(const Pin& p) { return !p.unknown && p.values.empty(); }

std::vector<std::vector<Value>> product(const std::map<std::size_t, Pin>& pins, const std::vector<std::size_t>& cols) {
  std::vector<std::vector<Value>> out{{}};
  for (std::size_t c : cols) {
    std::vector<std::vector<Value>> next;
    for (const auto& prefix : out)
      for (const Value& v : pin_values(pins.at(c))) {
        next.push_back(prefix);
        next.back().push_back(v);
        if (next.size() > kMaxPaths)
          throw UnsupportedQuery("toasty: a key-value query would read more than " + std::to_string(kMaxPaths) +
                                 " keys; split it");
      }
    out = std::move(next);
  }
  return out;
}

bool references(const ExprPtr& e, std::size_t col) {
  if (!e) return false;
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprColumn>) {
          return n.column == col;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          return references(n.lhs, col) || references(n.rhs, col);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : n.operands)
            if (references(o, col)) return true;
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          return references(n.operand, col);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          return references(n.lhs, col);
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          return references(n.lhs, col) || references(n.prefix, col);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          return references(n.lhs, col) || references(n.values, col);
        } else if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
          for (const auto& l : n.lhs)
            if (references(l, col)) return true;
          return false;
        } else {
          return false;
        }
      },
      e->node);
}

void collect_columns(const ExprPtr& e, std::set<std::size_t>& out) {
  if (!e) return;
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprColumn>) {
          out.insert(n.column);
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          collect_columns(n.lhs, out);
          collect_columns(n.rhs, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : n.operands) collect_columns(o, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          collect_columns(n.operand, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          collect_columns(n.lhs, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          collect_columns(n.lhs, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          collect_columns(n.lhs, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
          for (const auto& l : n.lhs) collect_columns(l, out);
        }
      },
      e->node);
}

// The condition on sort-key column `scol` DynamoDB can apply while reading a partition.
struct SortPick {
  std::optional<driver::SortKeyCondition> cond;
  std::vector<std::size_t> consumed;  // conjuncts the condition stands for
  bool exact = true;                  // ... exactly
  bool empty = false;                 // the conditions contradict each other
};

SortPick pick_sort(const std::vector<ExprPtr>& conj, std::size_t scol, std::size_t skip) {
  using Op = driver::SortKeyCondition::Op;
  struct Bound {
    std::size_t conjunct;
    stmt::BinaryOp op;
    Value value;
  };
  std::optional<Bound> eq, lower, upper, prefix;
  for (std::size_t i = 0; i < conj.size(); ++i) {
    if (i == skip) continue;
    const ExprPtr& e = conj[i];
    if (auto* b = std::get_if<stmt::ExprBinary>(&e->node)) {
      stmt::BinaryOp op = b->op;
      ExprPtr val = b->rhs;
      auto col = column_of(b->lhs);
      if (!col || !is_value(val)) {
        col = column_of(b->rhs);
        val = b->lhs;
        switch (op) {
          case stmt::BinaryOp::Lt: op = stmt::BinaryOp::Gt; break;
          case stmt::BinaryOp::Le: op = stmt::BinaryOp::Ge; break;
          case stmt::BinaryOp::Gt: op = stmt::BinaryOp::Lt; break;
          case stmt::BinaryOp::Ge: op = stmt::BinaryOp::Le; break;
          default: break;
        }
      }
      if (!col || *col != scol || !is_value(val)) continue;
      Bound bd{i, op, value_of(val)};
      switch (op) {
        case stmt::BinaryOp::Eq: if (!eq) eq = bd; break;
        case stmt::BinaryOp::Gt:
        case stmt::BinaryOp::Ge: if (!lower) lower = bd; break;
        case stmt::BinaryOp::Lt:
        case stmt::BinaryOp::Le: if (!upper) upper = bd; break;
        default: break;
      }
    } else if (auto* sw = std::get_if<stmt::ExprTextMatch>(&e->node);
               sw && sw->kind == stmt::ExprTextMatch::Kind::StartsWith && !sw->ignore_case) {
      auto col = column_of(sw->lhs);
      if (col && *col == scol && is_value(sw->prefix) && !prefix)
        prefix = Bound{i, stmt::BinaryOp::Eq, value_of(sw->prefix)};
    }
  }
  SortPick out;
  auto single = [&](const Bound& b, Op op) {
    out.cond = driver::SortKeyCondition{op, b.value, Value()};
    out.consumed.push_back(b.conjunct);
  };
  auto op_of = [](stmt::BinaryOp op) {
    switch (op) {
      case stmt::BinaryOp::Lt: return Op::Lt;
      case stmt::BinaryOp::Le: return Op::Le;
      case stmt::BinaryOp::Gt: return Op::Gt;
      case stmt::BinaryOp::Ge: return Op::Ge;
      default: return Op::Eq;
    }
  };
  if (eq) {
    single(*eq, Op::Eq);
  } else if (lower && upper) {
    if (!lower->value.is_null() && !upper->value.is_null()) {
      auto c = compare(lower->value, upper->value);
      if (c && *c > 0) {
        out.empty = true;
        return out;
      }
    }
    out.cond = driver::SortKeyCondition{Op::Between, lower->value, upper->value};
    out.consumed = {lower->conjunct, upper->conjunct};
    out.exact = lower->op == stmt::BinaryOp::Ge && upper->op == stmt::BinaryOp::Le;
  } else if (prefix) {
    single(*prefix, Op::BeginsWith);
  } else if (lower) {
    single(*lower, op_of(lower->op));
  } else if (upper) {
    single(*upper, op_of(upper->op));
  }
  return out;
}

// The key and index reads a planned path uses (a Union: those of its parts). Execution
// binds the values read since planning into the same reads: it does not choose again.
struct Shape {
  bool keys = false;
  std::set<std::size_t> unique;                        // unique indexes
  std::set<std::optional<std::size_t>> query;          // QueryPk: the table (nullopt) or an index
  void add(const Access& a) {
    switch (a.kind) {
      case Access::Kind::Keys: keys = true; break;
      case Access::Kind::Unique: unique.insert(a.index); break;
      case Access::Kind::Query: query.insert(a.query_index); break;
      case Access::Kind::Union:
        for (const auto& p : a.parts) add(p);
        break;
      case Access::Kind::Empty:
      case Access::Kind::Scan: break;
    }
  }
};

// One access path for `conj` without distributing ORs, or nullopt. With a `shape`, only
// the reads it names.
std::optional<Access> try_paths(const Target& t, const std::vector<ExprPtr>& conj, const Shape* shape) {
  for (const auto& e : conj)
    if (auto* in = std::get_if<stmt::ExprInList>(&e->node); in && in->list.empty()) return Access{};  // IN (): nothing
  std::map<std::size_t, Pin> pins;
  for (std::size_t i = 0; i < conj.size(); ++i)
    for (Pin& p : pins_of(conj[i], i)) {
      auto it = pins.find(p.column);
      bool better = it == pins.end() || (it->second.unknown && !p.unknown) ||
                    (!p.unknown && !it->second.unknown && p.values.size() < it->second.values.size());
      if (better) pins[p.column] = std::move(p);
    }
  auto pinned = [&](std::size_t c) { return pins.count(c) > 0; };
  auto all_pinned = [&](const std::vector<std::size_t>& cols) {
    return std::all_of(cols.begin(), cols.end(), pinned);
  };
  auto any_empty = [&](const std::vector<std::size_t>& cols) {
    return std::any_of(cols.begin(), cols.end(), [&](std::size_t c) { return is_empty_pin(pins.at(c)); });
  };
  const db::Table& table = t.table;
  // 1. The whole primary key.
  if ((!shape || shape->keys) && all_pinned(table.primary_key)) {
    if (any_empty(table.primary_key)) return Access{};
    Access a;
    a.kind = Access::Kind::Keys;
    a.keys = product(pins, table.primary_key);
    return a;
  }
  // 2. A unique index.
  for (std::size_t i = 0; i < table.indexes.size(); ++i) {
    const db::Index& idx = table.indexes[i];
    if (!idx.unique || idx.columns.empty() || !all_pinned(idx.columns)) continue;
    if (shape && !shape->unique.count(i)) continue;
    if (any_empty(idx.columns)) return Access{};
    Access a;
    a.kind = Access::Kind::Unique;
    a.index = i;
    a.unique_values = product(pins, idx.columns);
    return a;
  }
  // 3. A partition of the table, 4. of a non-unique index.
  struct Candidate {
    std::optional<std::size_t> index;
    std::size_t pcol;
    std::optional<std::size_t> scol;
  };
  std::vector<Candidate> candidates;
  auto allowed = [&](std::optional<std::size_t> index) { return !shape || shape->query.count(index) > 0; };
  if (table.primary_key.size() == 2 && pinned(table.primary_key[0]) && allowed(std::nullopt))
    candidates.push_back({std::nullopt, table.primary_key[0], table.primary_key[1]});
  for (std::size_t i = 0; i < table.indexes.size(); ++i) {
    const db::Index& idx = table.indexes[i];
    if (idx.unique || idx.columns.empty() || !pinned(idx.columns[0]) || !allowed(i)) continue;
    std::optional<std::size_t> scol;
    if (idx.columns.size() > 1) scol = idx.columns[1];
    candidates.push_back({i, idx.columns[0], scol});
  }
  if (candidates.empty()) return std::nullopt;
  // The table first (consistent reads), then an index whose sort key has a condition,
  // then the fewest partitions.
  auto score = [&](const Candidate& c) {
    const Pin& p = pins.at(c.pcol);
    bool sorted = c.scol && pick_sort(conj, *c.scol, p.conjunct).cond.has_value();
    return std::make_tuple(c.index.has_value(), !sorted, p.unknown ? 1 : p.values.size());
  };
  const Candidate& best = *std::min_element(candidates.begin(), candidates.end(),
                                            [&](const Candidate& a, const Candidate& b) { return score(a) < score(b); });
  const Pin& pin = pins.at(best.pcol);
  if (is_empty_pin(pin)) return Access{};
  Access a;
  a.kind = Access::Kind::Query;
  a.query_index = best.index;
  a.sort_column = best.scol;
  SortPick sp;
  if (best.scol) sp = pick_sort(conj, *best.scol, pin.conjunct);
  if (sp.empty) return Access{};
  for (const Value& v : pin_values(pin)) a.queries.push_back({v, sp.cond});
  // The rest of the filter: to the driver when it can filter it (not on the key it reads).
  std::set<std::size_t> consumed(sp.consumed.begin(), sp.consumed.end());
  if (pin.exact) consumed.insert(pin.conjunct);
  a.exact = sp.exact && pin.exact;
  for (std::size_t i = 0; i < conj.size(); ++i) {
    if (consumed.count(i)) continue;
    bool on_key = references(conj[i], best.pcol) || (best.scol && references(conj[i], *best.scol));
    if (!on_key && driver_filterable(conj[i])) {
      a.driver_filter = stmt::and_(a.driver_filter, conj[i]);
    } else {
      a.exact = false;
    }
  }
  return a;
}

std::optional<Access> find_path(const Target& t, const std::vector<ExprPtr>& conj, int depth, const Shape* shape) {
  if (auto a = try_paths(t, conj, shape)) return a;
  if (depth >= kMaxOrDepth) return std::nullopt;
  for (std::size_t i = 0; i < conj.size(); ++i) {
    auto* o = std::get_if<stmt::ExprOr>(&conj[i]->node);
    if (!o) continue;
    std::vector<ExprPtr> rest;
    for (std::size_t j = 0; j < conj.size(); ++j)
      if (j != i) rest.push_back(conj[j]);
    Access u;
    u.kind = Access::Kind::Union;
    bool ok = true;
    for (const auto& branch : o->operands) {
      auto sub = conjuncts(branch);
      sub.insert(sub.end(), rest.begin(), rest.end());
      auto a = find_path(t, sub, depth + 1, shape);
      if (!a) {
        ok = false;
        break;
      }
      if (a->kind == Access::Kind::Empty) continue;
      if (a->kind == Access::Kind::Union) {
        for (auto& p : a->parts) u.parts.push_back(std::move(p));
      } else {
        u.parts.push_back(std::move(*a));
      }
      if (u.parts.size() > kMaxPaths) return std::nullopt;
    }
    if (!ok) continue;
    if (u.parts.empty()) return Access{};
    if (u.parts.size() == 1) return std::move(u.parts[0]);
    return u;
  }
  return std::nullopt;
}

// "name" or "display_name" (field name) for messages.
std::string column_label(const Target& t, std::size_t col) {
  std::string out = "\"" + t.table.columns.at(col).name + "\"";
  if (auto m = model_of_table(t.schema, t.table_id)) {
    const auto& map = t.schema.mapping(*m);
    if (col < map.column_to_field.size()) {
      const std::string& field = t.schema.model(*m).fields.at(map.column_to_field[col]).name;
      if (field != t.table.columns[col].name) out += " (field " + field + ")";
    }
  }
  return out;
}

std::string field_name(const Target& t, std::size_t col) {
  if (auto m = model_of_table(t.schema, t.table_id)) {
    const auto& map = t.schema.mapping(*m);
    if (col < map.column_to_field.size()) return t.schema.model(*m).fields.at(map.column_to_field[col]).name;
  }
  return t.table.columns.at(col).name;
}

// What the table offers: "key: id; indexes: email (unique), country".
std::string offered(const Target& t) {
  const db::Table& table = t.table;
  std::string out = "partition key " + column_label(t, table.primary_key[0]);
  if (table.primary_key.size() > 1) out += ", sort key " + column_label(t, table.primary_key[1]);
  std::string idx;
  for (const auto& i : table.indexes) {
    std::string cols;
    for (std::size_t c : i.columns) cols += (cols.empty() ? "" : ", ") + field_name(t, c);
    idx += std::string(idx.empty() ? "" : "; ") + (i.unique ? "unique " : "index ") + "(" + cols + ")";
  }
  return out + (idx.empty() ? "; no indexes" : "; " + idx);
}

std::string explain(const Target& t, const ExprPtr& filter, const std::vector<ExprPtr>& conj) {
  const db::Table& table = t.table;
  std::set<std::size_t> partition_cols{table.primary_key[0]};
  std::set<std::size_t> key_cols(table.primary_key.begin(), table.primary_key.end());
  for (const auto& idx : table.indexes) {
    if (idx.columns.empty()) continue;
    partition_cols.insert(idx.columns[0]);
    key_cols.insert(idx.columns.begin(), idx.columns.end());
  }
  std::set<std::size_t> cols;
  collect_columns(filter, cols);
  std::string list;
  for (std::size_t c : cols) list += (list.empty() ? "" : ", ") + column_label(t, c);
  bool any_key = std::any_of(cols.begin(), cols.end(), [&](std::size_t c) { return partition_cols.count(c) > 0; });
  std::string why = any_key ? "the filter (on " + list + ") pins no key or index with `=` or in_list"
                            : "filter on column" + std::string(cols.size() == 1 ? " " : "s ") + list +
                                  " has no key or index behind it";
  // Why a condition on a key did not help.
  std::set<std::string> notes;
  for (const auto& e : conj) {
    if (auto* sw = std::get_if<stmt::ExprTextMatch>(&e->node)) {
      if (auto c = column_of(sw->lhs); c && partition_cols.count(*c))
        notes.insert(std::string(stmt::to_string(sw->kind)) + " on " + column_label(t, *c) + " cannot use it: " +
                     t.backend + (sw->kind == stmt::ExprTextMatch::Kind::StartsWith && !sw->ignore_case
                                      ? " matches a prefix only on a sort key"
                                      : " finds items by key only with `=`, in_list or a sort key prefix"));
    } else if (auto* b = std::get_if<stmt::ExprBinary>(&e->node)) {
      auto c = column_of(b->lhs);
      if (!c) c = column_of(b->rhs);
      if (c && partition_cols.count(*c) && b->op == stmt::BinaryOp::Ne)
        notes.insert("`!=` on " + column_label(t, *c) + " cannot use a key");
      else if (c && partition_cols.count(*c) && b->op != stmt::BinaryOp::Eq)
        notes.insert("a range condition on partition key " + column_label(t, *c) +
                     " cannot use it: ranges need a sort key");
    } else if (auto* n = std::get_if<stmt::ExprIsNull>(&e->node)) {
      if (auto c = column_of(n->operand); c && key_cols.count(*c))
        notes.insert("IS NULL on " + column_label(t, *c) + " cannot use an index: items without a value are not in it");
    } else if (std::holds_alternative<stmt::ExprOr>(e->node)) {
      notes.insert("every branch of an OR needs its own key or index");
    } else if (auto* sq = std::get_if<stmt::ExprInSubquery>(&e->node); sq && sq->negate) {
      notes.insert("a NOT IN / all() relation filter cannot use a key");
    } else if (std::holds_alternative<stmt::ExprNot>(e->node)) {
      notes.insert("a negated condition cannot use a key");
    }
  }
  for (const auto& n : notes) why += "; " + n;
  std::string hint;
  for (std::size_t c : cols)
    if (!partition_cols.count(c)) {
      hint = "add #[index] to " + field_name(t, c) + ", or query by a key";
      break;
    }
  if (hint.empty()) hint = "query by a key or an index with `=` / in_list";
  return why + " (table has " + offered(t) + "); " + hint;
}

}  // namespace

std::optional<std::size_t> model_of_table(const Schema& schema, std::size_t table_id) {
  for (std::size_t m = 0; m < schema.model_count(); ++m)
    if (schema.mapping(m).table == table_id) return m;
  return std::nullopt;
}

Target target(const Schema& schema, std::size_t table_id, std::string context, std::string backend) {
  if (table_id >= schema.db().tables.size())
    throw InvalidStatement("toasty: statement on unknown table #" + std::to_string(table_id));
  return Target{schema, table_id, schema.db().tables[table_id], std::move(context), std::move(backend)};
}

std::string describe(const Target& t, const Access& a) {
  auto index_text = [&](std::size_t i) {
    std::string cols;
    for (std::size_t c : t.table.indexes.at(i).columns) cols += (cols.empty() ? "" : ", ") + field_name(t, c);
    return "(" + cols + ")";
  };
  switch (a.kind) {
    case Access::Kind::Empty: return "nothing (the filter matches no item)";
    case Access::Kind::Keys: return "GetByKey (" + std::to_string(a.keys.size()) + " key" + (a.keys.size() == 1 ? ")" : "s)");
    case Access::Kind::Unique: return "FindPkByUnique on unique index " + index_text(a.index) + ", then GetByKey";
    case Access::Kind::Query: {
      std::string out = "QueryPk on " + (a.query_index ? "index " + index_text(*a.query_index) : std::string("the table"));
      if (a.queries.size() > 1) out += ", one per partition (" + std::to_string(a.queries.size()) + ")";
      if (!a.queries.empty() && a.queries[0].sort) out += ", with a sort-key condition";
      return out + (a.exact ? "" : ", filtered in memory");
    }
    case Access::Kind::Scan: return std::string("Scan of the whole table") + (a.exact ? "" : ", filtered in memory");
    case Access::Kind::Union: {
      std::string out = "union of";
      for (std::size_t i = 0; i < a.parts.size(); ++i) out += (i ? "; " : " ") + describe(t, a.parts[i]);
      return out;
    }
  }
  return "?";
}

[[noreturn]] void refuse(const Target& t, const std::string& why) {
  std::string model;
  if (auto m = model_of_table(t.schema, t.table_id)) model = " (model " + t.schema.model(*m).name + ")";
  throw UnsupportedQuery("toasty: " + t.backend + " cannot serve this query on table \"" + t.table.name + "\"" + model +
                         t.context + ": " + why);
}

bool driver_filterable(const ExprPtr& e) {
  if (!e) return false;
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          bool lc = column_of(n.lhs).has_value(), rc = column_of(n.rhs).has_value();
          return (lc && rc) || (lc && is_known(n.rhs)) || (rc && is_known(n.lhs));
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          return std::all_of(n.operands.begin(), n.operands.end(), [](const ExprPtr& o) { return driver_filterable(o); });
        } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
          return driver_filterable(n.operand);
        } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
          return column_of(n.operand).has_value();
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          return column_of(n.lhs).has_value() &&
                 std::all_of(n.list.begin(), n.list.end(), [](const ExprPtr& o) { return is_known(o); });
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          // DynamoDB has begins_with() and contains(), case-sensitive; ends_with, equals,
          // like and the ignore_case matches are checked on the items read.
          const bool native = (n.kind == stmt::ExprTextMatch::Kind::StartsWith ||
                               n.kind == stmt::ExprTextMatch::Kind::Contains) && !n.ignore_case;
          return native && column_of(n.lhs).has_value() && is_known(n.prefix);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          return column_of(n.lhs).has_value() && (!n.values || is_known(n.values));
        } else {
          return false;
        }
      },
      e->node);
}

namespace {
// The opt-in named by every refusal of a query without a key or index path.
constexpr const char* kScanHint = "; or ask for a full-table read (a Scan) with .allow_full_scan()";

// Reads the whole table: the conditions DynamoDB can evaluate go into the Scan's
// FilterExpression, the rest is filtered in memory.
Access scan_access(const std::vector<ExprPtr>& conj) {
  Access a;
  a.kind = Access::Kind::Scan;
  a.exact = true;
  for (const auto& e : conj) {
    if (driver_filterable(e))
      a.driver_filter = stmt::and_(a.driver_filter, e);
    else
      a.exact = false;
  }
  return a;
}
}  // namespace

Access analyze(const Target& t, const ExprPtr& filter, bool allow_scan) {
  if (!filter) {
    if (allow_scan) return scan_access({});
    refuse(t, "the query has no filter, and reading every item needs a Scan, which toasty does not run "
              "implicitly (capability scan = false); query by a key or an index (table has " + offered(t) + ")" +
              kScanHint);
  }
  auto conj = conjuncts(filter);
  if (auto a = find_path(t, conj, 0, nullptr)) return std::move(*a);
  if (allow_scan) return scan_access(conj);
  refuse(t, explain(t, filter, conj) + kScanHint);
}

Access bind(const Target& t, const Access& planned, const ExprPtr& filter) {
  if (planned.kind == Access::Kind::Empty) return planned;  // empty whatever the values
  auto conj = conjuncts(filter);
  if (planned.kind == Access::Kind::Scan) return scan_access(conj);
  Shape shape;
  shape.add(planned);
  if (auto a = find_path(t, conj, 0, &shape)) return std::move(*a);
  // The values read cannot use the planned reads (they cannot, by construction: a value
  // read fills the pin that planning saw as unknown); refuse rather than choose anew.
  refuse(t, "the values read while the plan ran do not fit its access path (" + describe(t, planned) + ")");
}

std::vector<stmt::OrderBy> ordering_keys(const stmt::Select& s) {
  return {s.order_by.begin(), s.order_by.end() - static_cast<std::ptrdiff_t>(std::min(s.tie_breakers, s.order_by.size()))};
}

Ordering check_order(const Target& t, const Access& a, const ExprPtr& filter,
                     const std::vector<stmt::OrderBy>& order_by) {
  Ordering o;
  if (order_by.empty() || a.kind == Access::Kind::Empty) return o;
  // Columns pinned to a single value order nothing.
  std::set<std::size_t> fixed;
  auto conj = conjuncts(filter);
  for (std::size_t i = 0; i < conj.size(); ++i)
    for (const Pin& p : pins_of(conj[i], i))
      if (!p.unknown && p.values.size() == 1) fixed.insert(p.column);
  std::vector<std::pair<std::size_t, bool>> rest;
  for (const auto& ob : order_by) {
    auto col = column_of(ob.expr);
    if (!col) refuse(t, "it orders by an expression; " + t.backend + " orders only by a sort key");
    if (!fixed.count(*col)) rest.emplace_back(*col, ob.descending);
  }
  if (rest.empty()) return o;
  std::string cols;
  for (const auto& [c, d] : rest) cols += (cols.empty() ? "" : ", ") + column_label(t, c);
  if (rest.size() > 1 && a.kind == Access::Kind::Scan)
    refuse(t, "it orders by " + cols + "; a full-table read (Scan) is sorted in memory, by one column only");
  if (rest.size() > 1)
    refuse(t, "it orders by " + cols + "; " + t.backend + " orders only by the one sort key of the key or index it reads");
  std::size_t col = rest[0].first;
  bool desc = rest[0].second;
  o.column = col;
  o.descending = desc;
  const auto& pk = t.table.primary_key;
  bool is_pk = std::find(pk.begin(), pk.end(), col) != pk.end();
  auto sort_key_text = [&](const Access& x) {
    if (!x.sort_column) return std::string("it reads ") + (x.query_index ? "an index" : "a key") + " without a sort key";
    return "its sort key is " + column_label(t, *x.sort_column);
  };
  switch (a.kind) {
    case Access::Kind::Scan:  // the user asked to read everything: sorted in memory
      o.in_memory = true;
      return o;
    case Access::Kind::Query:
      if (a.sort_column == col) {
        o.in_memory = a.queries.size() > 1;
        return o;
      }
      refuse(t, "it orders by " + cols + ", but " + t.backend + " returns a partition in the order of its sort key (" +
                    sort_key_text(a) + "); order by the sort key, or sort in the application");
    case Access::Kind::Keys:
    case Access::Kind::Unique:
      if (is_pk) {
        o.in_memory = true;
        return o;
      }
      refuse(t, "it orders by " + cols + ", but the items are read by key and " + t.backend + " orders only by a sort key; "
                    "order by a key column, or sort in the application");
    case Access::Kind::Union: {
      bool ok = is_pk || std::all_of(a.parts.begin(), a.parts.end(), [&](const Access& p) {
                  return p.kind == Access::Kind::Query && p.sort_column == col;
                });
      if (ok) {
        o.in_memory = true;
        return o;
      }
      refuse(t, "it orders by " + cols + ", but " + t.backend + " orders only by the sort key of what it reads; "
                    "order by the sort key, or sort in the application");
    }
    case Access::Kind::Empty: break;
  }
  return o;
}

}  // namespace kv

namespace {

// Whether `e` holds a subquery or an argument: values that decide the access path only
// once execution knows them.
bool dynamic(const stmt::ExprPtr& e) {
  if (!e) return false;
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprInSubquery> || std::is_same_v<T, stmt::ExprArg>) {
          return true;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          return dynamic(n.lhs) || dynamic(n.rhs);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          return std::any_of(n.operands.begin(), n.operands.end(), [](const auto& o) { return dynamic(o); });
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          return dynamic(n.operand);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          return dynamic(n.lhs) || std::any_of(n.list.begin(), n.list.end(), [](const auto& o) { return dynamic(o); });
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          return dynamic(n.lhs) || dynamic(n.prefix);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          return dynamic(n.lhs) || dynamic(n.values);
        } else {
          return false;
        }
      },
      e->node);
}

std::shared_ptr<const KvPlan> plan_select(const kv::Target& t, stmt::Select s, bool allow_scan, std::size_t model_id);

// Plans every subquery inside `e` (relation filters, scopes, cascades), in the order
// execution reads them (depth first, left to right): each gets its own access path, and a
// refusal names the relation filter. `allow_scan`: the statement allows full-table reads,
// its subqueries included.
bool names_other_table(const stmt::ExprPtr& e, std::size_t table) {
  if (!e) return false;
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprColumn>) {
          return n.table != table;
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          return names_other_table(n.lhs, table) || names_other_table(n.rhs, table);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : n.operands)
            if (names_other_table(o, table)) return true;
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          return names_other_table(n.operand, table);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          if (names_other_table(n.lhs, table)) return true;
          for (const auto& o : n.list)
            if (names_other_table(o, table)) return true;
          return false;
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          return names_other_table(n.lhs, table) || names_other_table(n.prefix, table);
        } else if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
          for (const auto& l : n.lhs)
            if (names_other_table(l, table)) return true;
          return false;  // its own filter is checked when it is planned
        } else {
          return false;
        }
      },
      e->node);
}

void plan_subqueries(const kv::Target& outer, const stmt::ExprPtr& e, bool allow_scan,
                     std::vector<std::shared_ptr<const KvPlan>>& out) {
  if (!e) return;
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
          const stmt::Select& sub = *n.query;
          std::string model;
          if (auto m = kv::model_of_table(outer.schema, outer.table_id))
            model = " (model " + outer.schema.model(*m).name + ")";
          if (names_other_table(sub.filter, sub.target))
            kv::refuse(outer, "it compares a field with a field of a related record (a correlated subquery), and " +
                                  outer.backend +
                                  " reads related records by key before it knows the record they are compared "
                                  "with; compare in the application, or store the value on the record");
          kv::Target st = kv::target(outer.schema, sub.target,
                                     ", read by a relation filter (subquery) of the query on table \"" +
                                         outer.table.name + "\"" + model + outer.context,
                                     outer.backend);
          out.push_back(plan_select(st, sub, allow_scan || sub.allow_full_scan,
                                    kv::model_of_table(st.schema, st.table_id).value_or(0)));
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          plan_subqueries(outer, n.lhs, allow_scan, out);
          plan_subqueries(outer, n.rhs, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          for (const auto& o : n.operands) plan_subqueries(outer, o, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprNot> || std::is_same_v<T, stmt::ExprIsNull>) {
          plan_subqueries(outer, n.operand, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          plan_subqueries(outer, n.lhs, allow_scan, out);
          for (const auto& o : n.list) plan_subqueries(outer, o, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          plan_subqueries(outer, n.lhs, allow_scan, out);
          plan_subqueries(outer, n.prefix, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          plan_subqueries(outer, n.lhs, allow_scan, out);
          plan_subqueries(outer, n.values, allow_scan, out);
        } else if constexpr (std::is_same_v<T, stmt::ExprRelated> || std::is_same_v<T, stmt::ExprScope> ||
                             std::is_same_v<T, stmt::ExprField>) {
          throw InvalidStatement("toasty: an app-level expression reached key-value planning");
        }
      },
      e->node);
}

// The path of a select (a statement's or a subquery's), its subqueries first.
std::shared_ptr<const KvPlan> plan_select(const kv::Target& t, stmt::Select s, bool allow_scan, std::size_t model_id) {
  auto out = std::make_shared<KvPlan>();
  plan_subqueries(t, s.filter, allow_scan, out->subqueries);
  out->path = kv::analyze(t, s.filter, allow_scan);
  kv::Ordering o = kv::check_order(t, out->path, s.filter, kv::ordering_keys(s));
  out->path_final = !dynamic(s.filter);
  if (out->path_final) out->ordering = o;
  out->statement = std::move(s);
  out->model_id = model_id;
  out->backend = t.backend;
  return out;
}

std::size_t statement_table(const stmt::Statement& s) {
  return std::visit([](const auto& x) { return x.target; }, s);
}

}  // namespace

std::vector<std::size_t> unique_upkeep(const db::Table& table, const std::vector<std::size_t>* assigned) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < table.indexes.size(); ++i) {
    const db::Index& idx = table.indexes[i];
    if (!idx.unique) continue;
    bool keep = !assigned || std::any_of(idx.columns.begin(), idx.columns.end(), [&](std::size_t c) {
      return std::find(assigned->begin(), assigned->end(), c) != assigned->end();
    });
    if (keep) out.push_back(i);
  }
  return out;
}

std::shared_ptr<const KvPlan> plan_kv(const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
                                      const driver::Capability& cap) {
  kv::Target t = kv::target(schema, statement_table(db_statement), "", cap.display_name);
  if (auto* sel = std::get_if<stmt::Select>(&db_statement)) {
    if (sel->lock.any())
      kv::refuse(t, "it locks the rows it reads (for_update / for_share / skip_locked / nowait), and " + t.backend +
                        " has no row locks; make the write conditional instead (a #[version] field: optimistic "
                        "locking)");
    if (sel->distinct)
      kv::refuse(t, "it asks for distinct rows, and " + t.backend +
                        " has no operation for that; read the values and remove duplicates in the application");
    if (!sel->group_by.empty())
      kv::refuse(t, "it groups records (group_by), and " + t.backend +
                        " has no operation for that; read the records and group them in the application, or keep "
                        "running totals in an item per group");
    if (!sel->aggregates.empty()) {
      std::string fns;
      for (const auto& a : sel->aggregates) {
        using Fn = stmt::Aggregate::Fn;
        const char* name = a.fn == Fn::Count ? "count" : a.fn == Fn::Sum ? "sum" : a.fn == Fn::Min ? "min" : "max";
        if (fns.find(name) == std::string::npos) fns += (fns.empty() ? "" : "/") + std::string(name);
      }
      kv::refuse(t, "it aggregates (" + fns + " of a field), and " + t.backend +
                        " has no operation for that (count() of records it has); read the records and compute it in "
                        "the application, or keep the running value in an item");
    }
    // A full-table read when the user asked for one, or when the driver scans implicitly
    // (Capability::scan); execution reads the flag from the planned statement.
    sel->allow_full_scan = sel->allow_full_scan || cap.scan;
    const bool allow_scan = sel->allow_full_scan;
    return plan_select(t, std::move(*sel), allow_scan, model_id);
  }
  auto out = std::make_shared<KvPlan>();
  // The path is kept for execution as it is when no subquery or argument fills it in.
  auto choose = [&](const stmt::ExprPtr& filter, bool allow_scan) {
    plan_subqueries(t, filter, allow_scan, out->subqueries);
    out->path = kv::analyze(t, filter, allow_scan);
    out->path_final = !dynamic(filter);
  };
  std::visit(
      [&](auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (!std::is_same_v<T, stmt::Insert>) s.allow_full_scan = s.allow_full_scan || cap.scan;
        if constexpr (std::is_same_v<T, stmt::Select>) {
          throw InvalidStatement("toasty: a select reached write planning");  // planned above
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          choose(s.filter, s.allow_full_scan);
          const auto& pk = t.table.primary_key;
          std::vector<std::size_t> assigned;
          for (const auto& as : s.assignments) {
            if (std::find(pk.begin(), pk.end(), as.target) != pk.end())
              kv::refuse(t, "it changes key column \"" + t.table.columns.at(as.target).name + "\"" +
                                ", and " + t.backend + " cannot change an item's key; remove the item and create it with "
                                "the new key");
            assigned.push_back(as.target);
          }
          out->unique_upkeep = unique_upkeep(t.table, &assigned);
          // A unique value the database computes would move its index entry to a value known
          // only afterwards.
          for (const auto& as : s.assignments) {
            if (!as.computed()) continue;
            for (std::size_t i : out->unique_upkeep)
              for (std::size_t c : t.table.indexes.at(i).columns)
                if (c == as.target)
                  kv::refuse(t, "it computes unique column \"" + t.table.columns.at(c).name + "\" from the item (" +
                                    "an increment or a copy), and " + t.backend + " keeps unique values in index " +
                                    "entries written with the item; assign the new value instead");
          }
        } else if constexpr (std::is_same_v<T, stmt::Delete>) {
          choose(s.filter, s.allow_full_scan);
          out->unique_upkeep = unique_upkeep(t.table, nullptr);
        } else {
          static_assert(std::is_same_v<T, stmt::Insert>);
          for (std::size_t k : t.table.primary_key) {
            bool given = std::find(s.columns.begin(), s.columns.end(), k) != s.columns.end();
            const db::Column& c = t.table.columns[k];
            if (!given && c.auto_increment)
              kv::refuse(t, t.backend + " cannot auto-increment key column \"" + c.name +
                                "\" (#[auto], capability auto_increment = false); give the key a value, or "
                                "declare it `#[auto] " + c.name + ": Uuid` (a UUID v7 generated by the client)");
            if (!given)
              throw InvalidStatement("toasty: an insert into \"" + t.table.name + "\" lacks key column \"" + c.name +
                                     "\"");
          }
          out->unique_upkeep = unique_upkeep(t.table, nullptr);
        }
      },
      db_statement);
  out->statement = std::move(db_statement);
  out->model_id = model_id;
  out->backend = cap.display_name;
  return out;
}

}  // namespace toasty::engine
