#pragma once
// Deferred<T>: a field a model query does not read unless asked, for large or rarely
// read values (a document's body). Query::include(Doc::fields().body()) reads it with the
// rest of the record; doc.load_body(db) reads it alone; filters and order_by on it work
// without loading it.
#include <optional>
#include <utility>

#include "toasty/error.hpp"
#include "toasty/model/path.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

template <class T>
class Deferred {
 public:
  Deferred() = default;  // not loaded
  Deferred(T v) : v_(std::move(v)) {}  // loaded (implicit: a record built by hand sets it)

  bool is_loaded() const noexcept { return v_.has_value(); }
  bool is_unloaded() const noexcept { return !v_.has_value(); }
  // The value; NotLoaded when the query did not read it.
  const T& get() const& { return check(), *v_; }
  T& get() & { return check(), *v_; }
  T&& get() && { return check(), std::move(*v_); }
  void unload() noexcept { v_.reset(); }

  // Both unloaded, or both loaded with equal values.
  bool operator==(const Deferred&) const = default;

 private:
  void check() const {
    if (!v_)
      throw NotLoaded("toasty: a Deferred field was not loaded: include it in the query "
                      "(.include(Model::fields().field())) or read it with record.load_<field>(db)");
  }
  std::optional<T> v_;
};

// The path of a Deferred<T> field: the filters of a Path<T>, and include() loads it.
template <class T>
class DeferredPath : public Path<T> {
 public:
  using Path<T>::Path;
  std::size_t deferred_field() const { return this->index(); }
};

namespace detail {
// Which deferred fields a query read: every one unless the select skipped them.
class LoadedFields {
 public:
  LoadedFields() = default;
  explicit LoadedFields(const stmt::Select& s) : s_(s.skip_deferred ? &s : nullptr) {}
  bool has(std::size_t field) const {
    if (!s_) return true;
    for (std::size_t f : s_->load_deferred)
      if (f == field) return true;
    return false;
  }

 private:
  const stmt::Select* s_ = nullptr;
};
}  // namespace detail

}  // namespace toasty
