#pragma once
// Typed field paths and filters: User::fields().name().starts_with("A") && ...
// Comparing a field with a value of another type does not compile.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/error.hpp"
#include "toasty/schema/app.hpp"
#include "toasty/stmt/expr.hpp"
#include "toasty/stmt/statement.hpp"  // OrderBy

namespace toasty {

// A boolean filter expression: User::fields().name().eq("Ann") && ...
class Filter {
 public:
  explicit Filter(stmt::ExprPtr e) : e_(std::move(e)) {}
  // The expression; null for always() (a query filtered by it reads every record).
  const stmt::ExprPtr& expr() const { return e_; }

  // For filters assembled from user input: always() matches every record, never() none;
  // all_of(fs) is fs[0] && fs[1] && ... (always() for none), any_of(fs) is fs[0] || ...
  // (never() for none).
  static Filter always() { return Filter(nullptr); }
  static Filter never() { return Filter(stmt::in_list(stmt::value(Value(true)), {})); }
  static Filter all_of(const std::vector<Filter>& filters) {
    Filter out = always();
    for (const Filter& f : filters) out = out && f;
    return out;
  }
  static Filter any_of(const std::vector<Filter>& filters) {
    if (filters.empty()) return never();
    Filter out = filters.front();
    for (std::size_t i = 1; i < filters.size(); ++i) out = out || filters[i];
    return out;
  }
  bool is_always() const { return !e_; }

  friend Filter operator&&(const Filter& a, const Filter& b) { return Filter(stmt::and_(a.e_, b.e_)); }
  friend Filter operator||(const Filter& a, const Filter& b) {
    return a.is_always() || b.is_always() ? always() : Filter(stmt::or_(a.e_, b.e_));
  }
  friend Filter operator!(const Filter& a) { return a.is_always() ? never() : Filter(stmt::not_(a.e_)); }

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
    std::is_enum_v<T> || SchemaNewtype<T> ? std::is_same_v<A, T>
    : std::is_same_v<T, bool>            ? std::is_same_v<A, bool>
    : std::is_same_v<T, std::string>     ? std::is_convertible_v<const U&, std::string_view>
    : std::is_same_v<T, Bytes>           ? std::is_same_v<A, Bytes>
    : std::is_same_v<T, Uuid>            ? std::is_same_v<A, Uuid>
    : std::is_same_v<T, Timestamp>       ? std::is_same_v<A, Timestamp>
    : std::is_same_v<T, Date>            ? std::is_same_v<A, Date>
    : std::is_same_v<T, DateTime>        ? std::is_same_v<A, DateTime>
    : std::is_same_v<T, Time>            ? std::is_same_v<A, Time>
    : std::is_same_v<T, Decimal>         ? std::is_same_v<A, Decimal>
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

// One relation step of a path: `relation` of `model` (User::fields().todos() is
// {User, todos}).
struct Via {
  const app::Model* model;
  std::size_t relation;
  friend bool operator==(const Via&, const Via&) = default;
};

namespace detail {
// Wraps a filter on the last model of `via` into relation filters back to the first.
inline stmt::ExprPtr through(const std::vector<Via>& via, stmt::ExprPtr filter, std::size_t skip_last = 0) {
  for (std::size_t i = via.size() - skip_last; i-- > 0;)
    filter = stmt::related(via[i].model, via[i].relation, std::move(filter));
  return filter;
}
// A filter on a path's own model, or through the relation steps that led to it.
inline Filter filter_through(const std::vector<Via>& via, stmt::ExprPtr e) {
  return Filter(via.empty() ? std::move(e) : through(via, std::move(e)));
}
// A LIKE pattern written with `escape`, rewritten with the escape every backend gets
// (stmt::ExprTextMatch::kLikeEscape). Throws InvalidStatement for an unusable escape or a
// pattern that ends with it (front/model.cpp).
std::string like_pattern(std::string_view pattern, char escape);
inline std::vector<Via> extend(std::vector<Via> via, Via step) {
  via.push_back(step);
  return via;
}
}  // namespace detail

// Base of every generated `Fields` struct: the relation steps that led to it
// (empty for Model::fields()).
struct FieldsBase {
  FieldsBase() = default;
  explicit FieldsBase(std::vector<Via> v) : via(std::move(v)) {}
  std::vector<Via> via;
};

template <class T>
class Path;
namespace detail {
template <class T> inline constexpr bool is_path_v = false;
template <class T> inline constexpr bool is_path_v<Path<T>> = true;
}  // namespace detail

// A typed path to a field of a model. T is the field's C++ type (std::optional<X> for
// Option<X>). Comparisons accept only values of a compatible type; anything else fails
// to compile with a message naming the problem.
template <class T>
class Path {
 public:
  using value_type = detail::strip_optional_t<T>;
  using field_type = T;  // what a projection (Query::select) reads it as

  Path(const app::Model* model, std::size_t field, std::vector<Via> via = {})
      : model_(model), field_(field), via_(std::move(via)) {}
  stmt::ExprPtr expr() const { return stmt::field(model_, field_); }
  const app::Model* model() const { return model_; }
  std::size_t index() const { return field_; }

  // Comparisons with a value, or with another field of the same record
  // (fields().updated_at().gt(fields().created_at())): a NULL on either side matches nothing.
#define TOASTY_PATH_CMP(NAME, OP)                                                             \
  template <class U>                                                                          \
    requires(!detail::is_path_v<std::remove_cvref_t<U>>)                                      \
  Filter NAME(U&& v) const {                                                                  \
    static_assert(detail::comparable_v<value_type, U>,                                        \
                  "toasty: this field cannot be compared with a value of that type "          \
                  "(strings compare with strings, integers with integers, bool with bool, "  \
                  "Uuid with toasty::Uuid, Decimal, Timestamp, Date, DateTime, Time, enums and newtypes with their own types)"); \
    return wrap(stmt::binary(stmt::BinaryOp::OP, expr(),                                      \
                             stmt::value(detail::to_field_value<value_type>(std::forward<U>(v))))); \
  }                                                                                           \
  template <class U>                                                                          \
  Filter NAME(const Path<U>& other) const {                                                   \
    static_assert(detail::comparable_v<value_type, typename Path<U>::value_type>,             \
                  "toasty: these two fields cannot be compared: their types differ");        \
    return with_field(stmt::BinaryOp::OP, other);                                             \
  }
  TOASTY_PATH_CMP(eq, Eq)
  TOASTY_PATH_CMP(ne, Ne)
  TOASTY_PATH_CMP(lt, Lt)
  TOASTY_PATH_CMP(le, Le)
  TOASTY_PATH_CMP(gt, Gt)
  TOASTY_PATH_CMP(ge, Ge)
#undef TOASTY_PATH_CMP

  // lo <= field <= hi (both ends included, as SQL's BETWEEN).
  template <class U, class V>
  Filter between(U&& lo, V&& hi) const {
    static_assert(detail::comparable_v<value_type, U> && detail::comparable_v<value_type, V>,
                  "toasty: between() takes two values of the field's type");
    return wrap(stmt::and_(
        stmt::binary(stmt::BinaryOp::Ge, expr(), stmt::value(detail::to_field_value<value_type>(std::forward<U>(lo)))),
        stmt::binary(stmt::BinaryOp::Le, expr(), stmt::value(detail::to_field_value<value_type>(std::forward<V>(hi))))));
  }

  template <class U>
  Filter in_list(const std::vector<U>& values) const {
    static_assert(detail::comparable_v<value_type, U>,
                  "toasty: in_list values must have the field's type");
    std::vector<stmt::ExprPtr> list;
    list.reserve(values.size());
    for (const auto& v : values) list.push_back(stmt::value(detail::to_field_value<value_type>(v)));
    return wrap(stmt::in_list(expr(), std::move(list)));
  }

  // Case-sensitive text matching by characters, the same on every backend (no wildcards:
  // `%` and `_` are plain characters). DynamoDB serves starts_with on a sort key and
  // contains/starts_with as filters; ends_with is checked on the items it reads.
  Filter starts_with(std::string_view prefix) const { return match(stmt::ExprTextMatch::Kind::StartsWith, prefix); }
  Filter ends_with(std::string_view suffix) const { return match(stmt::ExprTextMatch::Kind::EndsWith, suffix); }
  Filter contains(std::string_view part) const { return match(stmt::ExprTextMatch::Kind::Contains, part); }
  // The same, ignoring ASCII case: A-Z match a-z, every other character only itself (É is
  // not é), on every backend alike, whatever its collation or locale.
  Filter eq_ignore_case(std::string_view text) const { return match(stmt::ExprTextMatch::Kind::Equals, text, true); }
  Filter starts_with_ignore_case(std::string_view prefix) const {
    return match(stmt::ExprTextMatch::Kind::StartsWith, prefix, true);
  }
  Filter ends_with_ignore_case(std::string_view suffix) const {
    return match(stmt::ExprTextMatch::Kind::EndsWith, suffix, true);
  }
  Filter contains_ignore_case(std::string_view part) const {
    return match(stmt::ExprTextMatch::Kind::Contains, part, true);
  }
  // SQL LIKE, case-sensitive on every backend: `%` any run of characters, `_` one
  // character; `escape` before %, _ or itself makes it literal ("100\%" is "100%"). The
  // escape may not be a letter, a digit, %, _ or a quote; a pattern may not end with it.
  // Throws InvalidStatement otherwise. like_ignore_case() folds ASCII case as above.
  Filter like(std::string_view pattern, char escape = '\\') const {
    return match(stmt::ExprTextMatch::Kind::Like, detail::like_pattern(pattern, escape), false);
  }
  Filter like_ignore_case(std::string_view pattern, char escape = '\\') const {
    return match(stmt::ExprTextMatch::Kind::Like, detail::like_pattern(pattern, escape), true);
  }

  // One of the values another query selects: Post::fields().author_id() is in
  //   User::filter_by_country("NZ").select(User::fields().id())
  // (a subquery on SQL; DynamoDB reads the inner query first). not_in_query: none of them.
  template <class Q>
  Filter in_query(const Q& query) const { return subquery(query, false); }
  template <class Q>
  Filter not_in_query(const Q& query) const { return subquery(query, true); }

  // Not one of `values` (a NULL field is in no list and not outside one either: no match).
  template <class U>
  Filter not_in(const std::vector<U>& values) const {
    return !in_list(values);
  }

  Filter is_none() const {
    static_assert(!std::is_same_v<T, value_type>, "toasty: is_none() needs an Option<T> field");
    return wrap(stmt::is_null(expr()));
  }
  Filter is_some() const {
    static_assert(!std::is_same_v<T, value_type>, "toasty: is_some() needs an Option<T> field");
    return wrap(stmt::not_(stmt::is_null(expr())));
  }

  stmt::OrderBy asc() const { return {expr(), false}; }
  stmt::OrderBy desc() const { return {expr(), true}; }

 private:
  template <class>
  friend class Path;
  Filter wrap(stmt::ExprPtr e) const { return detail::filter_through(via_, std::move(e)); }
  template <class U>
  Filter with_field(stmt::BinaryOp op, const Path<U>& other) const {
    if (other.model_ == model_ && other.via_ == via_) return wrap(stmt::binary(op, expr(), other.expr()));
    // One path reaches further through relations than the other (a field of a related
    // record): the comparison runs inside that relation's filter, the nearer field read from
    // the record it filters (SQL: a correlated subquery).
    const std::vector<Via>& a = via_;
    const std::vector<Via>& b = other.via_;
    const std::vector<Via>& longer = a.size() > b.size() ? a : b;
    const std::vector<Via>& shorter = a.size() > b.size() ? b : a;
    if (longer.size() == shorter.size() || !std::equal(shorter.begin(), shorter.end(), longer.begin()))
      throw InvalidStatement("toasty: a field compares with a field of the same record or of a record related to it (" +
                             model_->name + "." + model_->fields.at(field_).name + " with " + other.model_->name +
                             "." + other.model_->fields.at(other.field_).name + " is neither)");
    return Filter(detail::through(longer, stmt::binary(op, expr(), other.expr())));
  }
  template <class Q>
  Filter subquery(const Q& query, bool negate) const {
    using Row = typename Q::Row;
    static_assert(std::tuple_size_v<Row> == 1, "toasty: in_query() takes a query that selects one field");
    static_assert(detail::comparable_v<value_type, detail::strip_optional_t<std::tuple_element_t<0, Row>>>,
                  "toasty: in_query() compares a field with a query of another type");
    return wrap(stmt::in_subquery({expr()}, std::make_shared<const stmt::Select>(query.statement()), negate));
  }
  Filter match(stmt::ExprTextMatch::Kind kind, std::string_view text, bool ignore_case = false) const {
    static_assert(std::is_same_v<value_type, std::string>,
                  "toasty: starts_with(), ends_with(), contains(), like() and the ignore_case matches need a "
                  "String field");
    std::string pattern(text);
    if (ignore_case)
      for (char& c : pattern) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return wrap(stmt::text_match(kind, expr(), stmt::value(Value(std::move(pattern))), ignore_case));
  }
  const app::Model* model_;
  std::size_t field_;
  std::vector<Via> via_;
};

// Several fields compared together with tuples of values (tuple_of): a composite key in a
// list. Each tuple is `a = x AND b = y`, any of them matching: on DynamoDB a list of whole
// keys is read by key (BatchGetItem); a NULL field matches no tuple, in_list or not_in.
template <class... T>
class TuplePath {
 public:
  explicit TuplePath(const Path<T>&... paths) : paths_(paths...) {}

  template <class... U>
  Filter in_list(const std::vector<std::tuple<U...>>& rows) const {
    static_assert(sizeof...(U) == sizeof...(T), "toasty: in_list() takes tuples of one value per field");
    static_assert((detail::comparable_v<typename Path<T>::value_type, U> && ...),
                  "toasty: in_list() tuples hold values of the fields' types, in order");
    std::vector<Filter> any;
    any.reserve(rows.size());
    for (const auto& row : rows) any.push_back(match(row, std::index_sequence_for<T...>{}));
    return Filter::any_of(any);  // never() for no tuples
  }
  template <class... U>
  Filter not_in(const std::vector<std::tuple<U...>>& rows) const {
    return !in_list(rows);
  }

 private:
  template <class Row, std::size_t... I>
  Filter match(const Row& row, std::index_sequence<I...>) const {
    return Filter::all_of({std::get<I>(paths_).eq(std::get<I>(row))...});
  }
  std::tuple<Path<T>...> paths_;
};

// toasty::tuple_of(f.queue(), f.number()).in_list(std::vector<std::tuple<std::string,
// std::int64_t>>{{"q", 1}, {"q", 5}}).
template <class... T>
TuplePath<T...> tuple_of(const Path<T>&... paths) {
  static_assert(sizeof...(T) >= 2, "toasty: tuple_of() takes two fields or more");
  return TuplePath<T...>(paths...);
}

// A typed path to a Vec<E> field: membership, the same on every backend (PostgreSQL's
// array operators, MySQL's JSON_CONTAINS/JSON_OVERLAPS, SQLite's json_each, DynamoDB's
// contains() and size()). Elements compare as Path<E> values do.
template <class E>
class ListPath {
 public:
  using value_type = E;

  ListPath(const app::Model* model, std::size_t field, std::vector<Via> via = {})
      : model_(model), field_(field), via_(std::move(via)) {}
  stmt::ExprPtr expr() const { return stmt::field(model_, field_); }

  // The list holds `v`.
  template <class U>
  Filter contains(U&& v) const {
    static_assert(detail::comparable_v<E, U>, "toasty: contains() takes a value of the list's element type");
    Value::List one;
    one.push_back(detail::to_field_value<E>(std::forward<U>(v)));
    return op(stmt::ExprListOp::Kind::ContainsAll, std::move(one));
  }
  // The list holds every one of `values` (true for none).
  template <class U>
  Filter contains_all(const std::vector<U>& values) const {
    return op(stmt::ExprListOp::Kind::ContainsAll, elements(values));
  }
  // The list holds at least one of `values` (false for none).
  template <class U>
  Filter contains_any(const std::vector<U>& values) const {
    return op(stmt::ExprListOp::Kind::ContainsAny, elements(values));
  }
  Filter is_empty() const {
    return detail::filter_through(via_, stmt::list_op(stmt::ExprListOp::Kind::IsEmpty, expr(), nullptr));
  }

 private:
  template <class U>
  static Value::List elements(const std::vector<U>& values) {
    static_assert(detail::comparable_v<E, U>, "toasty: the values must have the list's element type");
    Value::List out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(detail::to_field_value<E>(v));
    return out;
  }
  Filter op(stmt::ExprListOp::Kind kind, Value::List values) const {
    return detail::filter_through(via_, stmt::list_op(kind, expr(), stmt::value(Value(std::move(values)))));
  }
  const app::Model* model_;
  std::size_t field_;
  std::vector<Via> via_;
};

// A path through a relation to model T: the fields of T, reached through `via`.
template <class T>
class RelationPath : public T::Fields {
 public:
  using target_type = T;
  RelationPath(std::vector<Via> outer, const app::Model* owner, std::size_t relation)
      : T::Fields(detail::extend(std::move(outer), {owner, relation})) {}
  const std::vector<Via>& chain() const { return this->via; }
};

namespace detail {
// What a filtered include() reads of the relation at the end of its chain.
struct IncludeOptions {
  stmt::ExprPtr filter;
  std::vector<stmt::OrderBy> order_by;
  std::optional<std::uint64_t> limit;
};
}  // namespace detail

// A has_many relation to preload only in part (ManyPath::filter/order_by/limit):
// .include(User::fields().todos().filter(Todo::fields().done().eq(false))
//                                .order_by(Todo::fields().title().asc()).limit(5))
template <class T>
class IncludeOf {
 public:
  using target_type = T;
  explicit IncludeOf(std::vector<Via> chain) : chain_(std::move(chain)) {}
  // Only the related records matching `f` (several calls: all of them).
  IncludeOf filter(const Filter& f) const {
    IncludeOf out = *this;
    out.options_.filter = stmt::and_(out.options_.filter, f.expr());
    return out;
  }
  // Each parent's records in this order (then_by: a tie-breaker).
  IncludeOf order_by(stmt::OrderBy o) const {
    IncludeOf out = *this;
    out.options_.order_by.push_back(std::move(o));
    return out;
  }
  IncludeOf then_by(stmt::OrderBy o) const { return order_by(std::move(o)); }
  // At most `n` records per parent: the first in the order (the key's without one).
  IncludeOf limit(std::uint64_t n) const {
    IncludeOf out = *this;
    out.options_.limit = n;
    return out;
  }
  const std::vector<Via>& chain() const { return chain_; }
  const detail::IncludeOptions& include_options() const { return options_; }

 private:
  std::vector<Via> chain_;
  detail::IncludeOptions options_;
};

// A path through a has_many relation: User::fields().todos(). Its fields filter
// "some todo matches"; any()/all() say so explicitly; include() preloads it, and
// filter()/order_by()/limit() make it a partial preload (IncludeOf).
template <class T>
class ManyPath : public RelationPath<T> {
 public:
  using RelationPath<T>::RelationPath;
  IncludeOf<T> filter(const Filter& f) const { return IncludeOf<T>(this->via).filter(f); }
  IncludeOf<T> order_by(stmt::OrderBy o) const { return IncludeOf<T>(this->via).order_by(std::move(o)); }
  IncludeOf<T> limit(std::uint64_t n) const { return IncludeOf<T>(this->via).limit(n); }
  // Some related record matches `f`.
  Filter any(const Filter& f) const { return Filter(detail::through(this->via, f.expr())); }
  // Every related record matches `f` (true when there are none).
  Filter all(const Filter& f) const {
    if (f.is_always()) return f;
    const Via& last = this->via.back();
    return Filter(detail::through(this->via, stmt::related(last.model, last.relation, f.expr(), true), 1));
  }
};

// A path through a belongs_to or has_one relation: Todo::fields().user().name().
template <class T>
class OnePath : public RelationPath<T> {
 public:
  using RelationPath<T>::RelationPath;
  Filter matches(const Filter& f) const { return Filter(detail::through(this->via, f.expr())); }
};

}  // namespace toasty
