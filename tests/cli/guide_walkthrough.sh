#!/usr/bin/env bash
# Runs the walk-through of docs/guide/migrations.md as written: every ```toasty file=NAME
# block is written to NAME, every ```sh block runs (stopping at the first failing command),
# in a scratch directory, with the built `toasty` first on PATH and TOASTY_DATABASE_URL
# pointing at a fresh database of the backend under test (the guide's own `export` of it is
# left out). Then checks what the guide says the database holds. On DynamoDB the blocks of
# its own section run instead (```toasty dynamodb file=NAME, ```sh dynamodb).
#
#   guide_walkthrough.sh <guide.md> <dir-of-toasty-program>
# Environment: TOASTY_TEST_BACKEND (sqlite|postgresql|mysql|dynamodb), TOASTY_TEST_POSTGRESQL_URL,
# TOASTY_TEST_MYSQL_URL, TOASTY_TEST_DYNAMODB_URL (+ the AWS_* settings of DynamoDB Local).
set -euo pipefail
guide="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
export PATH="$(cd "$2" && pwd):$PATH"
export PGOPTIONS="--client-min-messages=warning"
work="$(mktemp -d)"
cleanup() {
  # DynamoDB Local is shared: the walk-through's tables go (rolled back) whatever happened.
  if [[ "${TOASTY_TEST_BACKEND:-}" == dynamodb && -d "$work/migrations" ]]; then
    (cd "$work" && toasty migration rollback --to 0 > /dev/null 2>&1) || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

backend="${TOASTY_TEST_BACKEND:-sqlite}"
case "$backend" in
  sqlite)
    url="sqlite://$work/shop.db"
    query() { sqlite3 -separator $'\t' "$work/shop.db" "$1"; }
    ;;
  postgresql)
    base="${TOASTY_TEST_POSTGRESQL_URL:?not configured}"
    url="${base%/*}/toasty_guide"
    psql "$base" -X -q -c 'DROP DATABASE IF EXISTS toasty_guide' -c 'CREATE DATABASE toasty_guide'
    query() { psql "$url" -X -A -t -F $'\t' -c "$1"; }
    ;;
  mysql)
    base="${TOASTY_TEST_MYSQL_URL:?not configured}"
    [[ "$base" =~ ^mysql://([^:@]+)(:([^@]*))?@([^:/]+)(:([0-9]+))?/ ]] || { echo "cannot read $base" >&2; exit 1; }
    my=(mariadb --batch --skip-column-names -u "${BASH_REMATCH[1]}" -h "${BASH_REMATCH[4]}" -P "${BASH_REMATCH[6]:-3306}")
    [[ -n "${BASH_REMATCH[3]}" ]] && my+=("-p${BASH_REMATCH[3]}")
    "${my[@]}" -e 'DROP DATABASE IF EXISTS toasty_guide; CREATE DATABASE toasty_guide'
    url="${base%/*}/toasty_guide"
    query() { "${my[@]}" toasty_guide -e "$1"; }
    ;;
  dynamodb)
    url="${TOASTY_TEST_DYNAMODB_URL:?not configured}"
    ;;
  *) echo "no walk-through for backend $backend" >&2; exit 1 ;;
esac
export TOASTY_DATABASE_URL="$url"

if [[ "$backend" == dynamodb ]]; then
  script="$work/walkthrough.sh"
  echo 'set -euxo pipefail' > "$script"
  awk '
    /^```toasty dynamodb file=/ { print "cat > " substr($0, 25) " <<'"'"'TOASTY_GUIDE_EOF'"'"'"; mode = "file"; next }
    /^```sh dynamodb$/ { mode = "sh"; next }
    /^```/ { if (mode == "file") print "TOASTY_GUIDE_EOF"; mode = ""; next }
    mode == "file" { print; next }
    mode == "sh" { print }
  ' "$guide" >> "$script"
  grep -q 'toasty migration rollback' "$script" || { echo "the guide has no DynamoDB walk-through" >&2; exit 1; }
  bash "$script"
  # What the guide says: two migrations applied, the refused one pending with its message,
  # and the tables as the second snapshot has them once it is deleted.
  [[ "$(toasty migration status | grep -c '^applied ')" == 2 ]]
  toasty migration status | grep -q '^pending  *0003_rename_key'
  refused="$(toasty migration apply 2>&1 || true)"
  grep -q 'cannot rename column "events"."id" to "event_id": it is part of the table'"'"'s key' <<< "$refused"
  if toasty migration check > /dev/null; then echo "check passed with a migration pending" >&2; exit 1; fi
  rm -rf migrations/0003_rename_key
  toasty migration check
  echo "walk-through OK on $backend"
  exit 0
fi

# The guide's blocks, in order, as one script: files written where they appear.
script="$work/walkthrough.sh"
echo 'set -euxo pipefail' > "$script"
awk '
  /^```toasty file=/ { print "cat > " substr($0, 16) " <<'"'"'TOASTY_GUIDE_EOF'"'"'"; mode = "file"; next }
  /^```sh$/ { mode = "sh"; next }
  /^```/ { if (mode == "file") print "TOASTY_GUIDE_EOF"; mode = ""; next }
  mode == "file" { print; next }
  mode == "sh" && !/^export TOASTY_DATABASE_URL=/ { print }
' "$guide" >> "$script"
grep -q 'toasty migration rollback' "$script" || { echo "the guide has no walk-through commands" >&2; exit 1; }
bash "$script"

# What the guide says: three migrations applied, and the table as the last schema has it
# (read with the database's own client).
[[ "$(toasty migration status | grep -c '^applied ')" == 3 ]]
toasty migration check
query "INSERT INTO items (title, stock) VALUES ('pen', 4)"
[[ "$(query 'SELECT title, stock, description FROM items')" =~ ^pen$'\t'4$'\t'(NULL|)$ ]]
echo "walk-through OK on $backend"
