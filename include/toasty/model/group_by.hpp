#pragma once
// Query::group_by(keys...): one row per group of records with equal keys, with an aggregate
// of each group (count, sum, min, max, avg), ordered by the keys (NULL first); having()
// keeps the groups whose aggregates pass: .having(toasty::count_all().gt(2)).
// SQL backends group in the database; DynamoDB has no grouping and refuses it by name.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/path.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

// Conditions on a group's aggregates, joined with &&.
class Having {
 public:
  explicit Having(std::vector<stmt::Having> terms) : terms_(std::move(terms)) {}
  const std::vector<stmt::Having>& terms() const { return terms_; }
  friend Having operator&&(Having a, const Having& b) {
    a.terms_.insert(a.terms_.end(), b.terms_.begin(), b.terms_.end());
    return a;
  }

 private:
  std::vector<stmt::Having> terms_;
};

// An aggregate of a group, compared with a value of type V in having().
template <class V>
class GroupAggregate {
 public:
  explicit GroupAggregate(stmt::Aggregate a) : a_(std::move(a)) {}
  Having eq(const V& v) const { return cmp(stmt::BinaryOp::Eq, v); }
  Having ne(const V& v) const { return cmp(stmt::BinaryOp::Ne, v); }
  Having lt(const V& v) const { return cmp(stmt::BinaryOp::Lt, v); }
  Having le(const V& v) const { return cmp(stmt::BinaryOp::Le, v); }
  Having gt(const V& v) const { return cmp(stmt::BinaryOp::Gt, v); }
  Having ge(const V& v) const { return cmp(stmt::BinaryOp::Ge, v); }

 private:
  Having cmp(stmt::BinaryOp op, const V& v) const {
    return Having({stmt::Having{a_, op, detail::to_field_value<V>(v)}});
  }
  stmt::Aggregate a_;
};

namespace detail {
// What sum() of a field of type V gives: std::int64_t (std::uint64_t unsigned), or double.
template <class V>
using sum_type_t = std::conditional_t<std::is_floating_point_v<V>, double,
                                      std::conditional_t<std::is_signed_v<V>, std::int64_t, std::uint64_t>>;
template <class V>
constexpr void check_summable() {
  static_assert(std::is_arithmetic_v<V> && !std::is_same_v<V, bool>,
                "toasty: sum() and avg() need an integer or floating-point field");
}
// A sum as the database gave it (integer sums may come as decimals), as a 64-bit integer or
// a double; NULL (no values) as 0 (front/aggregate.cpp).
Value sum_value(const Value& v, bool floating, const std::string& what);
double average(const Value& sum, const Value& count);
}  // namespace detail

// The number of records of a group.
inline GroupAggregate<std::uint64_t> count_all() {
  return GroupAggregate<std::uint64_t>(stmt::Aggregate{stmt::Aggregate::Fn::Count, nullptr});
}
// The sum, least and greatest value of a field over a group.
template <class T>
auto sum_of(const Path<T>& field) {
  using V = typename Path<T>::value_type;
  detail::check_summable<V>();
  return GroupAggregate<detail::sum_type_t<V>>(stmt::Aggregate{stmt::Aggregate::Fn::Sum, field.expr()});
}
template <class T>
auto min_of(const Path<T>& field) {
  return GroupAggregate<typename Path<T>::value_type>(stmt::Aggregate{stmt::Aggregate::Fn::Min, field.expr()});
}
template <class T>
auto max_of(const Path<T>& field) {
  return GroupAggregate<typename Path<T>::value_type>(stmt::Aggregate{stmt::Aggregate::Fn::Max, field.expr()});
}

// The groups of a query's records (Query::group_by), keyed by the fields K... (their
// declared types: an Option field's NULL is a group of its own).
template <class M, class... K>
class GroupBy {
 public:
  explicit GroupBy(stmt::Select s) : s_(std::move(s)) {}

  // Only the groups whose aggregates pass (HAVING); several calls all apply.
  GroupBy& having(const Having& h) & {
    for (const stmt::Having& term : h.terms()) {
      const auto* f = term.aggregate.arg ? std::get_if<stmt::ExprField>(&term.aggregate.arg->node) : nullptr;
      if (term.aggregate.arg && (!f || f->model != &M::model()))
        throw InvalidStatement("toasty: having() of " + M::model().name + " groups aggregates a field of " +
                               (f ? f->model->name : std::string("something else")));
      s_.having.push_back(term);
    }
    return *this;
  }
  GroupBy&& having(const Having& h) && { return std::move(having(h)); }

  // (keys..., records in the group) per group.
  std::vector<std::tuple<K..., std::uint64_t>> count(Executor& ex) const {
    ResultSet rs = run(ex, {{stmt::Aggregate::Fn::Count, nullptr}});
    std::vector<std::tuple<K..., std::uint64_t>> out;
    out.reserve(rs.size());
    for (std::size_t r = 0; r < rs.size(); ++r) {
      Value* row = rs.rows.row(r);
      out.push_back(std::tuple_cat(keys(row, std::index_sequence_for<K...>{}),
                                   std::tuple<std::uint64_t>(detail::sum_value(row[sizeof...(K)], false, what())
                                                                 .template to<std::uint64_t>())));
    }
    return out;
  }
  // (keys..., sum of the field) per group: as Query::sum (NULLs skipped; 0 for none).
  template <class T>
  auto sum(Executor& ex, const Path<T>& field) const {
    using V = typename Path<T>::value_type;
    detail::check_summable<V>();
    using S = detail::sum_type_t<V>;
    ResultSet rs = run(ex, {{stmt::Aggregate::Fn::Sum, of(field)}});
    std::vector<std::tuple<K..., S>> out;
    out.reserve(rs.size());
    for (std::size_t r = 0; r < rs.size(); ++r) {
      Value* row = rs.rows.row(r);
      Value v = detail::sum_value(row[sizeof...(K)], std::is_floating_point_v<V>, what());
      out.push_back(std::tuple_cat(keys(row, std::index_sequence_for<K...>{}), std::tuple<S>(v.template to<S>())));
    }
    return out;
  }
  // (keys..., least / greatest value of the field, nullopt when the group has none).
  template <class T>
  auto min(Executor& ex, const Path<T>& field) const { return extreme(ex, field, stmt::Aggregate::Fn::Min); }
  template <class T>
  auto max(Executor& ex, const Path<T>& field) const { return extreme(ex, field, stmt::Aggregate::Fn::Max); }
  // (keys..., mean of the field's values, nullopt when the group has none).
  template <class T>
  std::vector<std::tuple<K..., std::optional<double>>> avg(Executor& ex, const Path<T>& field) const {
    using V = typename Path<T>::value_type;
    detail::check_summable<V>();
    ResultSet rs = run(ex, {{stmt::Aggregate::Fn::Sum, of(field)}, {stmt::Aggregate::Fn::Count, of(field)}});
    std::vector<std::tuple<K..., std::optional<double>>> out;
    out.reserve(rs.size());
    for (std::size_t r = 0; r < rs.size(); ++r) {
      Value* row = rs.rows.row(r);
      const Value n = detail::sum_value(row[sizeof...(K) + 1], false, what());
      std::optional<double> mean;
      if (n.template to<std::uint64_t>() > 0)
        mean = detail::average(detail::sum_value(row[sizeof...(K)], std::is_floating_point_v<V>, what()), n);
      out.push_back(std::tuple_cat(keys(row, std::index_sequence_for<K...>{}), std::make_tuple(mean)));
    }
    return out;
  }

  const stmt::Select& statement() const { return s_; }

 private:
  static std::string what() { return "an aggregate of " + M::model().name + " groups"; }
  template <class T>
  static stmt::ExprPtr of(const Path<T>& field) {
    if (field.model() != &M::model())
      throw InvalidStatement("toasty: groups of " + M::model().name + " records aggregate fields of " +
                             M::model().name + " (" + field.model()->name + " is another model)");
    return field.expr();
  }
  template <class T>
  auto extreme(Executor& ex, const Path<T>& field, stmt::Aggregate::Fn fn) const {
    using V = typename Path<T>::value_type;
    static_assert(!std::is_enum_v<V> && !SchemaNewtype<V>,
                  "toasty: min() and max() take numbers, text, bytes, UUIDs, decimals and times (not enums or newtypes)");
    ResultSet rs = run(ex, {{fn, of(field)}});
    std::vector<std::tuple<K..., std::optional<V>>> out;
    out.reserve(rs.size());
    for (std::size_t r = 0; r < rs.size(); ++r) {
      Value* row = rs.rows.row(r);
      std::optional<V> v;
      if (!row[sizeof...(K)].is_null()) v = row[sizeof...(K)].template to<V>();
      out.push_back(std::tuple_cat(keys(row, std::index_sequence_for<K...>{}), std::make_tuple(std::move(v))));
    }
    return out;
  }
  ResultSet run(Executor& ex, std::vector<stmt::Aggregate> aggregates) const {
    stmt::Select s = s_;
    s.aggregates = std::move(aggregates);
    return ex.exec(stmt::Statement(std::move(s)), nullptr);
  }
  template <std::size_t... I>
  static std::tuple<K...> keys(Value* row, std::index_sequence<I...>) {
    return std::tuple<K...>{row[I].template take<K>()...};  // braces: left to right
  }
  stmt::Select s_;
};

}  // namespace toasty
