// Statements compiled at their call site: ids, and what their queries read.
#include "toasty/model/compiled.hpp"

#include <atomic>

namespace toasty::detail {

CompiledStatement::CompiledStatement(Kind kind) : kind_(kind) {
  static std::atomic<std::size_t> next{0};
  id_ = next.fetch_add(1, std::memory_order_relaxed);
}

LoadedFields loaded_without_deferred() {
  static const stmt::Select query = [] {
    stmt::Select s;
    s.skip_deferred = true;
    return s;
  }();
  return LoadedFields(query);
}

}  // namespace toasty::detail
