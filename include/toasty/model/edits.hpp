#pragma once
// toasty::insert(x) and toasty::remove(x): a record or query wrapped to say what to do with
// it. A batch runs a removal (toasty::batch); an update edits a relation with them:
//
//   user.update().todos(toasty::insert(Todo::create().title("new")))  // a new child
//       .todos(toasty::insert(old_todo))                              // link one
//       .todos(toasty::remove(done_todo))                             // unlink one
//       .exec(db);
#include <type_traits>
#include <utility>

namespace toasty {

class Executor;

// A removal of a query's records (its exec() returns how many) or of one record. In a
// relation change of an update: unlink them (their foreign key cleared, or the records
// removed when it is required).
template <class T>
class Removal {
 public:
  explicit Removal(T target) : target_(std::move(target)) {}
  // A removal of a scoped query (user.todos().filter(...)) is one of its plain query.
  template <class U, class = std::enable_if_t<std::is_base_of_v<T, U> && !std::is_same_v<T, U>>>
  Removal(const Removal<U>& other) : target_(other.target()) {}  // NOLINT: a widening, implicit

  decltype(auto) exec(Executor& ex) const { return target_.remove(ex); }
  const T& target() const { return target_; }

 private:
  T target_;
};

template <class T>
Removal<std::decay_t<T>> remove(T&& target) {
  return Removal<std::decay_t<T>>(std::forward<T>(target));
}

// A record to link, or a create() to make, in a relation change of an update.
template <class T>
class Insertion {
 public:
  explicit Insertion(T value) : value_(std::move(value)) {}
  const T& value() const { return value_; }

 private:
  T value_;
};

template <class T>
Insertion<std::decay_t<T>> insert(T&& value) {
  return Insertion<std::decay_t<T>>(std::forward<T>(value));
}

}  // namespace toasty
