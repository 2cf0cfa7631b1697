#pragma once
// Turning result rows into generated structs: the door to what generated code keeps private
// (detail::Access), and the decoders exec(), first() and stream() use.
#include <cstddef>
#include <optional>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/driver/driver.hpp"
#include "toasty/model/deferred.hpp"
#include "toasty/result.hpp"

namespace toasty {
namespace detail {
// The one door to the members generated code keeps private (from_row, attach, the
// builders of Create and Update): the library reaches them through here, users do not.
struct Access {
  // `loaded`: which deferred fields the query read.
  template <class M>
  static M from_row(Value* row, LoadedFields loaded = {}) {
    return M::from_row(row, loaded);
  }
  template <class M>
  static void attach(M& m, ResultSet& rs, std::size_t row) {
    M::attach(m, rs, row);
  }
  template <class B>
  static auto& builder(B& b) {
    return b.b_;
  }
  // An embedded struct E: from its columns `row[0, E::width)` (the model's fields from
  // `first`, for messages), and into them.
  template <class E>
  static E embed_from_row(Value* row, const app::Model& model, std::size_t first) {
    return E::from_row(row, model, first);
  }
  template <class E>
  static void embed_to_values(E v, Value* out) {
    E::to_values(std::move(v), out);
  }
};

// Builds record `i` of `rs`: fields moved out of the row (copied when `copy`), then
// relations bound and, when included, loaded.
template <class M>
M decode(ResultSet& rs, std::size_t i, bool copy = false, LoadedFields loaded = {}) {
  M m = copy ? [&] {
    std::vector<Value> tmp(rs.rows.row(i), rs.rows.row(i) + rs.rows.width);
    return Access::from_row<M>(tmp.data(), loaded);
  }()
             : Access::from_row<M>(rs.rows.row(i), loaded);
  Access::attach(m, rs, i);
  return m;
}
// A record decoded from a streamed row (no includes: relations are bound, not loaded).
template <class M>
M decode_row(Value* row, LoadedFields loaded = {}) {
  M m = Access::from_row<M>(row, loaded);
  ResultSet none;
  Access::attach(m, none, 0);
  return m;
}
// RowSinks that decode each row straight into a std::vector<M> / std::optional<M>
// (`Out`), knowing which deferred fields the query read. The target outlives the sink.
template <class Out>
struct SinkTarget {
  Out* out;
  LoadedFields loaded;
};
template <class M>
driver::RowSink sink_into(SinkTarget<std::vector<M>>& t) {
  return {[](void* c, Value* row) {
            auto* target = static_cast<SinkTarget<std::vector<M>>*>(c);
            target->out->push_back(decode_row<M>(row, target->loaded));
          },
          [](void* c) { static_cast<SinkTarget<std::vector<M>>*>(c)->out->clear(); }, &t};
}
template <class M>
driver::RowSink sink_into(SinkTarget<std::optional<M>>& t) {
  return {[](void* c, Value* row) {
            auto* target = static_cast<SinkTarget<std::optional<M>>*>(c);
            target->out->emplace(decode_row<M>(row, target->loaded));
          },
          [](void* c) { static_cast<SinkTarget<std::optional<M>>*>(c)->out->reset(); }, &t};
}
}  // namespace detail
}  // namespace toasty
