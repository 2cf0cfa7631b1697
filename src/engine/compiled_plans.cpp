#include "engine/compiled_plans.hpp"

namespace toasty::engine {

CompiledPlans::~CompiledPlans() {
  for (auto& c : chunks_) delete c.load(std::memory_order_relaxed);
}

const PlanCache::Entry* CompiledPlans::dynamic() {
  static const PlanCache::Entry marker;
  return &marker;
}

void CompiledPlans::store(std::size_t id, const PlanCache::Entry* entry) {
  const std::size_t chunk = id / kChunkSize;
  if (chunk >= kChunks) return;  // find() answers dynamic() for it
  Chunk* c = chunks_[chunk].load(std::memory_order_acquire);
  if (c == nullptr) {
    auto* fresh = new Chunk();
    if (chunks_[chunk].compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) {
      c = fresh;
    } else {
      delete fresh;  // another thread's chunk is in place (now in `c`)
    }
  }
  const PlanCache::Entry* before = c->entries[id % kChunkSize].exchange(entry, std::memory_order_acq_rel);
  if (before == nullptr && entry != dynamic()) compiled_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace toasty::engine
