#!/usr/bin/env bash
# Build toasty-cpp's benchmarks (Release) and run them against SQLite in memory, a
# throwaway PostgreSQL and a throwaway MariaDB; print one Markdown table comparing toasty
# with the raw C APIs and with SOCI (medians over the repetitions).
#
#   scripts/bench.sh [google-benchmark args...]   e.g. scripts/bench.sh --benchmark_filter=sqlite
#
# Environment:
#   TOASTY_BENCH_POSTGRESQL_URL  use this PostgreSQL instead of starting one (its tables
#   TOASTY_BENCH_MYSQL_URL       users/todos are dropped and recreated!)
#   TOASTY_BENCH_SERVERS=0       start no server: SQLite only (unless the URLs above are set)
#   TOASTY_BENCH_REPETITIONS     repetitions per benchmark (default 5; the table shows medians)
#   TOASTY_BENCH_MIN_TIME        seconds per repetition (default: Google Benchmark's 0.5)
#   TOASTY_BENCH_SMALL=1         tiny dataset (100 users × 2 todos), for a quick look
#   TOASTY_BENCH_CALLGRIND=0     skip counting instructions per operation on SQLite
#                                (bench/callgrind.sh, under valgrind: about 10 minutes)
#   TOASTY_BENCH_README=1        also write the machine line and table into README.md, between
#                                its <!-- bench:results --> and <!-- bench:end --> markers
#   TOASTY_BUILD_DIR             build directory (default build/bench)
#   TOASTY_JOBS                  parallel build jobs (default 2)
#   TOASTY_SKIP_INSTALL=1        never call apt-get
#
# Output: the table on stdout; Google Benchmark's progress on stderr; the raw JSON in
# $TOASTY_BUILD_DIR/results.json and the table in $TOASTY_BUILD_DIR/results.md.
set -euo pipefail

[[ -t 0 ]] || exec </dev/null

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/deps.sh
source "$ROOT/scripts/lib/deps.sh"
# shellcheck source=scripts/lib/servers.sh
source "$ROOT/scripts/lib/servers.sh"

JOBS="${TOASTY_JOBS:-2}"
BUILD_DIR="${TOASTY_BUILD_DIR:-build/bench}"
REPETITIONS="${TOASTY_BENCH_REPETITIONS:-5}"

# ------------------------------------------------------------ dependencies
if [[ "${TOASTY_SKIP_INSTALL:-0}" != 1 ]]; then
  toasty_ensure_packages \
    cmake ninja-build g++ pkg-config \
    libsqlite3-dev libpq-dev postgresql mariadb-server libmariadb-dev \
    libcurl4-openssl-dev nlohmann-json3-dev \
    libbenchmark-dev libsoci-dev valgrind
fi
if ! command -v python3 >/dev/null 2>&1; then
  if [[ "${TOASTY_SKIP_INSTALL:-0}" != 1 ]]; then
    toasty_ensure_packages python3
  else
    echo "error: python3 is needed to format the results" >&2
    exit 1
  fi
fi

# ------------------------------------------------------------ configure + build
generator_args=()
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator_args=(-G Ninja)
fi
# TOASTY_WERROR=OFF: GCC 12 at -O3 reports false -Wrestrict/-Warray-bounds positives in
# libstdc++'s string code; a benchmark build must not fail on them.
toasty_log "configuring $BUILD_DIR (Release, benchmarks on)"
cmake -S . -B "$BUILD_DIR" "${generator_args[@]}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DTOASTY_BUILD_BENCH=ON \
  -DTOASTY_BUILD_TESTS=OFF \
  -DTOASTY_BUILD_EXAMPLES=OFF \
  -DTOASTY_WERROR=OFF >&2
toasty_log "building toasty_bench with -j$JOBS"
cmake --build "$BUILD_DIR" -j "$JOBS" --target toasty_bench >&2
BENCH_BIN="$BUILD_DIR/bench/toasty_bench"

# ------------------------------------------------------------ servers
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  stop_postgres
  stop_mariadb
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ -n "${TOASTY_BENCH_POSTGRESQL_URL:-}" ]]; then
  toasty_log "using TOASTY_BENCH_POSTGRESQL_URL"
elif [[ "${TOASTY_BENCH_SERVERS:-1}" != 0 ]]; then
  if start_postgres; then
    export TOASTY_BENCH_POSTGRESQL_URL="$TOASTY_PG_URL"
  else
    toasty_log "PostgreSQL did not start: PostgreSQL benchmarks are skipped"
  fi
fi
if [[ -n "${TOASTY_BENCH_MYSQL_URL:-}" ]]; then
  toasty_log "using TOASTY_BENCH_MYSQL_URL"
elif [[ "${TOASTY_BENCH_SERVERS:-1}" != 0 ]]; then
  if start_mariadb; then
    export TOASTY_BENCH_MYSQL_URL="$TOASTY_MARIADB_URL"
  else
    toasty_log "MariaDB did not start: MySQL benchmarks are skipped"
  fi
fi

# ------------------------------------------------------------ machine
cpu_model="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
[[ -n "$cpu_model" ]] || cpu_model="$(uname -m)"
machine="$cpu_model, $(nproc) CPUs ($(nproc --all) online), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
# shellcheck disable=SC1091
os="$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s), kernel $(uname -r)"
compiler="$(c++ --version 2>/dev/null | head -n 1)"
sqlite_version="$(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')"
pg_version="$(dpkg-query -W -f='${Version}' libpq5 2>/dev/null || echo '?')"
mariadb_version="$(dpkg-query -W -f='${Version}' mariadb-server 2>/dev/null || echo '?')"
soci_version="$(dpkg-query -W -f='${Version}' libsoci-core4.0 2>/dev/null || echo 'not installed')"
run_date="$(date -u '+%Y-%m-%d %H:%M UTC')"

# ------------------------------------------------------------ run
RESULTS_JSON="$BUILD_DIR/results.json"
RESULTS_MD="$BUILD_DIR/results.md"
# Random interleaving: the repetitions of all benchmarks run in a shuffled order, so a
# burst of load on the machine does not hit only one side of a comparison.
bench_args=(
  --benchmark_repetitions="$REPETITIONS"
  --benchmark_enable_random_interleaving=true
  --benchmark_report_aggregates_only=true
  --benchmark_out="$RESULTS_JSON"
  --benchmark_out_format=json
)
if [[ -n "${TOASTY_BENCH_MIN_TIME:-}" ]]; then
  bench_args+=(--benchmark_min_time="$TOASTY_BENCH_MIN_TIME")
fi
toasty_log "running $BENCH_BIN ${bench_args[*]} $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$BENCH_BIN" "${bench_args[@]}" "$@" >&2

# Instructions per operation on SQLite (the in-process backend, where they are all the
# work): stable where wall-clock times are not. Fewer iterations for the long scenarios.
INSTRUCTIONS_TXT="$BUILD_DIR/instructions.txt"
: >"$INSTRUCTIONS_TXT"
if [[ "${TOASTY_BENCH_CALLGRIND:-1}" != 0 ]]; then
  if command -v valgrind >/dev/null 2>&1; then
    for group in "get_by_pk|get_by_unique|insert_one|update_one|remove_one:2000" \
                 "filter_indexed|preload:100" "insert_bulk|insert_many|read_all|stream_all:3"; do
      toasty_log "counting instructions of BM_(${group%%:*})/sqlite/* under callgrind"
      bash "$ROOT/bench/callgrind.sh" "$BENCH_BIN" "^BM_(${group%%:*})/sqlite/" "${group##*:}" \
        "$BUILD_DIR/callgrind" >>"$INSTRUCTIONS_TXT"
    done
  else
    toasty_log "valgrind is not installed: no instruction counts"
  fi
fi

table="$(python3 "$ROOT/bench/format_table.py" "$RESULTS_JSON" "$INSTRUCTIONS_TXT")"
{
  echo "Machine: $machine; $os; $compiler."
  echo "Libraries: SQLite $sqlite_version, libpq $pg_version (server PostgreSQL 15), MariaDB $mariadb_version, SOCI $soci_version."
  echo "Run: $run_date; median of $REPETITIONS repetitions; SQLite rows are CPU time of the"
  echo "benchmark thread, PostgreSQL/MariaDB rows wall-clock time (servers on the same machine,"
  echo "over TCP on 127.0.0.1). Ratios: toasty's time divided by the other side's (< 1: toasty is faster)."
  echo "Allocations: heap allocations per operation in the benchmark process (a counting operator new;"
  echo "a server's own are not seen). Instructions: callgrind's count per operation while the timer runs"
  echo "(SQLite only; the database's own work included)."
  echo
  echo "$table"
} >"$RESULTS_MD"
cat "$RESULTS_MD"

if [[ "${TOASTY_BENCH_README:-0}" == 1 ]]; then
  python3 - "$ROOT/README.md" "$RESULTS_MD" <<'PY'
import sys
readme, results = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
# Only the results part of the benchmark section is rewritten; the prose above stays.
start, end = "<!-- bench:results -->", "<!-- bench:end -->"
if start not in text or end not in text:
    sys.exit("README.md has no <!-- bench:results --> ... <!-- bench:end --> markers; not updated")
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
section = open(results, encoding="utf-8").read().strip()
open(readme, "w", encoding="utf-8").write(head + start + "\n" + section + "\n" + end + tail)
PY
  toasty_log "README.md benchmark results updated"
fi
