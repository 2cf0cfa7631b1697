#pragma once
// Executor::execute and Executor::sql<Row>: SQL of your own, its arguments bound, its rows
// decoded into a model or a std::tuple (declared in toasty/db.hpp).
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/query.hpp"

namespace toasty {

namespace detail {
template <class T> inline constexpr bool is_tuple_v = false;
template <class... T> inline constexpr bool is_tuple_v<std::tuple<T...>> = true;

// A number a database returned as a decimal or as text (SUM and AVG give NUMERIC or
// DECIMAL; MySQL sends those as text), as the integer or double a tuple asks for; any
// other value as it is.
Value raw_number(Value v, bool integer);

template <class T>
T raw_cell(Value& v) {
  using V = strip_optional_t<T>;
  if constexpr (std::is_arithmetic_v<V> && !std::is_same_v<V, bool>) v = raw_number(std::move(v), std::is_integral_v<V>);
  return v.template take<T>();
}

template <class Tuple, std::size_t... I>
Tuple tuple_of(Value* row, std::index_sequence<I...>) {
  return Tuple{raw_cell<std::tuple_element_t<I, Tuple>>(row[I])...};
}
}  // namespace detail

template <class... A>
std::uint64_t Executor::execute(std::string_view sql, const A&... args) {
  const Value params[sizeof...(A) + 1] = {Value(args)..., Value()};  // +1: none is fine too
  return exec_sql(sql, std::span<const Value>(params, sizeof...(A)), nullptr).affected;
}

template <class Row, class... A>
std::vector<Row> Executor::sql(std::string_view sql, const A&... args) {
  static_assert(detail::is_tuple_v<Row> || requires { Row::model(); },
                "toasty: sql<Row>() reads into a generated model or a std::tuple");
  const Value params[sizeof...(A) + 1] = {Value(args)..., Value()};
  const std::span<const Value> bound(params, sizeof...(A));
  std::vector<Row> out;
  if constexpr (detail::is_tuple_v<Row>) {
    ResultSet rs = exec_sql(sql, bound, nullptr);
    if (rs.size() > 0 && rs.rows.width != std::tuple_size_v<Row>)
      throw InvalidStatement("toasty: sql<std::tuple<...>>(): the result has " + std::to_string(rs.rows.width) +
                             " columns for a tuple of " + std::to_string(std::tuple_size_v<Row>));
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i)
      out.push_back(detail::tuple_of<Row>(rs.rows.row(i), std::make_index_sequence<std::tuple_size_v<Row>>{}));
  } else {
    ResultSet rs = exec_sql(sql, bound, &Row::model());
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(detail::decode<Row>(rs, i));
  }
  return out;
}

}  // namespace toasty
