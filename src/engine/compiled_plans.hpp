#pragma once
// One Db's plans of statements compiled at their call site (detail::CompiledStatement),
// found by the statement's process-wide id without a lock, a hash or a comparison: a
// two-level table of atomic pointers into the Db's plan cache (whose entries live as long
// as the Db).
#include <array>
#include <atomic>
#include <cstddef>

#include "engine/plan_cache.hpp"

namespace toasty::engine {

class CompiledPlans {
 public:
  CompiledPlans() = default;
  CompiledPlans(const CompiledPlans&) = delete;
  CompiledPlans& operator=(const CompiledPlans&) = delete;
  ~CompiledPlans();

  // Marks a statement that cannot be compiled on this Db (a key-value insert or update, a
  // full plan cache): its calls run as dynamic statements.
  static const PlanCache::Entry* dynamic();

  // The plan of statement `id`, dynamic(), or null when it has not been compiled yet.
  const PlanCache::Entry* find(std::size_t id) const {
    const std::size_t chunk = id / kChunkSize;
    if (chunk >= kChunks) return dynamic();
    const Chunk* c = chunks_[chunk].load(std::memory_order_acquire);
    return c ? c->entries[id % kChunkSize].load(std::memory_order_acquire) : nullptr;
  }
  // Records the plan of `id` (two threads compiling it at once store equal plans).
  void store(std::size_t id, const PlanCache::Entry* entry);
  // How many statements have a compiled plan here.
  std::size_t size() const { return compiled_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kChunkSize = 256;
  static constexpr std::size_t kChunks = 1024;  // 262 144 statements: far more than a program has
  struct Chunk {
    std::array<std::atomic<const PlanCache::Entry*>, kChunkSize> entries{};
  };
  std::array<std::atomic<Chunk*>, kChunks> chunks_{};
  std::atomic<std::size_t> compiled_{0};
};

}  // namespace toasty::engine
