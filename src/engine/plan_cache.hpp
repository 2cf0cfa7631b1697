#pragma once
// The plan cache: statements of the same shape (same model, structure, fields and
// operators; any values) share one lowered and planned form in which every value is an
// argument slot. A hit skips lowering, planning and (through PreparedSlot) the
// driver's SQL serialization.
#include <atomic>
#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "engine/plan.hpp"

namespace toasty::engine {

// Values of a statement, in the order the shape walk meets them.
using Args = std::vector<const Value*>;

// Whether a statement's shape can be cached (relations and includes are planned
// per statement), with its hash and arguments when it can.
bool shape_of(const stmt::Statement& s, std::size_t& hash, Args& args);
bool same_shape(const stmt::Statement& a, const stmt::Statement& b);
// A copy of `s` whose values are ExprArg slots numbered in walk order.
stmt::Statement parameterize(const stmt::Statement& s);

class PlanCache {
 public:
  struct Entry {
    stmt::Statement shape;  // the parameterized app statement
    Plan plan;
    std::vector<std::unique_ptr<driver::PreparedSlot>> prepared;  // one per plan step
  };

  explicit PlanCache(std::size_t max_entries = 2048) : max_(max_entries) {}
  const Entry* find(std::size_t hash, const stmt::Statement& s) const;
  // Adds an entry unless the cache is full (then the caller runs uncached).
  const Entry* insert(std::size_t hash, std::unique_ptr<Entry> e);
  std::size_t size() const;
  std::size_t hits() const { return hits_.load(std::memory_order_relaxed); }

 private:
  mutable std::atomic<std::size_t> hits_{0};
  std::size_t max_;
  mutable std::shared_mutex mu_;
  std::unordered_multimap<std::size_t, std::unique_ptr<Entry>> map_;
};

}  // namespace toasty::engine
