#pragma once
// Embedded structs in generated code: the typed paths to their fields inside a model
// (User::fields().address().city()), and moving them in and out of their columns.
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "toasty/model/path.hpp"
#include "toasty/model/query.hpp"

namespace toasty {

// Base of every generated embed's Fields: where its columns start in a model, and the
// relation steps that led there.
class EmbedFields {
 public:
  EmbedFields(const app::Model* model, std::size_t first, std::vector<Via> via = {})
      : model_(model), first_(first), via_(std::move(via)) {}

 protected:
  Filter wrap(stmt::ExprPtr e) const { return detail::filter_through(via_, std::move(e)); }
  const app::Model* model_;
  std::size_t first_;
  std::vector<Via> via_;
};

// The path of an Option<Embed> field: the embed's fields, and whether it is there.
template <class F>
class OptionalEmbedPath : public F {
 public:
  using F::F;
  // Absent: every one of its columns is NULL.
  Filter is_none() const { return this->wrap(all_null()); }
  Filter is_some() const { return this->wrap(stmt::not_(all_null())); }
  // Present and equal field by field, in one record (the relation steps wrap both); ne()
  // is its negation (an absent one is not equal).
  Filter eq(const typename F::embed_type& v) const {
    const F one(this->model_, this->first_);
    return this->wrap(stmt::and_(stmt::not_(all_null()), one.eq(v).expr()));
  }
  Filter ne(const typename F::embed_type& v) const { return !eq(v); }

 private:
  stmt::ExprPtr all_null() const {
    stmt::ExprPtr e;
    for (std::size_t i = 0; i < F::width; ++i) {
      stmt::ExprPtr col = stmt::is_null(stmt::field(this->model_, this->first_ + i));
      e = e ? stmt::and_(std::move(e), std::move(col)) : std::move(col);
    }
    return e;
  }
};

// The path of one data-carrying variant of an enum field (User::fields().contact().email()):
// whether the field holds that variant, with conditions on its fields.
template <class F>
class VariantPath {
 public:
  // `is` and `fields` are on the path's own record; `via` are the relation steps to it.
  VariantPath(Filter is, F fields, std::vector<Via> via)
      : is_(std::move(is)), fields_(std::move(fields)), via_(std::move(via)) {}
  // Holds the variant.
  Filter is() const { return detail::filter_through(via_, is_.expr()); }
  // Holds the variant and fn(fields) holds for its fields, in the same record:
  // .matches([](const auto& e) { return e.address().ends_with("@example.com"); })
  template <class Fn>
  Filter matches(Fn&& fn) const {
    const Filter cond = std::forward<Fn>(fn)(fields_);
    return detail::filter_through(via_, stmt::and_(is_.expr(), cond.expr()));
  }

 private:
  Filter is_;
  F fields_;
  std::vector<Via> via_;
};

namespace detail {
template <class T>
struct embed_of {
  using type = T;
};
template <class T>
struct embed_of<std::optional<T>> {
  using type = T;
};

// A model's embed member (E or std::optional<E>) from its columns at `row`: absent when
// every column is NULL.
template <class T>
T read_embed(Value* row, const app::Model& model, std::size_t first) {
  using E = typename embed_of<T>::type;
  if constexpr (!std::is_same_v<T, E>) {
    bool any = false;
    for (std::size_t i = 0; i < E::width && !any; ++i) any = !row[i].is_null();
    if (!any) return std::nullopt;
  }
  return Access::embed_from_row<E>(row, model, first);
}

// Sets every column of an embed member on a Create or Update builder: NULLs for an
// absent optional one.
template <class Builder, class T>
void set_embed(Builder& b, std::size_t first, T v) {
  using E = typename embed_of<T>::type;
  Value values[E::width];
  if constexpr (std::is_same_v<T, E>) {
    Access::embed_to_values<E>(std::move(v), values);
  } else if (v) {
    Access::embed_to_values<E>(std::move(*v), values);
  }
  for (std::size_t i = 0; i < E::width; ++i) b.set(first + i, std::move(values[i]));
}

// The columns of an embed member as the record holds it (NULLs for an absent optional
// one): where an update that sets some of them starts from.
template <class T>
void embed_columns(const T& v, Value* out) {
  using E = typename embed_of<T>::type;
  if constexpr (std::is_same_v<T, E>) {
    Access::embed_to_values<E>(v, out);
  } else if (v) {
    Access::embed_to_values<E>(*v, out);
  }
}
}  // namespace detail

}  // namespace toasty
