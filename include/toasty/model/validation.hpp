#pragma once
// A model's validate() hook: a member of one of its mixins,
//
//   template <class Self> struct SignupChecks {
//     void validate(toasty::Violations& out) const {
//       const auto& self = static_cast<const Self&>(*this);
//       if (self.name == "admin") out.add("name", "is reserved");
//     }
//   };
//
// runs before every create() (on the record the create would write) and every update by
// instance (on the record as the update would leave it); what it adds, with the broken
// #[validate(...)] rules, is thrown as one ValidationFailed and nothing is written.
#include <concepts>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "toasty/error.hpp"
#include "toasty/model/builders.hpp"

namespace toasty {

class Violations {
 public:
  // `field` may be empty for a problem of the record as a whole.
  void add(std::string field, std::string message) {
    list_.push_back({std::move(field), "validate()", std::move(message)});
  }
  bool empty() const { return list_.empty(); }
  const std::vector<ValidationFailed::Violation>& list() const { return list_; }

 private:
  std::vector<ValidationFailed::Violation> list_;
};

namespace detail {

template <class M>
concept has_validate_hook = requires(const M& record, Violations& out) { record.validate(out); };

// The #[validate(...)] rules of `field` that `value` breaks, appended to `out` (the
// engine's own check, validate.cpp).
void broken_rules(const app::Model& model, std::size_t field, const Value& value,
                  std::vector<ValidationFailed::Violation>& out);

// The hook on `record`, after the rules already broken (`out`); throws when any is.
template <class M>
void run_validate_hook(const M& record, std::vector<ValidationFailed::Violation> out = {}) {
  if constexpr (has_validate_hook<M>) {
    Violations hook;
    record.validate(hook);
    out.insert(out.end(), hook.list().begin(), hook.list().end());
  }
  if (!out.empty()) throw ValidationFailed(M::model().name, std::move(out));
}

// Before an update by instance: the rules of what it assigns, then the hook on `record`, the
// record as the update would leave it — one ValidationFailed for both.
template <class M>
void run_validate_hook(const M& record, const UpdateBuilder& update) {
  if constexpr (has_validate_hook<M>) {
    std::vector<ValidationFailed::Violation> out;
    for (const auto& a : update.assignments())
      if (!a.computed()) broken_rules(M::model(), a.target, assigned_value(a), out);
    run_validate_hook(record, std::move(out));
  }
}

// The row a create would write, field order: its values, defaults, placeholders for what
// the ORM makes at the insert (an #[auto] key); nullopt when a required field is missing
// (the create then fails on its own).
std::optional<std::vector<Value>> record_row(const CreateBuilder& values);

// Before a create: the rules of its values, then the hook on the record it would write.
template <class M>
void run_validate_hook(const CreateBuilder& values) {
  if constexpr (has_validate_hook<M>) {
    std::optional<std::vector<Value>> row = record_row(values);
    if (!row) return;
    std::vector<ValidationFailed::Violation> out;
    for (std::size_t f = 0; f < row->size(); ++f) broken_rules(M::model(), f, (*row)[f], out);
    std::optional<M> record;
    try {
      record.emplace(Access::from_row<M>(row->data()));
    } catch (const Error&) {
      return;  // a value the create would refuse anyway
    }
    run_validate_hook(*record, std::move(out));
  }
}

}  // namespace detail

}  // namespace toasty
