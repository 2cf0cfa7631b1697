#!/usr/bin/env bash
# Build toasty-cpp (Debug, -Wall -Wextra -Werror) and run its whole test suite
# against SQLite, a throwaway PostgreSQL 15, a throwaway MariaDB and a throwaway DynamoDB Local.
#
#   scripts/test.sh [ctest args...]     e.g. scripts/test.sh -L sqlite
#
# Environment:
#   TOASTY_TEST_POSTGRESQL_URL  use this PostgreSQL instead of starting one
#   TOASTY_TEST_MYSQL_URL       use this MySQL/MariaDB instead of starting one
#   TOASTY_TEST_DYNAMODB_URL    use this DynamoDB (dynamodb://REGION, standard AWS settings)
#                               instead of starting DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB too)
#   TOASTY_SANITIZE=1           build with ASan+UBSan in build/asan
#   TOASTY_BUILD_DIR            override the build directory
#   TOASTY_JOBS                 parallel build/test jobs (default 2)
#   TOASTY_SKIP_INSTALL=1       never call apt-get
#   TOASTY_CMAKE_ARGS           extra arguments for the cmake configure step
set -euo pipefail

# CI may run us with no stdin at all: give children a harmless one.
[[ -t 0 ]] || exec </dev/null

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/deps.sh
source "$ROOT/scripts/lib/deps.sh"
# shellcheck source=scripts/lib/servers.sh
source "$ROOT/scripts/lib/servers.sh"
# shellcheck source=scripts/lib/dynamodb_local.sh
source "$ROOT/scripts/lib/dynamodb_local.sh"
# shellcheck source=scripts/lib/test_servers.sh
source "$ROOT/scripts/lib/test_servers.sh"

JOBS="${TOASTY_JOBS:-2}"

# ------------------------------------------------------------ dependencies
if [[ "${TOASTY_SKIP_INSTALL:-0}" != 1 ]]; then
  toasty_ensure_packages \
    cmake ninja-build g++ clang pkg-config \
    libsqlite3-dev sqlite3 \
    libpq-dev postgresql \
    mariadb-server libmariadb-dev \
    libcurl4-openssl-dev libssl-dev openssl nlohmann-json3-dev \
    libgtest-dev libgmock-dev \
    libbenchmark-dev libsoci-dev
fi

# ------------------------------------------------------------ configure + build
if [[ "${TOASTY_SANITIZE:-0}" == 1 ]]; then
  BUILD_DIR="${TOASTY_BUILD_DIR:-build/asan}"
  SANITIZE=ON
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
else
  BUILD_DIR="${TOASTY_BUILD_DIR:-build/test}"
  SANITIZE=OFF
fi

generator_args=()
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator_args=(-G Ninja)
fi
extra_cmake_args=()
if [[ -n "${TOASTY_CMAKE_ARGS:-}" ]]; then
  read -r -a extra_cmake_args <<<"$TOASTY_CMAKE_ARGS"
fi

toasty_log "configuring $BUILD_DIR (Debug, TOASTY_WERROR=ON, TOASTY_SANITIZE=$SANITIZE)"
cmake -S . -B "$BUILD_DIR" "${generator_args[@]}" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DTOASTY_BUILD_TESTS=ON \
  -DTOASTY_BUILD_EXAMPLES=ON \
  -DTOASTY_BUILD_BENCH=ON \
  -DTOASTY_WERROR=ON \
  -DTOASTY_SANITIZE="$SANITIZE" \
  "${extra_cmake_args[@]}"

toasty_log "building $BUILD_DIR with -j$JOBS"
cmake --build "$BUILD_DIR" -j "$JOBS"

# ------------------------------------------------------------ servers
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  toasty_test_servers_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

toasty_test_servers_up
# The benchmarks' smoke test (bench.smoke) runs on the same servers, holding their locks.
export TOASTY_BENCH_POSTGRESQL_URL="${TOASTY_BENCH_POSTGRESQL_URL:-$TOASTY_TEST_POSTGRESQL_URL}"
export TOASTY_BENCH_MYSQL_URL="${TOASTY_BENCH_MYSQL_URL:-$TOASTY_TEST_MYSQL_URL}"
toasty_log "TOASTY_TEST_POSTGRESQL_URL=$TOASTY_TEST_POSTGRESQL_URL"
toasty_log "TOASTY_TEST_MYSQL_URL=$TOASTY_TEST_MYSQL_URL"
toasty_log "TOASTY_TEST_DYNAMODB_URL=${TOASTY_TEST_DYNAMODB_URL:-} (endpoint ${AWS_ENDPOINT_URL_DYNAMODB:-AWS})"

# ------------------------------------------------------------ tests
toasty_log "running: ctest --output-on-failure -j $JOBS $* (in $BUILD_DIR)"
rc=0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" "$@") || rc=$?
# Every skip, named with its reason (GoogleTest skips by declared capability).
python3 "$ROOT/scripts/lib/skip_report.py" "$BUILD_DIR" || true
if [[ $rc -eq 0 ]]; then
  toasty_log "all tests passed"
else
  toasty_log "ctest failed with exit code $rc"
fi
exit "$rc"
