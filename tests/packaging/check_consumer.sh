#!/usr/bin/env bash
# Check that toasty-cpp can be consumed by another CMake project:
#   (a) installed: configure + build toasty (Release, no tests/examples),
#       `cmake --install` it into <scratch-dir>/prefix, then build and run
#       tests/packaging/consumer with find_package(toasty CONFIG REQUIRED);
#   (b) FetchContent: build and run the same consumer with
#       FetchContent_Declare(toasty SOURCE_DIR <toasty-source-dir>);
#   (c) clang: the guide's install step built with clang++ and the quickstart run;
#   (d) sqlite-only: the guide's configure on a machine with none of the other drivers'
#       libraries leaves those drivers out (and builds and runs the quickstart), while
#       asking for one of them (-DTOASTY_WITH_POSTGRESQL=ON) fails with a clear message.
# (a) and (c) run the guide's exact commands (docs/guide/getting-started.md) as a user
# without GoogleTest would, and fail on any compiler warning.
#
#   tests/packaging/check_consumer.sh <toasty-source-dir> <scratch-dir>
#
# Build directories in <scratch-dir> are reused between runs (incremental);
# the install prefix is recreated every time so a missing install rule cannot
# hide behind an old file. Environment: CXX (compiler), TOASTY_PKG_JOBS
# (default 2), TOASTY_PKG_MODES (default "package fetchcontent"),
# TOASTY_PKG_CLEAN=1 (wipe <scratch-dir> first).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <toasty-source-dir> <scratch-dir>" >&2
  exit 2
fi
SRC="$(cd "$1" && pwd)"
mkdir -p "$2"
SCRATCH="$(cd "$2" && pwd)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONSUMER="$HERE/consumer"
JOBS="${TOASTY_PKG_JOBS:-2}"
MODES="${TOASTY_PKG_MODES:-package fetchcontent clang sqlite-only}"

log() { printf '==> [packaging] %s\n' "$*"; }

if [[ ! -f "$SRC/CMakeLists.txt" ]]; then
  echo "error: $SRC has no CMakeLists.txt" >&2
  exit 2
fi
if [[ "${TOASTY_PKG_CLEAN:-0}" == 1 ]]; then
  log "wiping $SCRATCH"
  rm -rf "${SCRATCH:?}"/*
fi

# -G Ninja for new build dirs when ninja exists; an existing dir keeps its generator.
gen_args() {
  if [[ ! -f "$1/CMakeCache.txt" ]] && command -v ninja >/dev/null 2>&1; then
    printf '%s\n' -G Ninja
  fi
}

# Don't let a toasty found elsewhere (user package registry, system prefix
# before ours) satisfy find_package.
common_args=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
)

# The guide's install step: `cmake -S toasty-cpp -B build -DCMAKE_BUILD_TYPE=Release &&
# cmake --build build -j2`, on a machine without GoogleTest (hidden here). The default
# build must succeed and print no compiler warning.
guide_build() {
  local build="$1"
  shift
  cmake -S "$SRC" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_DISABLE_FIND_PACKAGE_GTest=TRUE "$@"
  cmake --build "$build" -j "$JOBS" 2>&1 | tee "$build/guide-build.log"
  if grep -q "warning:" "$build/guide-build.log"; then
    echo "error: the guide's build printed compiler warnings (above)" >&2
    exit 1
  fi
}

run_consumer() {
  local build="$1" exe
  exe="$build/consumer"
  if [[ ! -x "$exe" ]]; then
    exe="$(find "$build" -type f -name consumer -perm -u+x | head -n 1)"
  fi
  if [[ -z "$exe" || ! -x "$exe" ]]; then
    echo "error: consumer executable not found under $build" >&2
    return 1
  fi
  log "running $exe"
  "$exe"
}

for mode in $MODES; do
  case "$mode" in
    package)
      tb="$SCRATCH/toasty-build"
      prefix="$SCRATCH/prefix"
      cb="$SCRATCH/consumer-package"
      log "(a) the guide's install step with ${CXX:-c++} in $tb (Release, no GoogleTest)"
      guide_build "$tb" -DCMAKE_INSTALL_PREFIX="$prefix"
      log "(a) install toasty into $prefix"
      rm -rf "$prefix"
      cmake --install "$tb" --prefix "$prefix"
      for f in lib/cmake/toasty/toastyConfig.cmake lib/cmake/toasty/toastyConfigVersion.cmake \
               lib/cmake/toasty/toastyTargets.cmake lib/cmake/toasty/ToastyGen.cmake \
               bin/toasty-gen bin/toasty lib/cmake/toasty/ToastyEmbedMigrations.cmake include/toasty; do
        if [[ ! -e "$prefix/$f" ]]; then
          echo "error: the install prefix lacks $f" >&2
          find "$prefix" -maxdepth 4 | sort >&2
          exit 1
        fi
      done
      log "(a) run the installed toasty program"
      "$prefix/bin/toasty" --version
      "$prefix/bin/toasty" migration status --url sqlite::memory: --migrations "$CONSUMER/migrations"
      log "(a) configure the consumer with find_package(toasty) from $prefix"
      rm -f "$cb/CMakeCache.txt" # re-resolve toasty_DIR every time
      mapfile -t g < <(gen_args "$cb")
      cmake -S "$CONSUMER" -B "$cb" "${g[@]}" "${common_args[@]}" \
        -DTOASTY_CONSUME=package -DCMAKE_PREFIX_PATH="$prefix"
      found="$(sed -n 's/^toasty_DIR:PATH=//p' "$cb/CMakeCache.txt")"
      if [[ "$found" != "$prefix/"* ]]; then
        echo "error: find_package(toasty) used $found, not the scratch prefix $prefix" >&2
        exit 1
      fi
      log "(a) build the consumer"
      cmake --build "$cb" -j "$JOBS"
      if ! grep -rqs -- "$prefix/bin/toasty-gen" "$cb/build.ninja" "$cb/CMakeFiles" 2>/dev/null; then
        echo "warning: could not confirm that the installed toasty-gen generated the code" >&2
      fi
      run_consumer "$cb"
      # COMPONENTS sqlite must not look for the other drivers' libraries: forbid finding them.
      cs="$SCRATCH/consumer-sqlite-only"
      log "(a) configure a consumer of COMPONENTS sqlite, with libpq, MariaDB, libcurl, OpenSSL and nlohmann_json hidden"
      rm -f "$cs/CMakeCache.txt"
      mapfile -t g < <(gen_args "$cs")
      cmake -S "$CONSUMER" -B "$cs" "${g[@]}" "${common_args[@]}" \
        -DTOASTY_CONSUME=package -DCMAKE_PREFIX_PATH="$prefix" -DTOASTY_CONSUME_COMPONENTS=sqlite \
        -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_CURL=TRUE \
        -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=TRUE \
        -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=TRUE
      cmake --build "$cs" -j "$JOBS"
      if grep -qs -- "libpq\|libmariadb\|libcurl\|libtoasty_dynamodb" "$cs/build.ninja"; then
        echo "error: the COMPONENTS sqlite consumer links another driver's library" >&2
        exit 1
      fi
      run_consumer "$cs"
      log "(a) package mode OK"
      ;;
    fetchcontent)
      cb="$SCRATCH/consumer-fetchcontent"
      log "(b) configure the consumer with FetchContent (SOURCE_DIR $SRC)"
      mapfile -t g < <(gen_args "$cb")
      cmake -S "$CONSUMER" -B "$cb" "${g[@]}" "${common_args[@]}" \
        -DTOASTY_CONSUME=fetchcontent -DTOASTY_FETCH_SOURCE_DIR="$SRC"
      log "(b) build the consumer and toasty (-j$JOBS)"
      cmake --build "$cb" -j "$JOBS"
      run_consumer "$cb"
      log "(b) FetchContent mode OK"
      ;;
    clang)
      if ! command -v clang++ >/dev/null 2>&1; then
        echo "error: clang++ not found (scripts/test.sh installs clang)" >&2
        exit 1
      fi
      cb="$SCRATCH/guide-clang"
      log "(c) the guide's install step with clang++ in $cb (Release, no GoogleTest)"
      CXX=clang++ guide_build "$cb"
      log "(c) running the quickstart built with clang++"
      (cd "$cb" && ./examples/quickstart)
      log "(c) clang mode OK"
      ;;
    sqlite-only)
      sb="$SCRATCH/sqlite-only"
      hide=(-DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_CURL=TRUE
            -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE
            -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=TRUE)
      log "(d) asking for the PostgreSQL driver without libpq must fail"
      rm -rf "$SCRATCH/sqlite-only-asked"
      if cmake -S "$SRC" -B "$SCRATCH/sqlite-only-asked" -DCMAKE_BUILD_TYPE=Release -DTOASTY_WITH_POSTGRESQL=ON \
           -DCMAKE_DISABLE_FIND_PACKAGE_GTest=TRUE "${hide[@]}" >"$SCRATCH/sqlite-only-asked.log" 2>&1; then
        echo "error: -DTOASTY_WITH_POSTGRESQL=ON configured without libpq" >&2
        exit 1
      fi
      grep -q "PostgreSQL" "$SCRATCH/sqlite-only-asked.log"
      log "(d) the guide's configure with only SQLite's library, in $sb"
      rm -f "$sb/CMakeCache.txt"
      cmake -S "$SRC" -B "$sb" -DCMAKE_BUILD_TYPE=Release -DCMAKE_DISABLE_FIND_PACKAGE_GTest=TRUE "${hide[@]}" \
        | tee "$sb.log"
      for d in POSTGRESQL MYSQL DYNAMODB; do
        grep -q "the $d driver is not built" "$sb.log"
        grep -q "^TOASTY_WITH_$d:BOOL=OFF" "$sb/CMakeCache.txt"
      done
      cmake --build "$sb" -j "$JOBS" --target quickstart
      (cd "$sb" && ./examples/quickstart)
      log "(d) sqlite-only mode OK"
      ;;
    *)
      echo "error: unknown mode '$mode' in TOASTY_PKG_MODES" >&2
      exit 2
      ;;
  esac
done
log "all packaging checks passed ($MODES)"
