#pragma once
// Statements compiled where they are written. A generated get_by_*, remove_by_* or
// record.remove() has a shape that never changes, only its values do: it keeps a
// CompiledStatement (a function-local static), and each Db plans it once, on its first
// call there. Later calls bind their values to that plan directly: no expression tree is
// built, no shape hashed or looked up. Hooks for generated code (namespace detail).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/decode.hpp"
#include "toasty/model/deferred.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::detail {

class CompiledStatement {
 public:
  enum class Kind : std::uint8_t { Select, Delete };
  // Takes the next process-wide id: each Db finds its plan for this statement by it.
  explicit CompiledStatement(Kind kind);
  CompiledStatement(const CompiledStatement&) = delete;
  CompiledStatement& operator=(const CompiledStatement&) = delete;
  std::size_t id() const { return id_; }
  Kind kind() const { return kind_; }

 private:
  std::size_t id_;
  Kind kind_;
};

// The whole statement a compiled call stands for, its values included. The engine builds it
// only to compile the plan (once per Db), or on every call when the statement cannot run
// from a compiled plan there (a key-value insert or update, a full plan cache); it must
// hold the call's values, in order, as its only values.
template <class F>
stmt::Source source_of(const F& f) {
  return {[](const void* c) { return stmt::Statement((*static_cast<const F*>(c))()); }, &f};
}

// Pointers to a compiled call's values, as the engine binds them.
template <std::size_t N>
std::array<const Value*, N> value_pointers(const Value (&values)[N]) {
  std::array<const Value*, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = &values[i];
  return out;
}

// What a query without include() reads: every field but the deferred ones.
LoadedFields loaded_without_deferred();

// get_by_*: the one record (NotFound when there is none). `query()` returns the lookup's
// Query<M>, built only when the statement is not compiled.
template <class M, std::size_t N, class Q>
M get_compiled(Executor& ex, const CompiledStatement& c, const Value (&values)[N], const Q& query) {
  const auto args = value_pointers(values);
  std::optional<M> one;
  SinkTarget<std::optional<M>> target{&one, loaded_without_deferred()};
  const driver::RowSink sink = sink_into(target);
  auto statement = [&] {
    stmt::Select s = query().statement();
    s.limit = 1;
    return s;
  };
  ResultSet rs = ex.exec_compiled(c, args, source_of(statement), &sink);
  if (!rs.streamed && rs.size() > 0) one.emplace(decode<M>(rs, 0, false, target.loaded));
  if (!one) throw NotFound("toasty: no " + M::model().name + " matches the query");
  return std::move(*one);
}

// remove_by_* and record.remove() of a model without #[soft_delete]: how many were removed.
// `filter()` returns the filter, built only when the statement is not compiled.
template <std::size_t N, class F>
std::uint64_t remove_compiled(Executor& ex, const CompiledStatement& c, const app::Model& model,
                              const Value (&values)[N], const F& filter) {
  const auto args = value_pointers(values);
  auto statement = [&] {
    stmt::Delete d;
    d.model = &model;
    d.filter = filter();
    return d;
  };
  return ex.exec_compiled(c, args, source_of(statement), nullptr).affected;
}

}  // namespace toasty::detail
