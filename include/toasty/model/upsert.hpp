#pragma once
// Upserts: User::upsert_by_email(email, User::create().name("Ann")...).exec(db) creates the
// record, or, when one with that email exists, updates it — atomically, whoever else is
// upserting the same email at the same time. Generated for the key and every #[unique]
// field (or field set).
#include <optional>
#include <vector>

#include "toasty/model/builders.hpp"

namespace toasty {

// What an upsert did: the record as it is now, and whether it was created.
template <class M>
struct Upserted {
  M record;
  bool inserted = false;
};

namespace detail {
struct UpsertResult {
  ResultSet rows;  // one row, field order
  bool inserted = false;
};
// Inserts `values`; when the insert collides on `target`'s unique value, updates that record
// instead with the values of `update_fields` (all the create sets but the target and the key
// when nullopt; none: the record is only read) and reads it back. A collision on another
// unique value is a UniqueViolation as for create(). Inside a transaction the insert runs in
// a nested one (so that PostgreSQL's failed insert does not end it).
UpsertResult run_upsert(Executor& ex, const CreateBuilder& values, const stmt::ExprPtr& target,
                        const std::optional<std::vector<std::size_t>>& update_fields);
}  // namespace detail

template <class M>
class Upsert {
 public:
  // `target`: the generated filter_by_<unique>(...) of the conflict's values.
  Upsert(typename M::Create values, const Query<M>& target)
      : values_(std::move(values)), target_(target.statement().filter) {}

  // On a conflict, update only these fields (of M) with the create's values.
  template <class... P>
  Upsert& on_conflict_update(const P&... fields) & {
    update_ = std::vector<std::size_t>{};
    (add_field(fields), ...);
    return *this;
  }
  template <class... P>
  Upsert&& on_conflict_update(const P&... fields) && {
    return std::move(on_conflict_update(fields...));
  }
  // On a conflict, leave the record as it is (the result holds it, inserted = false).
  Upsert& on_conflict_do_nothing() & {
    update_ = std::vector<std::size_t>{};
    return *this;
  }
  Upsert&& on_conflict_do_nothing() && { return std::move(on_conflict_do_nothing()); }

  Upserted<M> exec(Executor& ex) const {
    detail::UpsertResult r = detail::run_upsert(ex, detail::Access::builder(values_), target_, update_);
    return {detail::decode<M>(r.rows, 0), r.inserted};
  }

 private:
  template <class P>
  void add_field(const P& path) {
    if (path.model() != &M::model())
      throw InvalidStatement("toasty: on_conflict_update() of " + M::model().name + " takes fields of " +
                             M::model().name);
    update_->push_back(path.index());
  }

  typename M::Create values_;
  stmt::ExprPtr target_;
  std::optional<std::vector<std::size_t>> update_;
};

}  // namespace toasty
