#pragma once
// Heap allocations counted by the benchmark binary's own operator new (alloc_count.cpp):
// every side's allocations per operation, printed beside the times. Counting stops while a
// benchmark's timer is paused (Untimed), so set-up and clean-up do not count.
#include <benchmark/benchmark.h>

#include <cstdint>

namespace bench {

// Allocations (operator new and malloc through it) counted so far, in every thread.
std::uint64_t allocations();
// Whether allocations are counted now (false while a benchmark's timer is paused).
void count_allocations(bool on);

// Pauses a benchmark's timer and the allocation count for the scope: set-up and clean-up
// inside the timed loop.
class Untimed {
 public:
  explicit Untimed(benchmark::State& state) : state_(state) {
    state_.PauseTiming();
    count_allocations(false);
  }
  ~Untimed() {
    count_allocations(true);
    state_.ResumeTiming();
  }
  Untimed(const Untimed&) = delete;
  Untimed& operator=(const Untimed&) = delete;

 private:
  benchmark::State& state_;
};

}  // namespace bench
