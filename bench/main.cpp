// toasty_bench's main: Google Benchmark's usual main, except that the benchmarks the
// backend files declared (bench::add) are registered here, in scenario-major order.
#include <benchmark/benchmark.h>

#include "common.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
