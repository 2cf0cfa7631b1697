#pragma once
// Cursor pagination: Query<M>::paginate(per_page) returns a Paginate<M>, whose exec()
// returns a Page<M>: the records, whether more lie either way, and cursors to reach them.
// Pages seek by position (keyset pagination), so inserts and removals elsewhere in the
// order neither skip nor repeat records, and a deep page costs what the first one does.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

class Executor;

namespace detail {
// The order a page query runs in: the query's order_by, then the model's key fields it
// lacks (so that no two records tie and every cursor is one position), by field.
struct PageOrder {
  std::vector<std::size_t> fields;
  std::vector<bool> descending;
  std::size_t tie_breakers = 0;
  std::string signature;  // model and order, for cursors: a cursor fits only its own
};
PageOrder page_order(const stmt::Select& query);
// The statement reading one page: `per_page` + 1 records (the extra one says a next page
// exists) after `position` (a decoded cursor) or from the start; `backward` reads the
// records before `position`, nearest first.
stmt::Select page_statement(const stmt::Select& query, const PageOrder& order, std::uint64_t per_page,
                            const std::vector<Value>* position, bool backward);
// A cursor: the position of the record whose values (model field order) are `row`.
std::string encode_cursor(const PageOrder& order, const Value* row);
// The position a cursor holds; throws InvalidCursor unless `order` handed it out.
std::vector<Value> decode_cursor(const PageOrder& order, std::string_view cursor);
}  // namespace detail

template <class M>
class Paginate;

// One page of records, in the query's order.
template <class M>
class Page {
 public:
  std::vector<M> items;

  std::size_t size() const { return items.size(); }
  bool empty() const { return items.empty(); }
  auto begin() { return items.begin(); }
  auto end() { return items.end(); }
  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }
  M& operator[](std::size_t i) { return items[i]; }
  const M& operator[](std::size_t i) const { return items[i]; }

  // Whether records follow this page / precede it. Read with one record more than the
  // page, so has_next() of a page walked forward (and has_prev() of one walked back) is
  // exact; the other direction is true when the page was reached from a cursor.
  bool has_next() const { return next_cursor_.has_value(); }
  bool has_prev() const { return prev_cursor_.has_value(); }
  // Opaque text (URL-safe) a client can hand back: query.paginate(n).after(c) reads the
  // page after this one, .before(c) the one before. Nullopt when there is none. A cursor
  // holds the values of its record's order fields and key, readable by whoever holds it.
  const std::optional<std::string>& next_cursor() const { return next_cursor_; }
  const std::optional<std::string>& prev_cursor() const { return prev_cursor_; }

  // The next / previous page, or nullopt when there is none.
  std::optional<Page> next(Executor& ex) const;
  std::optional<Page> prev(Executor& ex) const;

 private:
  friend class Paginate<M>;
  stmt::Select query_;
  std::uint64_t per_page_ = 0;
  std::optional<std::string> next_cursor_;
  std::optional<std::string> prev_cursor_;
};

}  // namespace toasty
