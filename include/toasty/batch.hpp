#pragma once
// toasty::batch: several writes — creates, updates and removals, of any models — as one
// unit, all of them or none, on every backend (SQL: one transaction; DynamoDB: one
// TransactWriteItems, unique-value entries included, refused before anything is written
// when it exceeds DynamoDB's limits).
//
//   auto [bob, moved, gone] = toasty::batch(db,
//       User::create().name("Bob").email("bob@x.io"),
//       User::filter_by_country("NZ").update().country("AU"),
//       toasty::remove(User::filter_by_id(old_id)));
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "toasty/db.hpp"
#include "toasty/model/edits.hpp"

namespace toasty {

namespace detail {
// One statement of a batch: its result, std::monostate for a statement returning nothing.
template <class S>
auto exec_in_batch(S&& statement, Executor& ex) {
  if constexpr (std::is_void_v<decltype(static_cast<S&&>(statement).exec(ex))>) {
    static_cast<S&&>(statement).exec(ex);
    return std::monostate{};
  } else {
    return static_cast<S&&>(statement).exec(ex);
  }
}
}  // namespace detail

// Runs the statements in order, in one transaction of their own (retried as
// Db::transaction(fn) retries), and returns their results as a tuple: a create's record, an
// update's or a query removal's count, std::monostate for a record's update or removal.
template <class... S>
auto batch(Db& db, S&&... statements) {
  return db.transaction(
      [&](Transaction& tx) { return std::tuple{detail::exec_in_batch(static_cast<S&&>(statements), tx)...}; });
}

// The same inside a transaction: a nested one (a savepoint), undone alone if a statement fails.
template <class... S>
auto batch(Transaction& tx, S&&... statements) {
  return tx.transaction(
      [&](Transaction& inner) { return std::tuple{detail::exec_in_batch(static_cast<S&&>(statements), inner)...}; });
}

}  // namespace toasty
