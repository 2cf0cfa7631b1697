#pragma once
// Relation members of generated structs (HasMany, BelongsTo, HasOne) and the scoped
// queries they give: user.todos().exec(db), user.todos.get() once preloaded.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "toasty/model/builders.hpp"

namespace toasty {
// The related records of a record: has_many (HasMany), belongs_to (BelongsTo) and
// has_one (HasOne) members of generated structs. Reading them in memory (get())
// needs them loaded (include, nested create); calling them (user.todos()) gives a
// query, which is a round trip only when executed.
namespace detail {
// The generated lookups of T (T::Lookups<Q>) for a scope Q, or nothing.
struct NoLookups {};
template <class T, class Q, class = void>
struct lookups_of {
  using type = NoLookups;
};
template <class T, class Q>
struct lookups_of<T, Q, std::void_t<typename T::template Lookups<Q>>> {
  using type = typename T::template Lookups<Q>;
};
// T, as a type that depends on S: generated code defers checking an expression of T to where
// the template it is in is used (when the classes it needs are complete).
template <class S, class T>
struct dependent_type {
  using type = T;
};
}  // namespace detail

// A relation's records as a query, with T's generated lookups narrowed to them
// (user.todos().get_by_id(ex, id), user.todos().filter_by_done(false)).
template <class T>
class Scoped : public Query<T>, public detail::lookups_of<T, Scoped<T>>::type {
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
    std::move(u).exec(ex);
  }
  // Remove every record in the scope (Query::remove).
  using Query<T>::remove;
  // Unlink a record: clears its foreign key when it is optional, else removes it.
  void remove(Executor& ex, T& record) const {
    const app::Relation& r = direct();
    if (r.optional) {
      typename T::Update u(record);
      for (std::size_t f : r.target_fields) detail::Access::builder(u).set(f, Value());
      std::move(u).exec(ex);
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
  // Set by generated code when an update changed the relation: what was loaded is stale.
  void unload() { loaded_ = false; }

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
