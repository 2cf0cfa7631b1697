#!/usr/bin/env bash
# ThreadSanitizer over the concurrency tests (the pool, threads sharing one Db, transactions,
# the SQLite writer queue, connections lost or cut through the fault proxy) on every
# backend. Separate from scripts/test.sh: a TSan build of its own (build/tsan) takes a while.
#
#   scripts/tsan.sh [gtest filter]     (default: Tx.*:Faults.*:*Thread*:*Concurren*)
#
# Uses the servers scripts/test.sh uses (started here and stopped at the end), or the ones
# TOASTY_TEST_POSTGRESQL_URL / TOASTY_TEST_MYSQL_URL / TOASTY_TEST_DYNAMODB_URL name.
set -euo pipefail
[[ -t 0 ]] || exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib/deps.sh"
source "$ROOT/scripts/lib/servers.sh"
source "$ROOT/scripts/lib/dynamodb_local.sh"
source "$ROOT/scripts/lib/test_servers.sh"

FILTER="${1:-Tx.*:Faults.*:*Thread*:*Concurren*}"
BUILD_DIR="${TOASTY_TSAN_BUILD_DIR:-build/tsan}"
generator_args=()
[[ -f "$BUILD_DIR/CMakeCache.txt" ]] || generator_args=(-G Ninja)
toasty_log "configuring $BUILD_DIR (ThreadSanitizer)"
cmake -S . -B "$BUILD_DIR" "${generator_args[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOASTY_TSAN=ON \
  -DTOASTY_BUILD_TESTS=ON -DTOASTY_BUILD_EXAMPLES=OFF -DTOASTY_BUILD_BENCH=OFF -DTOASTY_WERROR=ON
cmake --build "$BUILD_DIR" -j "${TOASTY_JOBS:-2}" --target integration_tests sqlite_driver_tests

cleanup() {
  local rc=$?
  set +e
  toasty_test_servers_down
  exit "$rc"
}
trap cleanup EXIT
toasty_test_servers_up

export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}"
rc=0
for backend in sqlite postgresql mysql dynamodb; do
  toasty_log "TSan: $backend ($FILTER)"
  TOASTY_TEST_BACKEND=$backend "$BUILD_DIR/tests/integration/integration_tests" --gtest_filter="$FILTER" || rc=1
done
toasty_log "TSan: the SQLite driver's own thread tests"
"$BUILD_DIR/tests/driver/sqlite/sqlite_driver_tests" --gtest_filter='*Thread*:*Concurren*' || rc=1
if [[ $rc -eq 0 ]]; then toasty_log "TSan: clean"; else toasty_log "TSan: reports above"; fi
exit "$rc"
