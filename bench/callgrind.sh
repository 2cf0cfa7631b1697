#!/usr/bin/env bash
# Instructions per iteration of toasty_bench benchmarks under callgrind, counted only while
# Google Benchmark's timer runs (dataset loading and paused clean-up are left out), plus the
# profiles for callgrind_annotate. Instruction counts do not depend on what else the machine
# runs, so toasty/raw ratios from here are stable where wall-clock ones are noisy.
#
#   bench/callgrind.sh BENCH_BINARY REGEX [ITERATIONS] [OUT_DIR]
#   e.g. bench/callgrind.sh build/bench/bench/toasty_bench 'BM_get_by_pk/sqlite/.*' 2000
#
# Every benchmark matching REGEX runs in its own valgrind process with exactly ITERATIONS
# iterations (TOASTY_BENCH_ITERATIONS; default 1000). Callgrind zeroes its counters when
# the timer starts (State::ResumeTiming) and dumps them when it stops (State::PauseTiming),
# so the dumps of one process hold exactly the timed work. Output: one line per benchmark
# "name  instructions/iteration", and OUT_DIR/<name>.<n> profiles (default OUT_DIR: /tmp/toasty-callgrind); look at one with
#   callgrind_annotate --inclusive=yes OUT_DIR/<name>.1
set -euo pipefail

bin="${1:?usage: callgrind.sh BENCH_BINARY REGEX [ITERATIONS] [OUT_DIR]}"
regex="${2:?usage: callgrind.sh BENCH_BINARY REGEX [ITERATIONS] [OUT_DIR]}"
iterations="${3:-1000}"
out="${4:-${TMPDIR:-/tmp}/toasty-callgrind}"
command -v valgrind >/dev/null || { echo "error: valgrind is not installed" >&2; exit 1; }
mkdir -p "$out"

mapfile -t names < <(TOASTY_BENCH_ITERATIONS="$iterations" "$bin" --benchmark_list_tests \
                       --benchmark_filter="$regex" 2>/dev/null)
if [[ ${#names[@]} -eq 0 ]]; then
  echo "error: no benchmark matches $regex" >&2
  exit 1
fi
for name in "${names[@]}"; do
  base="${name%%/iterations:*}"
  safe="$(printf '%s' "$base" | tr '/' '_')"
  rm -f "$out/$safe".*
  # Anchor the filter on this one benchmark (escape regex characters in its name).
  # shellcheck disable=SC2016  # a sed script, not a shell expansion
  pattern="^$(printf '%s' "$name" | sed 's/[][\.*^$(){}+?|]/\\&/g')\$"
  TOASTY_BENCH_ITERATIONS="$iterations" valgrind --tool=callgrind --quiet \
    --callgrind-out-file="$out/$safe" \
    --zero-before='benchmark::State::ResumeTiming()' \
    --dump-before='benchmark::State::PauseTiming()' \
    "$bin" --benchmark_filter="$pattern" >/dev/null 2>&1
  rm -f "$out/$safe"  # what ran after the last dump (exit)
  total=0
  for f in "$out/$safe".*; do
    n="$(awk '/^summary:/ {print $2; exit}' "$f")"
    total=$((total + ${n:-0}))
  done
  printf '%-40s %12d instructions/iteration\n' "$base" $((total / iterations))
done
