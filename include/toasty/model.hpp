#pragma once
// The typed front end that generated model code builds on: field paths, boolean
// filter expressions, queries, and the create/update builders. Kept small so that
// generated headers compile fast.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/schema/app.hpp"
#include "toasty/stmt/expr.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

// A boolean filter expression: User::fields().name().eq("Ann") && ...
class Filter {
 public:
  explicit Filter(stmt::ExprPtr e) : e_(std::move(e)) {}
  const stmt::ExprPtr& expr() const { return e_; }

  friend Filter operator&&(const Filter& a, const Filter& b) { return Filter(stmt::and_(a.e_, b.e_)); }
  friend Filter operator||(const Filter& a, const Filter& b) { return Filter(stmt::or_(a.e_, b.e_)); }
  friend Filter operator!(const Filter& a) { return Filter(stmt::not_(a.e_)); }

 private:
  stmt::ExprPtr e_;
};

namespace detail {
template <class...> inline constexpr bool always_false = false;
template <class T> struct strip_optional { using type = T; };
template <class T> struct strip_optional<std::optional<T>> { using type = T; };
template <class T> using strip_optional_t = typename strip_optional<T>::type;

// Which C++ argument types a field of type T may be compared with.
template <class T, class U, class A = std::remove_cvref_t<U>>
inline constexpr bool comparable_v =
    std::is_same_v<T, bool>              ? std::is_same_v<A, bool>
    : std::is_same_v<T, std::string>     ? std::is_convertible_v<const U&, std::string_view>
    : std::is_same_v<T, Bytes>           ? std::is_same_v<A, Bytes>
    : std::is_floating_point_v<T>        ? (std::is_arithmetic_v<A> && !std::is_same_v<A, bool>)
    : std::is_integral_v<T>              ? (std::is_integral_v<A> && !std::is_same_v<A, bool> &&
                                            !std::is_same_v<A, char>)
                                         : false;

// Converts an argument to the Value a field of type T stores.
template <class T, class U>
Value to_field_value(U&& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return Value(std::string(std::string_view(v)));
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if constexpr (std::is_signed_v<std::remove_cvref_t<U>>) return Value(static_cast<std::int64_t>(v));
    else return Value(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return Value(static_cast<double>(v));
  } else {
    return Value(std::forward<U>(v));
  }
}
}  // namespace detail

// A typed path to a field of a model. T is the field's C++ type (std::optional<X> for
// Option<X>). Comparisons accept only values of a compatible type; anything else fails
// to compile with a message naming the problem.
template <class T>
class Path {
 public:
  using value_type = detail::strip_optional_t<T>;

  constexpr Path(const app::Model* model, std::size_t field) : model_(model), field_(field) {}
  stmt::ExprPtr expr() const { return stmt::field(model_, field_); }
  const app::Model* model() const { return model_; }
  std::size_t index() const { return field_; }

#define TOASTY_PATH_CMP(NAME, OP)                                                             \
  template <class U>                                                                          \
  Filter NAME(U&& v) const {                                                                  \
    static_assert(detail::comparable_v<value_type, U>,                                        \
                  "toasty: this field cannot be compared with a value of that type "          \
                  "(strings compare with strings, integers with integers, bool with bool)"); \
    return Filter(stmt::binary(stmt::BinaryOp::OP, expr(),                                    \
                               stmt::value(detail::to_field_value<value_type>(std::forward<U>(v))))); \
  }
  TOASTY_PATH_CMP(eq, Eq)
  TOASTY_PATH_CMP(ne, Ne)
  TOASTY_PATH_CMP(lt, Lt)
  TOASTY_PATH_CMP(le, Le)
  TOASTY_PATH_CMP(gt, Gt)
  TOASTY_PATH_CMP(ge, Ge)
#undef TOASTY_PATH_CMP

  template <class U>
  Filter in_list(const std::vector<U>& values) const {
    static_assert(detail::comparable_v<value_type, U>,
                  "toasty: in_list values must have the field's type");
    std::vector<stmt::ExprPtr> list;
    list.reserve(values.size());
    for (const auto& v : values) list.push_back(stmt::value(detail::to_field_value<value_type>(v)));
    return Filter(stmt::in_list(expr(), std::move(list)));
  }

  // Case-sensitive prefix match, the same on every backend.
  Filter starts_with(std::string_view prefix) const {
    static_assert(std::is_same_v<value_type, std::string>,
                  "toasty: starts_with() needs a String field");
    return Filter(stmt::starts_with(expr(), stmt::value(Value(std::string(prefix)))));
  }

  Filter is_none() const {
    static_assert(!std::is_same_v<T, value_type>, "toasty: is_none() needs an Option<T> field");
    return Filter(stmt::is_null(expr()));
  }
  Filter is_some() const {
    static_assert(!std::is_same_v<T, value_type>, "toasty: is_some() needs an Option<T> field");
    return Filter(stmt::not_(stmt::is_null(expr())));
  }

  stmt::OrderBy asc() const { return {expr(), false}; }
  stmt::OrderBy desc() const { return {expr(), true}; }

 private:
  const app::Model* model_;
  std::size_t field_;
};

// Runs an app-level select and returns the raw rows (field order).
driver::Rows run_select(Executor& ex, const stmt::Select& select);

// A query over model M. M provides: static const app::Model& model();
// static M from_row(Value* row); class Update with a constructor taking a Select.
template <class M>
class Query {
 public:
  Query() { s_.model = &M::model(); }
  explicit Query(stmt::ExprPtr filter) : Query() { s_.filter = std::move(filter); }

  Query& filter(const Filter& f) & {
    s_.filter = s_.filter ? stmt::and_(s_.filter, f.expr()) : f.expr();
    return *this;
  }
  Query&& filter(const Filter& f) && { return std::move(filter(f)); }
  Query& order_by(stmt::OrderBy o) & { s_.order_by.push_back(std::move(o)); return *this; }
  Query&& order_by(stmt::OrderBy o) && { return std::move(order_by(std::move(o))); }
  Query& limit(std::uint64_t n) & { s_.limit = n; return *this; }
  Query&& limit(std::uint64_t n) && { return std::move(limit(n)); }
  Query& offset(std::uint64_t n) & { s_.offset = n; return *this; }
  Query&& offset(std::uint64_t n) && { return std::move(offset(n)); }

  std::vector<M> exec(Executor& ex) const {
    driver::Rows rows = run_select(ex, s_);
    std::vector<M> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(M::from_row(rows.row(i)));
    return out;
  }
  // The first record, or nullopt.
  std::optional<M> first(Executor& ex) const {
    stmt::Select s = s_;
    s.limit = 1;
    driver::Rows rows = run_select(ex, s);
    if (rows.size() == 0) return std::nullopt;
    return M::from_row(rows.row(0));
  }
  // Exactly one record; NotFound when there is none.
  M get(Executor& ex) const {
    auto r = first(ex);
    if (!r) throw NotFound("toasty: no " + M::model().name + " matches the query");
    return std::move(*r);
  }
  // Update every matching record: Query<User>::update().bio("x").exec(db)
  typename M::Update update() const { return typename M::Update(s_.filter); }
  // Remove every matching record; returns how many were removed.
  std::uint64_t remove(Executor& ex) const;

  const stmt::Select& statement() const { return s_; }

 private:
  stmt::Select s_;
};

std::uint64_t run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter);

template <class M>
std::uint64_t Query<M>::remove(Executor& ex) const {
  return run_delete(ex, M::model(), s_.filter);
}

// Collects the fields of a create() call and runs the insert. Fields left unset take
// their #[default], their #[auto] value, or NULL for Option; otherwise exec() throws
// InvalidStatement naming the missing field.
class CreateBuilder {
 public:
  explicit CreateBuilder(const app::Model& model);
  void set(std::size_t field, Value v);
  // Returns the inserted row, auto values filled in, in field order.
  driver::Rows exec(Executor& ex) const;

 private:
  const app::Model* model_;
  std::vector<std::optional<Value>> values_;
};

// Collects assignments of an update() and runs it against a filter.
class UpdateBuilder {
 public:
  UpdateBuilder(const app::Model& model, stmt::ExprPtr filter);
  void set(std::size_t field, Value v);
  bool has(std::size_t field) const;
  const std::vector<stmt::Assignment>& assignments() const { return assignments_; }
  std::uint64_t exec(Executor& ex) const;  // returns the number of rows matched

 private:
  const app::Model* model_;
  stmt::ExprPtr filter_;
  std::vector<stmt::Assignment> assignments_;
};

// The literal value of an assignment made by an UpdateBuilder.
const Value& assigned_value(const stmt::Assignment& a);

// Filter matching one record by its primary key values (in key order).
stmt::ExprPtr key_filter(const app::Model& model, std::vector<Value> key_values);

}  // namespace toasty
