#!/bin/sh
# run_on_backend.sh VAR EXAMPLE: runs EXAMPLE on the database URL held by environment
# variable VAR; exits 77 (CTest: skipped, with this reason) when VAR is not set.
url=$(printenv "$1")
if [ -z "$url" ]; then
  echo "SKIP: $1 is not set (scripts/test.sh starts the servers and sets it)"
  exit 77
fi
exec "$2" "$url"
