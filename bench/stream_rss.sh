#!/usr/bin/env bash
# Peak RSS of Query::stream() against exec(), 1 000 and 1 000 000 rows, on a SQLite file and
# (when TOASTY_BENCH_POSTGRESQL_URL is set) PostgreSQL. Each read runs in a process of its
# own. Prints a Markdown table.
#
#   bench/stream_rss.sh BUILD_DIR      (the toasty_stream_rss binary is in BUILD_DIR/bench)
set -euo pipefail
BIN="${1:-build/bench}/bench/toasty_stream_rss"
DB_FILE="$(mktemp -d)/stream_rss.db"
trap 'rm -rf "$(dirname "$DB_FILE")"' EXIT
urls=("sqlite://$DB_FILE")
[[ -n "${TOASTY_BENCH_POSTGRESQL_URL:-}" ]] && urls+=("$TOASTY_BENCH_POSTGRESQL_URL")
echo "| backend | rows | read | peak RSS (MB) | growth while reading (MB) | seconds |"
echo "|---|---:|---|---:|---:|---:|"
for url in "${urls[@]}"; do
  name=SQLite; [[ "$url" == postgres* ]] && name=PostgreSQL
  for rows in 1000 1000000; do
    "$BIN" "$url" seed "$rows" >/dev/null
    for mode in stream exec; do
      read -r n m peak growth secs _ < <("$BIN" "$url" "$mode" "$rows")
      printf '| %s | %s | %s | %.1f | %.1f | %s |\n' "$name" "$n" "$m" "$(echo "$peak/1024" | bc -l)" \
        "$(echo "$growth/1024" | bc -l)" "$secs"
    done
  done
done
