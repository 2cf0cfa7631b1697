# shellcheck shell=bash
# The servers the test scripts need (scripts/test.sh, scripts/tsan.sh), on 127.0.0.1:
# started here unless the developer's own are named by TOASTY_TEST_POSTGRESQL_URL /
# TOASTY_TEST_MYSQL_URL / TOASTY_TEST_DYNAMODB_URL (or AWS_ENDPOINT_URL_DYNAMODB).
# Needs scripts/lib/deps.sh, servers.sh and dynamodb_local.sh sourced first.

# Starts what is missing and exports the TOASTY_TEST_*_URL the suite reads.
toasty_test_servers_up() {
  # Throwaway certificates: the servers started here speak TLS too (the Tls.* tests). A
  # developer's own servers come with their own TOASTY_TEST_TLS_CA (or none: skipped).
  if [[ -z "${TOASTY_TLS_DIR:-}" && -z "${TOASTY_TEST_TLS_CA:-}" ]]; then
    TOASTY_TLS_DIR="$(mktemp -d "${TOASTY_SERVER_TMP:-/tmp}/toasty-tls.XXXXXX")"
    export TOASTY_TLS_DIR
    _TOASTY_TLS_DIR_OURS=1
    if ! toasty_make_test_certs "$TOASTY_TLS_DIR"; then
      toasty_log "WARNING: no test certificates (openssl failed): the TLS tests will be skipped"
      TOASTY_TLS_DIR=""
    fi
  fi
  if [[ -n "${TOASTY_TLS_DIR:-}" ]]; then
    export TOASTY_TEST_TLS_CA="$TOASTY_TLS_DIR/ca.pem" TOASTY_TEST_TLS_OTHER_CA="$TOASTY_TLS_DIR/other-ca.pem"
  fi
  if [[ -n "${TOASTY_TEST_POSTGRESQL_URL:-}" ]]; then
    toasty_log "using the developer's PostgreSQL: TOASTY_TEST_POSTGRESQL_URL is set"
  else
    start_postgres
    export TOASTY_TEST_POSTGRESQL_URL="$TOASTY_PG_URL"
    [[ -z "${TOASTY_PG_TLS_URL:-}" ]] || export TOASTY_TEST_POSTGRESQL_TLS_URL="$TOASTY_PG_TLS_URL"
  fi
  if [[ -n "${TOASTY_TEST_MYSQL_URL:-}" ]]; then
    toasty_log "using the developer's MySQL/MariaDB: TOASTY_TEST_MYSQL_URL is set"
  else
    start_mariadb
    export TOASTY_TEST_MYSQL_URL="$TOASTY_MARIADB_URL"
    [[ -z "${TOASTY_MARIADB_TLS_URL:-}" ]] || export TOASTY_TEST_MYSQL_TLS_URL="$TOASTY_MARIADB_TLS_URL"
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
  [[ "${_TOASTY_TLS_DIR_OURS:-0}" != 1 || -z "${TOASTY_TLS_DIR:-}" ]] || rm -rf "$TOASTY_TLS_DIR"
}
