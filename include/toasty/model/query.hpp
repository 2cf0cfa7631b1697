#pragma once
// Query<M>: what User::filter(...), filter_by_*() and relation scopes return; runs as
// one plan, decoding rows straight into the generated structs.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <type_traits>
#include <vector>

#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/decode.hpp"
#include "toasty/model/deferred.hpp"
#include "toasty/model/group_by.hpp"
#include "toasty/model/page.hpp"
#include "toasty/model/path.hpp"
#include "toasty/model/stream.hpp"
#include "toasty/result.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {
namespace detail {
// Adds the includes of `chain` from its position `from`; `options` (a filtered include)
// apply to the chain's last relation.
void add_include(std::vector<stmt::Include>& tree, const std::vector<Via>& chain, std::size_t from,
                 const IncludeOptions* options = nullptr);
// Runs `aggregates` over what `query` matches: one value each (the slices of a split
// statement combined). `floating`: the sums are of floating-point fields.
std::vector<Value> aggregate(Executor& ex, const stmt::Select& query, const std::vector<stmt::Aggregate>& aggregates,
                             bool floating);
double average(const Value& sum, const Value& count);

}  // namespace detail

template <class M, class... T>
class Projection;

// A query over model M. M provides: static const app::Model& model(); from_row and
// attach (through detail::Access); class UpdateQuery with a constructor taking a filter.
template <class M>
class Query {
 public:
  Query() {
    s_.model = &M::model();
    s_.skip_deferred = true;  // Deferred<T> fields: read when include()d
  }
  explicit Query(stmt::ExprPtr filter) : Query() { s_.filter = std::move(filter); }

  Query& filter(const Filter& f) & {
    s_.filter = s_.filter ? stmt::and_(s_.filter, f.expr()) : f.expr();
    return *this;
  }
  Query&& filter(const Filter& f) && { return std::move(filter(f)); }
  // order_by(a) then then_by(b): by a, ties by b. (order_by after order_by adds a key too.)
  Query& order_by(stmt::OrderBy o) & { s_.order_by.push_back(std::move(o)); return *this; }
  Query&& order_by(stmt::OrderBy o) && { return std::move(order_by(std::move(o))); }
  Query& then_by(stmt::OrderBy o) & { return order_by(std::move(o)); }
  Query&& then_by(stmt::OrderBy o) && { return std::move(order_by(std::move(o))); }
  // Replace the filter or the ordering: for queries built step by step from user input.
  Query& set_filter(const Filter& f) & { s_.filter = f.expr(); return *this; }
  Query&& set_filter(const Filter& f) && { return std::move(set_filter(f)); }
  Query& set_order_by(std::vector<stmt::OrderBy> keys) & { s_.order_by = std::move(keys); return *this; }
  Query&& set_order_by(std::vector<stmt::OrderBy> keys) && { return std::move(set_order_by(std::move(keys))); }
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

  // A model with a #[soft_delete] field: see the removed records too, or only them (a query
  // leaves them out by default, as do relations and includes).
  Query& with_deleted() & { s_.deleted = stmt::Deleted::Include; return *this; }
  Query&& with_deleted() && { return std::move(with_deleted()); }
  Query& only_deleted() & { s_.deleted = stmt::Deleted::Only; return *this; }
  Query&& only_deleted() && { return std::move(only_deleted()); }

  // Lock the rows read until the transaction ends (SELECT ... FOR UPDATE / FOR SHARE), so
  // that no other transaction changes them meanwhile: PostgreSQL and MySQL/MariaDB, in a
  // transaction (outside one: InvalidStatement). SQLite accepts them and needs none (its
  // transactions write one at a time). DynamoDB has no row locks (UnsupportedQuery).
  // Included relations are read without locks.
  Query& for_update() & { s_.lock.mode = stmt::RowLock::Mode::Update; return *this; }
  Query&& for_update() && { return std::move(for_update()); }
  Query& for_share() & { s_.lock.mode = stmt::RowLock::Mode::Share; return *this; }
  Query&& for_share() && { return std::move(for_share()); }
  // With for_update()/for_share(): rows another transaction has locked are left out
  // (a job queue's workers each claim other rows) ...
  Query& skip_locked() & { s_.lock.wait = stmt::RowLock::Wait::SkipLocked; return *this; }
  Query&& skip_locked() && { return std::move(skip_locked()); }
  // ... or fail at once (a retryable DatabaseError, PostgreSQL 55P03 / MySQL 3572) instead of waiting.
  Query& nowait() & { s_.lock.wait = stmt::RowLock::Wait::NoWait; return *this; }
  Query&& nowait() && { return std::move(nowait()); }

  // Preload a relation: .include(User::fields().todos()), nested paths too
  // (.include(User::fields().todos().tags())); or read a Deferred<T> field with the
  // records: .include(Doc::fields().body()).
  template <class P>
  Query& include(const P& path) & {
    if constexpr (requires { path.deferred_field(); }) {
      if (path.model() != &M::model())
        throw InvalidStatement("toasty: include() of a deferred field of another model than " + M::model().name);
      s_.load_deferred.push_back(path.deferred_field());
    } else {
      const auto& chain = path.chain();
      if (chain.empty() || chain.front().model != &M::model())
        throw InvalidStatement("toasty: include() path does not start at " + M::model().name);
      if constexpr (requires { path.include_options(); })
        detail::add_include(s_.includes, chain, 0, &path.include_options());
      else
        detail::add_include(s_.includes, chain, 0);
    }
    return *this;
  }
  template <class P>
  Query&& include(const P& path) && { return std::move(include(path)); }

  std::vector<M> exec(Executor& ex) const {
    std::vector<M> out;
    const detail::LoadedFields loaded(s_);
    detail::SinkTarget<std::vector<M>> target{&out, loaded};
    const driver::RowSink sink = detail::sink_into(target);
    ResultSet rs = ex.exec(s_, s_.includes.empty() ? &sink : nullptr);
    if (rs.streamed) return out;
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(detail::decode<M>(rs, i, false, loaded));
    return out;
  }
  // The first record, or nullopt.
  std::optional<M> first(Executor& ex) const {
    stmt::Statement st(s_);  // the one copy of the select: it gets a limit
    std::get<stmt::Select>(st).limit = 1;
    std::optional<M> one;
    const detail::LoadedFields loaded(s_);
    detail::SinkTarget<std::optional<M>> target{&one, loaded};
    const driver::RowSink sink = detail::sink_into(target);
    ResultSet rs = ex.exec(st, s_.includes.empty() ? &sink : nullptr);
    if (rs.streamed) return one;
    if (rs.size() == 0) return std::nullopt;
    return detail::decode<M>(rs, 0, false, loaded);
  }
  // The last record in the query's order, or nullopt: the first of the reversed order (NULLs,
  // first ascending, are then last). The query must have an order_by: without one, no
  // record is last on every backend.
  std::optional<M> last(Executor& ex) const {
    if (s_.order_by.empty())
      throw InvalidStatement("toasty: last() needs an order_by (" + M::model().name +
                             " records have no order of their own on every backend)");
    if (s_.offset || s_.limit)
      throw InvalidStatement("toasty: last() of a query with a limit or an offset: reverse its order_by instead");
    Query reversed = *this;
    for (auto& o : reversed.s_.order_by) o.descending = !o.descending;
    return reversed.first(ex);
  }
  // How many records match (after limit and offset): COUNT(*) in SQL; DynamoDB counts the
  // items its key or index query reads (a Scan only with allow_full_scan()).
  std::uint64_t count(Executor& ex) const {
    stmt::Select s = s_;
    s.count = true;
    s.includes.clear();
    s.load_deferred.clear();
    ResultSet rs = ex.exec(stmt::Statement(std::move(s)), nullptr);
    std::uint64_t n = 0;  // a long in_list runs in slices: one count each
    for (std::size_t i = 0; i < rs.size(); ++i) n += rs.rows.row(i)[0].template to<std::uint64_t>();
    return n;
  }
  // Whether any record matches.
  bool exists(Executor& ex) const {
    if (s_.limit && *s_.limit == 0) return false;
    Query one = *this;
    one.s_.limit = 1;
    return one.count(ex) > 0;
  }
  // Aggregates of a field over the matching records (after limit and offset), computed by
  // the database; NULLs are skipped. sum(): 0 over no records; an integer field sums to
  // std::int64_t (std::uint64_t unsigned), a floating one to double. min()/max(): the
  // field's type, nullopt over no values. avg(): a double, nullopt over no values.
  // DynamoDB has no aggregates and refuses them by name (count() it has).
  template <class T>
  auto sum(Executor& ex, const Path<T>& field) const {
    using V = typename Path<T>::value_type;
    static_assert(std::is_arithmetic_v<V> && !std::is_same_v<V, bool>,
                  "toasty: sum() and avg() need an integer or floating-point field");
    Value v = detail::aggregate(ex, s_, {{stmt::Aggregate::Fn::Sum, of(field)}}, std::is_floating_point_v<V>)[0];
    if constexpr (std::is_floating_point_v<V>) return v.is_null() ? 0.0 : v.as_f64();
    else if constexpr (std::is_signed_v<V>) return v.is_null() ? std::int64_t{0} : v.as_i64();
    else return v.is_null() ? std::uint64_t{0} : v.as_u64();
  }
  template <class T>
  std::optional<double> avg(Executor& ex, const Path<T>& field) const {
    using V = typename Path<T>::value_type;
    static_assert(std::is_arithmetic_v<V> && !std::is_same_v<V, bool>,
                  "toasty: sum() and avg() need an integer or floating-point field");
    auto v = detail::aggregate(ex, s_, {{stmt::Aggregate::Fn::Sum, of(field)}, {stmt::Aggregate::Fn::Count, of(field)}},
                               std::is_floating_point_v<V>);
    if (v[1].is_null() || v[1].as_i64() == 0) return std::nullopt;
    return detail::average(v[0], v[1]);
  }
  template <class T>
  auto min(Executor& ex, const Path<T>& field) const { return extreme(ex, field, stmt::Aggregate::Fn::Min); }
  template <class T>
  auto max(Executor& ex, const Path<T>& field) const { return extreme(ex, field, stmt::Aggregate::Fn::Max); }

  // Exactly one record; NotFound when there is none.
  M get(Executor& ex) const {
    auto r = first(ex);
    if (!r) throw NotFound("toasty: no " + M::model().name + " matches the query");
    return std::move(*r);
  }
  // The matching records one at a time, in constant memory: for (User& u : query.stream(db)).
  // The stream holds a connection until it is destroyed or read to the end (a
  // transaction's: that transaction runs nothing else meanwhile). SQLite steps its
  // statement, PostgreSQL reads in single-row mode, MySQL fetches from the server
  // unbuffered, DynamoDB reads a page (1 MB at most) at a time. Without include() (preload
  // page by page with paginate()); on DynamoDB, in the order one partition's sort key gives
  // or none. A lost connection ends the stream with a ConnectionError saying how many
  // records came before; the stream never starts again by itself.
  Stream<M> stream(Executor& ex) const { return Stream<M>(ex.open_stream(s_), s_); }
  // Cursor pagination: pages of at most `per_page` records in the query's order_by (which
  // it needs; the model's key breaks ties). .exec(db) reads the first page; Page::next()
  // and prev() the others; .after(cursor) / .before(cursor) resume where a client left.
  Paginate<M> paginate(std::uint64_t per_page) const { return Paginate<M>(s_, per_page); }
  // The records related to those this query matches, through a relation path:
  // User::filter_by_country("NZ").related(User::fields().todos()) is every todo of a New
  // Zealand user (one statement on SQL, a subquery; DynamoDB reads the users' keys, then
  // the todos by their foreign-key index). Nested paths step further
  // (.related(User::fields().todos().tags())). The query may not have a limit or offset.
  template <class P>
  Query<typename P::target_type> related(const P& path) const {
    const auto& chain = path.chain();
    if (chain.empty() || chain.front().model != &M::model())
      throw InvalidStatement("toasty: related() path does not start at " + M::model().name);
    if (s_.limit || s_.offset)
      throw InvalidStatement("toasty: related() of a query with a limit or an offset (" + M::model().name +
                             "): filter the records instead");
    stmt::ExprPtr f = s_.filter;
    for (const Via& step : chain) f = stmt::scope_of(step.model, step.relation, std::move(f));
    Query<typename P::target_type> out(std::move(f));
    if (s_.allow_full_scan) out.allow_full_scan();
    return out;
  }
  // Read only some fields: .select(fields().name(), fields().email()).exec(db) returns a
  // std::vector<std::tuple<std::string, std::string>>; the other columns are not read.
  template <class... T>
  Projection<M, T...> select(const Path<T>&... fields) const {
    static_assert(sizeof...(T) > 0, "toasty: select() takes at least one field");
    stmt::Select s = s_;
    s.skip_deferred = false;  // a projected deferred field is read; the others are not at all
    s.load_deferred.clear();
    s.project = {((void)of(fields), fields.index())...};
    return Projection<M, T...>(std::move(s));
  }
  // Group the matching records by fields: .group_by(fields().country()).count(db) is a
  // std::vector<std::tuple<std::string, std::uint64_t>>, one per country in key order;
  // sum/min/max/avg of a field per group likewise, having() to keep some groups (GroupBy).
  // SQL backends only (DynamoDB refuses it by name); the query may not have a limit or offset.
  template <class... K>
  GroupBy<M, K...> group_by(const Path<K>&... keys) const {
    static_assert(sizeof...(K) > 0, "toasty: group_by() takes at least one field");
    if (s_.limit || s_.offset)
      throw InvalidStatement("toasty: group_by() of a query with a limit or an offset (" + M::model().name +
                             "): filter the records instead");
    stmt::Select s = s_;
    s.includes.clear();
    s.load_deferred.clear();
    s.project.clear();
    s.group_by = {of(keys)...};
    s.order_by.clear();
    for (const auto& k : s.group_by) s.order_by.push_back({k, false});
    return GroupBy<M, K...>(std::move(s));
  }
  // Update every matching record: Query<User>::update().bio("x").exec(db)
  typename M::UpdateQuery update() const { return typename M::UpdateQuery(s_.filter, s_.allow_full_scan); }
  // Remove every matching record; returns how many were removed.
  std::uint64_t remove(Executor& ex) const;
  // A model with a #[soft_delete] field: remove() sets it (the records stay in the table);
  // force_remove() deletes the matching records for good (with_deleted() / only_deleted()
  // reach removed ones); restore() clears it on the removed records that match. Each
  // returns how many records it changed.
  std::uint64_t force_remove(Executor& ex) const;
  std::uint64_t restore(Executor& ex) const;

  const stmt::Select& statement() const { return s_; }
  // The plan `db` would run for this query, as text (Db::explain_plan), without running it.
  std::string explain_plan(const Db& db) const { return db.explain_plan(s_); }

 private:
  // The field of a model path, for an aggregate or a projection: of this query's model,
  // not through a relation.
  template <class T>
  static stmt::ExprPtr of(const Path<T>& field) {
    if (field.model() != &M::model())
      throw InvalidStatement("toasty: a query of " + M::model().name + " records aggregates or selects fields of " +
                             M::model().name + " (" + field.model()->name + "." +
                             field.model()->fields.at(field.index()).name + " is another model's)");
    return field.expr();
  }
  template <class T>
  std::optional<typename Path<T>::value_type> extreme(Executor& ex, const Path<T>& field, stmt::Aggregate::Fn fn) const {
    using V = typename Path<T>::value_type;
    static_assert(!std::is_enum_v<V> && !SchemaNewtype<V>,
                  "toasty: min() and max() take numbers, text, bytes, UUIDs, decimals and times (not enums or newtypes)");
    Value v = detail::aggregate(ex, s_, {{fn, of(field)}}, std::is_floating_point_v<V>)[0];
    if (v.is_null()) return std::nullopt;
    return v.template to<V>();
  }
  stmt::Select s_;
};

// A projection (Query::select): tuples of some fields of the matching records, in the
// query's order. A relation include()d before select() is not read.
template <class M, class... T>
class Projection {
 public:
  explicit Projection(stmt::Select s) : s_(std::move(s)) { s_.includes.clear(); }
  using Row = std::tuple<T...>;

  std::vector<Row> exec(Executor& ex) const { return rows(ex, s_); }
  const stmt::Select& statement() const { return s_; }
  // Each distinct tuple once (SELECT DISTINCT). An order_by must be of selected fields.
  // SQL backends only: DynamoDB refuses it by name.
  Projection& distinct() & {
    for (const auto& o : s_.order_by) {
      const auto* f = std::get_if<stmt::ExprField>(&o.expr->node);
      if (!f || std::find(s_.project.begin(), s_.project.end(), f->field) == s_.project.end())
        throw InvalidStatement("toasty: distinct() rows of " + M::model().name +
                               " are ordered by selected fields only (select the field, or order by another)");
    }
    s_.distinct = true;
    return *this;
  }
  Projection&& distinct() && { return std::move(distinct()); }
  std::optional<Row> first(Executor& ex) const {
    stmt::Select one = s_;
    one.limit = 1;
    auto r = rows(ex, one);
    if (r.empty()) return std::nullopt;
    return std::move(r.front());
  }

 private:
  static std::vector<Row> rows(Executor& ex, const stmt::Select& s) {
    ResultSet rs = ex.exec(stmt::Statement(s), nullptr);
    std::vector<Row> out;
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(row(rs.rows.row(i), s.project, std::index_sequence_for<T...>{}));
    return out;
  }
  // Each value is moved out of the row unless the same field comes again later.
  template <class V>
  static V read(Value* values, const std::vector<std::size_t>& fields, std::size_t i) {
    for (std::size_t k = i + 1; k < fields.size(); ++k)
      if (fields[k] == fields[i]) return values[fields[i]].template to<V>();
    return values[fields[i]].template take<V>();
  }
  template <std::size_t... I>
  static Row row(Value* values, const std::vector<std::size_t>& fields, std::index_sequence<I...>) {
    return Row{read<T>(values, fields, I)...};  // braces: read left to right
  }
  stmt::Select s_;
};

// A paginated query (Query::paginate): reads one Page<M>.
template <class M>
class Paginate {
 public:
  Paginate(stmt::Select query, std::uint64_t per_page) : query_(std::move(query)), per_page_(per_page) {}
  // The page after / before the record a cursor (Page::next_cursor(), prev_cursor())
  // stands for. Throws InvalidCursor (at exec) for text this query did not hand out.
  Paginate& after(std::string_view cursor) & { return at(cursor, false); }
  Paginate&& after(std::string_view cursor) && { return std::move(at(cursor, false)); }
  Paginate& before(std::string_view cursor) & { return at(cursor, true); }
  Paginate&& before(std::string_view cursor) && { return std::move(at(cursor, true)); }

  Page<M> exec(Executor& ex) const {
    const detail::PageOrder order = detail::page_order(query_);
    std::optional<std::vector<Value>> position;
    if (cursor_) position = detail::decode_cursor(order, *cursor_);
    ResultSet rs = ex.exec(detail::page_statement(query_, order, per_page_, position ? &*position : nullptr, backward_),
                           nullptr);
    const bool more = rs.size() > per_page_;
    const std::size_t n = more ? static_cast<std::size_t>(per_page_) : rs.size();
    Page<M> page;
    page.query_ = query_;
    page.per_page_ = per_page_;
    if (n > 0) {
      // Read backward, the rows come nearest first.
      const std::size_t first = backward_ ? n - 1 : 0, last = backward_ ? 0 : n - 1;
      if (backward_ ? cursor_.has_value() : more) page.next_cursor_ = detail::encode_cursor(order, rs.rows.row(last));
      if (backward_ ? more : cursor_.has_value()) page.prev_cursor_ = detail::encode_cursor(order, rs.rows.row(first));
    }
    const detail::LoadedFields loaded(query_);
    page.items.reserve(n);
    for (std::size_t k = 0; k < n; ++k) page.items.push_back(detail::decode<M>(rs, backward_ ? n - 1 - k : k, false, loaded));
    return page;
  }

 private:
  Paginate& at(std::string_view cursor, bool backward) {
    cursor_ = std::string(cursor);
    backward_ = backward;
    return *this;
  }
  stmt::Select query_;
  std::uint64_t per_page_;
  std::optional<std::string> cursor_;
  bool backward_ = false;
};

template <class M>
std::optional<Page<M>> Page<M>::next(Executor& ex) const {
  if (!next_cursor_) return std::nullopt;
  return Paginate<M>(query_, per_page_).after(*next_cursor_).exec(ex);
}
template <class M>
std::optional<Page<M>> Page<M>::prev(Executor& ex) const {
  if (!prev_cursor_) return std::nullopt;
  return Paginate<M>(query_, per_page_).before(*prev_cursor_).exec(ex);
}

namespace detail {
// Removes the records of `model` matching `filter` (among those `deleted` sees); a model with
// a #[soft_delete] field has its field set instead, unless `force`.
std::uint64_t run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan = false,
                         stmt::Deleted deleted = stmt::Deleted::Hide, bool force = false);
// Clears the #[soft_delete] field of the removed records of `model` matching `filter`.
std::uint64_t run_restore(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan = false);
}

template <class M>
std::uint64_t Query<M>::remove(Executor& ex) const {
  return detail::run_delete(ex, M::model(), s_.filter, s_.allow_full_scan, s_.deleted);
}

template <class M>
std::uint64_t Query<M>::force_remove(Executor& ex) const {
  return detail::run_delete(ex, M::model(), s_.filter, s_.allow_full_scan, s_.deleted, true);
}

template <class M>
std::uint64_t Query<M>::restore(Executor& ex) const {
  return detail::run_restore(ex, M::model(), s_.filter, s_.allow_full_scan);
}


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

}  // namespace toasty
