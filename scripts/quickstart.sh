#!/usr/bin/env bash
# Build and run the toasty-cpp quickstart example (examples/quickstart) in one go:
# installs missing build tools, configures a Release build in build/quickstart
# (SQLite only, no tests), builds the `quickstart` target and runs it.
#
#   scripts/quickstart.sh                      # in-memory SQLite database
#   scripts/quickstart.sh sqlite:///tmp/blog.db  # or any SQLite URL
#
# Environment: TOASTY_JOBS (default 2), TOASTY_SKIP_INSTALL=1 (never call
# apt-get), TOASTY_CMAKE_ARGS (extra cmake configure arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/deps.sh
source "$ROOT/scripts/lib/deps.sh"

BUILD_DIR="build/quickstart"
JOBS="${TOASTY_JOBS:-2}"

if [[ $# -gt 1 ]]; then
  echo "usage: $0 [sqlite-url]" >&2
  exit 2
fi

if [[ "${TOASTY_SKIP_INSTALL:-0}" != 1 ]]; then
  toasty_log "checking build dependencies"
  toasty_ensure_packages cmake g++ ninja-build pkg-config libsqlite3-dev
fi

generator_args=()
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator_args=(-G Ninja)
fi
extra_cmake_args=()
if [[ -n "${TOASTY_CMAKE_ARGS:-}" ]]; then
  read -r -a extra_cmake_args <<<"$TOASTY_CMAKE_ARGS"
fi

toasty_log "configuring $BUILD_DIR (Release, SQLite driver only, no tests)"
cmake -S . -B "$BUILD_DIR" "${generator_args[@]}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DTOASTY_BUILD_TESTS=OFF \
  -DTOASTY_BUILD_EXAMPLES=ON \
  -DTOASTY_BUILD_BENCH=OFF \
  -DTOASTY_WERROR=OFF \
  -DTOASTY_WITH_POSTGRESQL=OFF \
  -DTOASTY_WITH_MYSQL=OFF \
  -DTOASTY_WITH_DYNAMODB=OFF \
  -DTOASTY_WITH_DYNAMODB=OFF \
  "${extra_cmake_args[@]}"

toasty_log "building target quickstart with -j$JOBS"
cmake --build "$BUILD_DIR" --target quickstart -j "$JOBS"

exe="$BUILD_DIR/examples/quickstart"
if [[ ! -x "$exe" ]]; then
  exe="$(find "$BUILD_DIR" -type f -name quickstart -perm -u+x | head -n 1)"
fi
if [[ -z "$exe" || ! -x "$exe" ]]; then
  echo "error: the quickstart executable was not found under $BUILD_DIR" >&2
  exit 1
fi

if [[ $# -eq 1 ]]; then
  toasty_log "running $exe $1"
else
  toasty_log "running $exe (in-memory SQLite database)"
fi
exec "$exe" "$@"
