# shellcheck shell=bash
# The servers the test scripts need (scripts/test.sh, scripts/tsan.sh), on 127.0.0.1:
# started here unless the developer's own are named by TOASTY_TEST_POSTGRESQL_URL /
# TOASTY_TEST_MYSQL_URL / TOASTY_TEST_DYNAMODB_URL (or AWS_ENDPOINT_URL_DYNAMODB).
# Needs scripts/lib/deps.sh, servers.sh and dynamodb_local.sh sourced first.

# Starts what is missing and exports the TOASTY_TEST_*_URL the suite reads.
toasty_test_servers_up() {
  if [[ -n "${TOASTY_TEST_POSTGRESQL_URL:-}" ]]; then
    toasty_log "using the developer's PostgreSQL: TOASTY_TEST_POSTGRESQL_URL is set"
  else
    start_postgres
    export TOASTY_TEST_POSTGRESQL_URL="$TOASTY_PG_URL"
  fi
  if [[ -n "${TOASTY_TEST_MYSQL_URL:-}" ]]; then
    toasty_log "using the developer's MySQL/MariaDB: TOASTY_TEST_MYSQL_URL is set"
  else
    start_mariadb
    export TOASTY_TEST_MYSQL_URL="$TOASTY_MARIADB_URL"
  fi
  if [[ -n "${TOASTY_TEST_DYNAMODB_URL:-}" || -n "${AWS_ENDPOINT_URL_DYNAMODB:-}" ]]; then
    toasty_log "using the developer's DynamoDB: TOASTY_TEST_DYNAMODB_URL or AWS_ENDPOINT_URL_DYNAMODB is set"
    export TOASTY_TEST_DYNAMODB_URL="${TOASTY_TEST_DYNAMODB_URL:-dynamodb://}"
  elif start_dynamodb_local; then  # exports AWS_ENDPOINT_URL_DYNAMODB and dummy credentials
    export TOASTY_TEST_DYNAMODB_URL=dynamodb://us-east-1
  else
    toasty_log "WARNING: DynamoDB Local did not start (needs java and, once, npm): the dynamodb tests will be skipped"
  fi
}

# Stops what toasty_test_servers_up started (the stop functions leave others' servers alone).
toasty_test_servers_down() {
  stop_postgres
  stop_mariadb
  stop_dynamodb_local
}
