#!/usr/bin/env bash
# libFuzzer (clang) over the parsers of untrusted input: the schema language
# (fuzz_schema), the URL parsers and their redaction (fuzz_urls), what a DynamoDB
# endpoint answers (fuzz_dynamodb_answers) and the date and time texts databases hand back
# (fuzz_time_text), decimals (fuzz_decimal_text), JSON lists (fuzz_json_list) and PostgreSQL's
# binary results (fuzz_pg_binary) and pagination cursors clients hand back (fuzz_cursor), with ASan and UBSan. Separate from
# scripts/test.sh, which replays the committed corpus (tests/fuzz/corpus) in the regular
# build on every run.
#
#   scripts/fuzz.sh [seconds per target]      (default 600)
#
# New inputs libFuzzer finds go to build/fuzz/found/<target>/ (not committed); a crash is
# written to build/fuzz/crash-* and the script fails. Commit a crash input to
# tests/fuzz/corpus/<target>/ with its fix, so that every run checks it from then on.
set -euo pipefail
[[ -t 0 ]] || exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib/deps.sh"

SECONDS_PER_TARGET="${1:-600}"
BUILD_DIR="${TOASTY_FUZZ_BUILD_DIR:-build/fuzz}"
if [[ "${TOASTY_SKIP_INSTALL:-0}" != 1 ]]; then
  toasty_ensure_packages clang cmake ninja-build libgtest-dev libgmock-dev libsqlite3-dev libpq-dev \
    libmariadb-dev pkg-config libcurl4-openssl-dev libssl-dev nlohmann-json3-dev
fi
generator_args=()
[[ -f "$BUILD_DIR/CMakeCache.txt" ]] || generator_args=(-G Ninja)
toasty_log "configuring $BUILD_DIR (clang, libFuzzer, ASan, UBSan)"
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" "${generator_args[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTOASTY_FUZZ=ON -DTOASTY_SANITIZE=ON -DTOASTY_BUILD_TESTS=ON -DTOASTY_BUILD_EXAMPLES=OFF -DTOASTY_BUILD_BENCH=OFF
targets=(fuzz_schema fuzz_urls fuzz_dynamodb_answers fuzz_time_text fuzz_decimal_text fuzz_json_list fuzz_pg_binary fuzz_cursor fuzz_like)
cmake --build "$BUILD_DIR" -j "${TOASTY_JOBS:-2}" --target "${targets[@]}"

rc=0
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  found="$BUILD_DIR/found/$name"
  mkdir -p "$found"
  toasty_log "fuzzing $name for ${SECONDS_PER_TARGET}s (seeds: tests/fuzz/corpus/$name)"
  log="$BUILD_DIR/$name.log"
  if (cd "$BUILD_DIR" && "./tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 \
        -max_len=262144 -print_final_stats=1 "found/$name" "$ROOT/tests/fuzz/corpus/$name") >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    toasty_log "$name: ${runs:-?} executions, no finding"
  else
    toasty_log "$name: FINDING (log: $log)"
    tail -40 "$log" >&2
    rc=1
  fi
done
exit "$rc"
