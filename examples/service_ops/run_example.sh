#!/bin/sh
# run_example.sh MIGRATE SERVER [URL-VARIABLE]: the service_ops workflow as an operator runs
# it: migrate a database, start the service twice (the second run finds what the first
# made), read the status, then roll everything back (the test leaves nothing behind).
# Without URL-VARIABLE: a SQLite file of its own. Exits 77 (CTest: skipped) when the
# variable is not set.
set -eu
migrate="$1"
server="$2"
if [ -n "${3:-}" ]; then
  url=$(printenv "$3" || true)
  if [ -z "$url" ]; then
    echo "SKIP: $3 is not set (scripts/test.sh starts the servers and sets it)"
    exit 77
  fi
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  url="sqlite://$dir/service.db"
fi
"$migrate" rollback "$url" > /dev/null   # a clean start, whatever an earlier run left
"$migrate" status "$url" | grep -q '^pending 0001_initial$'
"$migrate" apply "$url" | grep -q '^applied 0001_initial'
"$migrate" apply "$url" | grep -q '^up to date$'
"$server" "$url" | grep -q '^schema: 0 migration(s) applied now, 1 in all$'
"$server" "$url" | grep -q '^tenant Acme Inc has 2 api key(s)$'
"$migrate" status "$url" | grep -q '^applied 0001_initial$'
"$migrate" rollback "$url" | grep -q '^rolled back 0001_initial$'
echo "service_ops OK on $url"
