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
#include "toasty/result.hpp"
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
    : std::is_same_v<T, Uuid>            ? std::is_same_v<A, Uuid>
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

// The compile-time diagnostics generated models declare for fields without an index,
// so that `User::filter_by_name(...)` fails with a message saying what to add instead
// of "no member named filter_by_name". One line per field in generated code.
#define TOASTY_NO_FILTER_BY(Model, field, schema_file)                                            \
  template <class... A>                                                                           \
  static ::toasty::Query<Model> filter_by_##field(A&&...) {                                      \
    static_assert(::toasty::detail::always_false<A...>,                                          \
                  "toasty: " #Model "." #field " has no #[index] or #[unique]: add one in " schema_file \
                  " to get filter_by_" #field ", or use " #Model "::filter(" #Model "::fields()." #field \
                  "().eq(...))");                                                                 \
    return all();                                                                                 \
  }
// `instead` says what to use: "add #[unique] in blog.toasty, or use ...".
#define TOASTY_NO_GET_BY(Model, field, instead)                                                   \
  template <class... A>                                                                           \
  static Model get_by_##field(A&&...) {                                                           \
    static_assert(::toasty::detail::always_false<A...>,                                          \
                  "toasty: " #Model "." #field " is not #[unique] or the primary key, so there is " \
                  "no get_by_" #field ": " instead);                                              \
    throw; /* not reached */                                                                      \
  }

// One relation step of a path: `relation` of `model` (User::fields().todos() is
// {User, todos}).
struct Via {
  const app::Model* model;
  std::size_t relation;
};

namespace detail {
// Wraps a filter on the last model of `via` into relation filters back to the first.
inline stmt::ExprPtr through(const std::vector<Via>& via, stmt::ExprPtr filter, std::size_t skip_last = 0) {
  for (std::size_t i = via.size() - skip_last; i-- > 0;)
    filter = stmt::related(via[i].model, via[i].relation, std::move(filter));
  return filter;
}
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

// A typed path to a field of a model. T is the field's C++ type (std::optional<X> for
// Option<X>). Comparisons accept only values of a compatible type; anything else fails
// to compile with a message naming the problem.
template <class T>
class Path {
 public:
  using value_type = detail::strip_optional_t<T>;

  Path(const app::Model* model, std::size_t field, std::vector<Via> via = {})
      : model_(model), field_(field), via_(std::move(via)) {}
  stmt::ExprPtr expr() const { return stmt::field(model_, field_); }
  const app::Model* model() const { return model_; }
  std::size_t index() const { return field_; }

#define TOASTY_PATH_CMP(NAME, OP)                                                             \
  template <class U>                                                                          \
  Filter NAME(U&& v) const {                                                                  \
    static_assert(detail::comparable_v<value_type, U>,                                        \
                  "toasty: this field cannot be compared with a value of that type "          \
                  "(strings compare with strings, integers with integers, bool with bool, "  \
                  "Uuid with toasty::Uuid)");                                                 \
    return wrap(stmt::binary(stmt::BinaryOp::OP, expr(),                                      \
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
    return wrap(stmt::in_list(expr(), std::move(list)));
  }

  // Case-sensitive prefix match, the same on every backend.
  Filter starts_with(std::string_view prefix) const {
    static_assert(std::is_same_v<value_type, std::string>,
                  "toasty: starts_with() needs a String field");
    return wrap(stmt::starts_with(expr(), stmt::value(Value(std::string(prefix)))));
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
  Filter wrap(stmt::ExprPtr e) const { return Filter(via_.empty() ? e : detail::through(via_, std::move(e))); }
  const app::Model* model_;
  std::size_t field_;
  std::vector<Via> via_;
};

// A path through a has_many relation: User::fields().todos(). Its fields filter
// "some todo matches"; any()/all() say so explicitly; include() preloads it.
template <class T>
class ManyPath : public T::Fields {
 public:
  ManyPath(std::vector<Via> outer, const app::Model* owner, std::size_t relation)
      : T::Fields(detail::extend(std::move(outer), {owner, relation})) {}
  // Some related record matches `f`.
  Filter any(const Filter& f) const { return Filter(detail::through(this->via, f.expr())); }
  // Every related record matches `f` (true when there are none).
  Filter all(const Filter& f) const {
    const Via& last = this->via.back();
    return Filter(detail::through(this->via, stmt::related(last.model, last.relation, f.expr(), true), 1));
  }
  const std::vector<Via>& chain() const { return this->via; }
};

// A path through a belongs_to or has_one relation: Todo::fields().user().name().
template <class T>
class OnePath : public T::Fields {
 public:
  OnePath(std::vector<Via> outer, const app::Model* owner, std::size_t relation)
      : T::Fields(detail::extend(std::move(outer), {owner, relation})) {}
  Filter matches(const Filter& f) const { return Filter(detail::through(this->via, f.expr())); }
  const std::vector<Via>& chain() const { return this->via; }
};

namespace detail {
// The one door to the members generated code keeps private (from_row, attach, the
// builders of Create and Update): the library reaches them through here, users do not.
struct Access {
  template <class M>
  static M from_row(Value* row) {
    return M::from_row(row);
  }
  template <class M>
  static void attach(M& m, ResultSet& rs, std::size_t row) {
    M::attach(m, rs, row);
  }
  template <class B>
  static auto& builder(B& b) {
    return b.b_;
  }
};

// Builds record `i` of `rs`: fields moved out of the row (copied when `copy`), then
// relations bound and, when included, loaded.
template <class M>
M decode(ResultSet& rs, std::size_t i, bool copy = false) {
  M m = copy ? [&] {
    std::vector<Value> tmp(rs.rows.row(i), rs.rows.row(i) + rs.rows.width);
    return Access::from_row<M>(tmp.data());
  }()
             : Access::from_row<M>(rs.rows.row(i));
  Access::attach(m, rs, i);
  return m;
}
void add_include(std::vector<stmt::Include>& tree, const std::vector<Via>& chain, std::size_t from);

// A record decoded from a streamed row (no includes: relations are bound, not loaded).
template <class M>
M decode_row(Value* row) {
  M m = Access::from_row<M>(row);
  ResultSet none;
  Access::attach(m, none, 0);
  return m;
}
// RowSinks that decode each row straight into a std::vector<M> / std::optional<M>.
template <class M>
driver::RowSink sink_into(std::vector<M>& out) {
  return {[](void* c, Value* row) { static_cast<std::vector<M>*>(c)->push_back(decode_row<M>(row)); },
          [](void* c) { static_cast<std::vector<M>*>(c)->clear(); }, &out};
}
template <class M>
driver::RowSink sink_into(std::optional<M>& out) {
  return {[](void* c, Value* row) { static_cast<std::optional<M>*>(c)->emplace(decode_row<M>(row)); },
          [](void* c) { static_cast<std::optional<M>*>(c)->reset(); }, &out};
}
}  // namespace detail

// A query over model M. M provides: static const app::Model& model(); from_row and
// attach (through detail::Access); class Update with a constructor taking a filter.
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
  // Allow a full-table read (DynamoDB: a Scan) when no key or index serves the filter.
  // Key-value backends refuse such queries unless asked this way, so that reading every
  // item is never an accident; with a key or an index behind the filter they still use
  // it, and SQL databases serve every filter, so there it changes nothing. Covers the
  // whole query: relation filters it reads, and update()/remove() by it (which read the
  // matching keys, then write item by item). order_by is then sorted in memory.
  Query& allow_full_scan() & { s_.allow_full_scan = true; return *this; }
  Query&& allow_full_scan() && { return std::move(allow_full_scan()); }

  // Preload a relation: .include(User::fields().todos()), nested paths too
  // (.include(User::fields().todos().tags())).
  template <class P>
  Query& include(const P& path) & {
    const auto& chain = path.chain();
    if (chain.empty() || chain.front().model != &M::model())
      throw InvalidStatement("toasty: include() path does not start at " + M::model().name);
    detail::add_include(s_.includes, chain, 0);
    return *this;
  }
  template <class P>
  Query&& include(const P& path) && { return std::move(include(path)); }

  std::vector<M> exec(Executor& ex) const {
    std::vector<M> out;
    const driver::RowSink sink = detail::sink_into(out);
    ResultSet rs = ex.exec(s_, s_.includes.empty() ? &sink : nullptr);
    if (rs.streamed) return out;
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(detail::decode<M>(rs, i));
    return out;
  }
  // The first record, or nullopt.
  std::optional<M> first(Executor& ex) const {
    stmt::Statement st(s_);  // the one copy of the select: it gets a limit
    std::get<stmt::Select>(st).limit = 1;
    std::optional<M> one;
    const driver::RowSink sink = detail::sink_into(one);
    ResultSet rs = ex.exec(st, s_.includes.empty() ? &sink : nullptr);
    if (rs.streamed) return one;
    if (rs.size() == 0) return std::nullopt;
    return detail::decode<M>(rs, 0);
  }
  // Exactly one record; NotFound when there is none.
  M get(Executor& ex) const {
    auto r = first(ex);
    if (!r) throw NotFound("toasty: no " + M::model().name + " matches the query");
    return std::move(*r);
  }
  // Update every matching record: Query<User>::update().bio("x").exec(db)
  typename M::Update update() const { return typename M::Update(s_.filter, s_.allow_full_scan); }
  // Remove every matching record; returns how many were removed.
  std::uint64_t remove(Executor& ex) const;

  const stmt::Select& statement() const { return s_; }
  // The plan `db` would run for this query, as text (Db::explain_plan), without running it.
  std::string explain_plan(const Db& db) const { return db.explain_plan(s_); }

 private:
  stmt::Select s_;
};

namespace detail {
std::uint64_t run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan = false);
}

template <class M>
std::uint64_t Query<M>::remove(Executor& ex) const {
  return detail::run_delete(ex, M::model(), s_.filter, s_.allow_full_scan);
}

// Collects the fields of a create() call and runs the insert. Fields left unset take
// their #[default], their #[auto] value, or NULL for Option; otherwise exec() throws
// InvalidStatement naming the missing field.
class CreateBuilder {
 public:
  explicit CreateBuilder(const app::Model& model);
  void set(std::size_t field, Value v);
  // Create a related record in the same statement (`relation` of this model).
  void nest(std::size_t relation, const CreateBuilder& related);
  // The insert statement this builder describes (nested inserts included); the &&
  // form moves the values out.
  stmt::Insert statement() const;
  stmt::Insert take_statement() &&;
  // Returns the inserted row, auto values filled in, in field order, with the
  // records created through nest() as included relations. The && form moves the values
  // into the statement instead of copying them.
  ResultSet exec(Executor& ex) const&;
  ResultSet exec(Executor& ex) &&;

  const app::Model& model() const { return *model_; }
  const std::vector<std::optional<Value>>& values() const { return values_; }
  bool has_nested() const { return !nested_.empty(); }

 private:
  const app::Model* model_;
  std::vector<std::optional<Value>> values_;
  std::vector<stmt::NestedInsert> nested_;
};

namespace detail {
// Inserts the records of several builders of one model as one multi-row statement (the
// engine splits it into batches the database accepts, atomically): rows in item order.
ResultSet insert_many(Executor& ex, const app::Model& model, const std::vector<CreateBuilder>& items);
}  // namespace detail

// User::create_many().item(User::create().name("a")...).item(...).exec(db): the records,
// in item order, with their generated keys.
template <class M>
class CreateMany {
 public:
  CreateMany& item(typename M::Create c) & {
    items_.push_back(std::move(detail::Access::builder(c)));
    return *this;
  }
  CreateMany&& item(typename M::Create c) && {
    items_.push_back(std::move(detail::Access::builder(c)));
    return std::move(*this);
  }
  std::size_t size() const { return items_.size(); }

  std::vector<M> exec(Executor& ex) const {
    ResultSet rs = detail::insert_many(ex, M::model(), items_);
    std::vector<M> out;
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(detail::decode<M>(rs, i));
    return out;
  }

 private:
  std::vector<CreateBuilder> items_;
};

// Collects assignments of an update() and runs it against a filter.
class UpdateBuilder {
 public:
  UpdateBuilder(const app::Model& model, stmt::ExprPtr filter);
  void set(std::size_t field, Value v);
  bool has(std::size_t field) const;
  // The update is by a query that allows a full-table read (Query::allow_full_scan()).
  void allow_full_scan() { allow_full_scan_ = true; }
  const std::vector<stmt::Assignment>& assignments() const { return assignments_; }
  std::uint64_t exec(Executor& ex) const;  // returns the number of rows matched

 private:
  const app::Model* model_;
  stmt::ExprPtr filter_;
  std::vector<stmt::Assignment> assignments_;
  bool allow_full_scan_ = false;
};

namespace detail {
// The literal value of an assignment made by an UpdateBuilder.
const Value& assigned_value(const stmt::Assignment& a);

// Filter matching one record by its primary key values (in key order).
stmt::ExprPtr key_filter(const app::Model& model, std::vector<Value> key_values);

[[noreturn]] void throw_not_loaded(const app::Model* owner, std::size_t relation);
}  // namespace detail

// The related records of a record: has_many (HasMany), belongs_to (BelongsTo) and
// has_one (HasOne) members of generated structs. Reading them in memory (get())
// needs them loaded (include, nested create); calling them (user.todos()) gives a
// query, which is a round trip only when executed.
template <class T>
class Scoped : public Query<T> {
 public:
  Scoped(const app::Model* owner, std::size_t relation, std::vector<Value> key)
      : Query<T>(stmt::scope(owner, relation, key)), owner_(owner), relation_(relation), key_(std::move(key)) {}

  // A create() with the foreign key already set: user.todos().create().title("x").exec(db)
  typename T::Create create() const {
    typename T::Create c;
    const app::Relation& r = direct();
    for (std::size_t i = 0; i < r.target_fields.size(); ++i)
      detail::Access::builder(c).set(r.target_fields[i], key_[i]);
    return c;
  }
  // Link an existing record: sets its foreign key (in the database and the object).
  void insert(Executor& ex, T& record) const {
    const app::Relation& r = direct();
    typename T::Update u(record);
    for (std::size_t i = 0; i < r.target_fields.size(); ++i)
      detail::Access::builder(u).set(r.target_fields[i], key_[i]);
    u.exec(ex);
  }
  // Remove every record in the scope (Query::remove).
  using Query<T>::remove;
  // Unlink a record: clears its foreign key when it is optional, else removes it.
  void remove(Executor& ex, T& record) const {
    const app::Relation& r = direct();
    if (r.optional) {
      typename T::Update u(record);
      for (std::size_t f : r.target_fields) detail::Access::builder(u).set(f, Value());
      u.exec(ex);
    } else {
      record.remove(ex);
    }
  }

 private:
  const app::Relation& direct() const {
    const app::Relation& r = owner_->relations.at(relation_);
    if (!r.via.empty() || r.kind == app::Relation::Kind::BelongsTo)
      throw InvalidStatement("toasty: " + owner_->name + "." + r.name +
                             " cannot set keys of its records; write the join/parent record instead");
    return r;
  }
  const app::Model* owner_;
  std::size_t relation_;
  std::vector<Value> key_;
};

namespace detail {
class RelationBase {
 public:
  bool is_loaded() const { return loaded_; }
  // Set by generated code when a record is built: which relation of which record.
  void bind(const app::Model* owner, std::size_t relation, std::vector<Value> key) {
    owner_ = owner;
    relation_ = relation;
    key_ = std::move(key);
  }

 protected:
  void require_loaded() const {
    if (!loaded_) detail::throw_not_loaded(owner_, relation_);
  }
  const app::Model* owner_ = nullptr;
  std::size_t relation_ = 0;
  std::vector<Value> key_;
  bool loaded_ = false;
};
}  // namespace detail

template <class T>
class HasMany : public detail::RelationBase {
 public:
  // The loaded records; NotLoaded when they were not preloaded.
  const std::vector<T>& get() const {
    require_loaded();
    return items_;
  }
  // The query for this record's related records.
  Scoped<T> operator()() const { return Scoped<T>(owner_, relation_, key_); }

  void load(ResultSet::Included& inc, std::size_t parent) {
    items_.clear();
    for (std::uint32_t k = inc.offsets[parent]; k < inc.offsets[parent + 1]; ++k)
      items_.push_back(detail::decode<T>(inc.records, inc.items[k], inc.shared_rows));
    loaded_ = true;
  }

 private:
  std::vector<T> items_;
};

namespace detail {
template <class T>
class One : public RelationBase {
 public:
  // The loaded record; NotLoaded when not preloaded, NotFound when there is none.
  const T& get() const {
    require_loaded();
    if (item_.empty()) throw NotFound("toasty: " + owner_->name + "." + owner_->relations[relation_].name + " is empty");
    return item_.front();
  }
  // The loaded record or null when there is none; NotLoaded when not preloaded.
  const T* get_if() const {
    require_loaded();
    return item_.empty() ? nullptr : &item_.front();
  }
  Scoped<T> operator()() const { return Scoped<T>(owner_, relation_, key_); }

  void load(ResultSet::Included& inc, std::size_t parent) {
    item_.clear();
    if (inc.offsets[parent] < inc.offsets[parent + 1])
      item_.push_back(detail::decode<T>(inc.records, inc.items[inc.offsets[parent]], inc.shared_rows));
    loaded_ = true;
  }

 private:
  std::vector<T> item_;  // 0 or 1; a vector because T may be incomplete here
};
}  // namespace detail

template <class T>
class BelongsTo : public detail::One<T> {};
template <class T>
class HasOne : public detail::One<T> {};

}  // namespace toasty
