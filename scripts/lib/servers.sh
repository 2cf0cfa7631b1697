# shellcheck shell=bash
# Throwaway PostgreSQL and MariaDB servers for tests and benchmarks.
# shellcheck source=scripts/lib/tls.sh
source "$(dirname "${BASH_SOURCE[0]}")/tls.sh"
#
# Source this file, then call:
#   start_postgres   sets TOASTY_PG_PORT, TOASTY_PG_DIR, TOASTY_PG_PID, TOASTY_PG_URL
#                    (postgresql://postgres@127.0.0.1:PORT/toasty, trust auth)
#   stop_postgres
#   start_mariadb    sets TOASTY_MARIADB_PORT, TOASTY_MARIADB_DIR, TOASTY_MARIADB_PID,
#                    TOASTY_MARIADB_URL (mysql://toasty:toasty@127.0.0.1:PORT/toasty)
#   stop_mariadb
#
# With TOASTY_TLS_DIR naming certificates made by toasty_make_test_certs (tls.sh), both
# servers also speak TLS with that server certificate, and each has a user who may connect
# over TLS only: TOASTY_PG_TLS_URL (postgresql://toasty_tls@...) and TOASTY_MARIADB_TLS_URL
# (mysql://toasty_tls:tls-secret-8843@...). Plain connections of the other users still work.
#
# Each server listens on 127.0.0.1 only, on a free port, with its data, socket
# and logs in a new temporary directory that stop_* removes (keep it with
# TOASTY_KEEP_SERVER_DIRS=1). No systemd, no /etc config files are used.
# Servers are started as children of the calling shell, so call stop_* from
# that same shell (e.g. in a `trap ... EXIT`): then nothing is left behind,
# not even a zombie (PID 1 on these machines does not reap orphans).
#
# Knobs: TOASTY_SERVER_TMP (parent of the temporary directories, default /tmp;
# keep it short: unix socket paths are limited to 107 bytes), TOASTY_PG_BIN
# (directory holding initdb/postgres/psql; default: newest /usr/lib/postgresql/*/bin).

_toasty_srv_log() {
  printf '==> %s\n' "$*" >&2
}

# True while PID exists and is neither a zombie nor dead.
_toasty_pid_alive() {
  local pid="${1:-}" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/status" ]] || return 1
  state="$(awk '/^State:/ {print $2; exit}' "/proc/$pid/status" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# True when some TCP socket (listening or not) uses local port $1.
_toasty_port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ]]
    return
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Print a port in 20000-31999 (below Linux's ephemeral range) that is not in use.
_toasty_pick_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    if ! _toasty_port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  echo "error: no free TCP port found" >&2
  return 1
}

# _toasty_spawn WORKDIR LOGFILE CMD... : start CMD in the background, in its own
# session (a Ctrl-C on the terminal does not reach it; stop_* shuts it down),
# with stdin from /dev/null, stdout/stderr appended to LOGFILE, and no other
# inherited file descriptor (a daemon holding a caller's lock or pipe makes the
# caller hang). Sets _TOASTY_SPAWNED_PID. `setsid -w` only forks when the
# subshell leads a process group (job control on); then it waits for and reaps
# the server itself.
_toasty_spawn() {
  local workdir="$1" log="$2"
  shift 2
  (
    cd "$workdir" || exit 127
    for _fd in /proc/"$BASHPID"/fd/*; do
      _fd="${_fd##*/}"
      if [[ "$_fd" =~ ^[0-9]+$ ]] && ((_fd > 2)); then
        eval "exec $_fd>&-" 2>/dev/null || true
      fi
    done
    exec setsid -w "$@" </dev/null >>"$log" 2>&1
  ) &
  _TOASTY_SPAWNED_PID=$!
}

# _toasty_stop_pid PID SIGNAL NAME: signal PID and wait up to 60 s for it to end,
# then SIGKILL it.
_toasty_stop_pid() {
  local pid="$1" sig="$2" name="$3"
  _toasty_pid_alive "$pid" || return 0
  kill -s "$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    _toasty_pid_alive "$pid" || return 0
    sleep 0.1
  done
  _toasty_srv_log "$name (pid $pid) did not stop within 60 s; sending SIGKILL"
  kill -s KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    _toasty_pid_alive "$pid" || return 0
    sleep 0.1
  done
  echo "error: $name (pid $pid) is still running" >&2
  return 1
}

# _toasty_reap PID: collect the exit status of our own child, if it is one.
_toasty_reap() {
  [[ -n "${1:-}" ]] || return 0
  wait "$1" 2>/dev/null || true
}

# Remove a server directory unless TOASTY_KEEP_SERVER_DIRS=1 (for post-mortems).
_toasty_rm_dir() {
  [[ -n "${1:-}" && -d "$1" ]] || return 0
  if [[ "${TOASTY_KEEP_SERVER_DIRS:-0}" == 1 ]]; then
    _toasty_srv_log "keeping $1 (TOASTY_KEEP_SERVER_DIRS=1)"
  else
    rm -rf "$1"
  fi
}

_toasty_mktemp_dir() {
  local base="${TOASTY_SERVER_TMP:-/tmp}"
  mktemp -d "$base/$1.XXXXXX"
}

# ----------------------------------------------------------------- PostgreSQL

start_postgres() {
  if _toasty_pid_alive "${TOASTY_PG_PID:-}"; then
    _toasty_srv_log "PostgreSQL already running on port $TOASTY_PG_PORT (pid $TOASTY_PG_PID)"
    return 0
  fi
  local bin="${TOASTY_PG_BIN:-}"
  if [[ -z "$bin" ]]; then
    bin="$(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  if [[ -z "$bin" || ! -x "$bin/initdb" || ! -x "$bin/postgres" ]]; then
    echo "error: PostgreSQL server binaries not found (install postgresql or set TOASTY_PG_BIN)" >&2
    return 1
  fi
  local psql="$bin/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql || true)"
  if [[ -z "$psql" ]]; then
    echo "error: psql not found" >&2
    return 1
  fi

  local dir
  dir="$(_toasty_mktemp_dir toasty-pg)" || return 1
  # initdb and postgres refuse to run as root: run them as the postgres user.
  local as_pg=()
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$dir" || return 1
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  fi

  _toasty_srv_log "PostgreSQL: initdb in $dir/data ($bin)"
  if ! (cd "$dir" && exec "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres \
          -E UTF8 --locale=C.UTF-8 --no-sync) >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    echo "error: initdb failed (log above)" >&2
    _toasty_rm_dir "$dir"
    return 1
  fi

  local tls_args=()
  if [[ -n "${TOASTY_TLS_DIR:-}" && -f "$TOASTY_TLS_DIR/server.pem" ]]; then
    toasty_install_server_cert "$TOASTY_TLS_DIR" "$dir/tls" postgres || { _toasty_rm_dir "$dir"; return 1; }
    tls_args=(-c ssl=on -c "ssl_cert_file=$dir/tls/server.pem" -c "ssl_key_file=$dir/tls/server.key")
    # toasty_tls may connect over TLS only; the first matching line wins.
    local hba="$dir/data/pg_hba.conf"
    { printf 'hostnossl all toasty_tls all reject\nhostssl all toasty_tls 127.0.0.1/32 trust\n'; cat "$hba"; } \
      >"$dir/pg_hba.new" && cat "$dir/pg_hba.new" >"$hba" && rm -f "$dir/pg_hba.new"
  fi

  local port spawned ready pid
  for _ in 1 2 3 4 5; do
    port="$(_toasty_pick_port)" || { _toasty_rm_dir "$dir"; return 1; }
    _toasty_srv_log "PostgreSQL: starting on 127.0.0.1:$port"
    _toasty_spawn "$dir" "$dir/postgres.log" "${as_pg[@]}" "$bin/postgres" -D "$dir/data" \
      -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=200 "${tls_args[@]}"
    spawned="$_TOASTY_SPAWNED_PID"
    ready=0
    for _ in $(seq 1 600); do
      if ! _toasty_pid_alive "$spawned"; then
        break
      fi
      # Ask for the data directory: a foreign server that holds the port
      # (lost race) must not be mistaken for ours.
      if [[ "$("$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
               -Atc 'show data_directory' </dev/null 2>/dev/null)" == "$dir/data" ]]; then
        ready=1
        break
      fi
      sleep 0.1
    done
    if [[ $ready -eq 1 ]]; then
      break
    fi
    if _toasty_pid_alive "$spawned"; then
      _toasty_stop_pid "$spawned" KILL PostgreSQL || true
    fi
    _toasty_reap "$spawned"
    if grep -q 'could not bind\|Address already in use' "$dir/postgres.log" 2>/dev/null; then
      _toasty_srv_log "PostgreSQL: port $port was taken; trying another"
      rm -f "$dir/data/postmaster.pid"
      : >"$dir/postgres.log"
      continue
    fi
    cat "$dir/postgres.log" >&2
    echo "error: PostgreSQL did not start (log above)" >&2
    _toasty_rm_dir "$dir"
    return 1
  done
  if [[ $ready -ne 1 ]]; then
    echo "error: PostgreSQL: no usable port after 5 attempts" >&2
    _toasty_rm_dir "$dir"
    return 1
  fi

  pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || pid="$spawned"

  TOASTY_PG_DIR="$dir"
  TOASTY_PG_PORT="$port"
  TOASTY_PG_PID="$pid"
  TOASTY_PG_SPAWNED_PID="$spawned"
  TOASTY_PG_URL="postgresql://postgres@127.0.0.1:$port/toasty"

  if ! "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
         -c 'CREATE DATABASE toasty' </dev/null >/dev/null; then
    echo "error: could not create database toasty" >&2
    stop_postgres
    return 1
  fi
  TOASTY_PG_TLS_URL=""
  if [[ ${#tls_args[@]} -gt 0 ]]; then
    if ! "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
           -c 'CREATE ROLE toasty_tls LOGIN SUPERUSER' </dev/null >/dev/null; then
      echo "error: could not create role toasty_tls" >&2
      stop_postgres
      return 1
    fi
    TOASTY_PG_TLS_URL="postgresql://toasty_tls@127.0.0.1:$port/toasty"
  fi
  _toasty_srv_log "PostgreSQL ready: $TOASTY_PG_URL (pid $pid, dir $dir${TOASTY_PG_TLS_URL:+, TLS})"
}

stop_postgres() {
  local pid="${TOASTY_PG_PID:-}" dir="${TOASTY_PG_DIR:-}" spawned="${TOASTY_PG_SPAWNED_PID:-}"
  if [[ -z "$pid" && -z "$dir" ]]; then
    return 0
  fi
  local rc=0
  if _toasty_pid_alive "$pid"; then
    _toasty_srv_log "PostgreSQL: stopping (pid $pid)"
    # SIGINT = "fast" shutdown: roll back open transactions, close connections.
    _toasty_stop_pid "$pid" INT PostgreSQL || rc=1
  fi
  if [[ -n "$spawned" && "$spawned" != "$pid" ]]; then
    _toasty_stop_pid "$spawned" TERM "PostgreSQL launcher" || true
  fi
  _toasty_reap "$spawned"
  _toasty_rm_dir "$dir"
  unset TOASTY_PG_PID TOASTY_PG_DIR TOASTY_PG_PORT TOASTY_PG_URL TOASTY_PG_SPAWNED_PID
  return "$rc"
}

# -------------------------------------------------------------------- MariaDB

_toasty_find_cmd() {
  local c
  for c in "$@"; do
    if command -v "$c" >/dev/null 2>&1; then
      command -v "$c"
      return 0
    fi
    if [[ -x "/usr/sbin/$c" ]]; then
      echo "/usr/sbin/$c"
      return 0
    fi
  done
  return 1
}

start_mariadb() {
  if _toasty_pid_alive "${TOASTY_MARIADB_PID:-}"; then
    _toasty_srv_log "MariaDB already running on port $TOASTY_MARIADB_PORT (pid $TOASTY_MARIADB_PID)"
    return 0
  fi
  local server install_db client
  if ! server="$(_toasty_find_cmd mariadbd mysqld)" ||
     ! install_db="$(_toasty_find_cmd mariadb-install-db mysql_install_db)" ||
     ! client="$(_toasty_find_cmd mariadb mysql)"; then
    echo "error: MariaDB server not found (apt-get install mariadb-server)" >&2
    return 1
  fi

  local dir
  dir="$(_toasty_mktemp_dir toasty-mariadb)" || return 1
  local user_opt=()
  if [[ "$(id -u)" -eq 0 ]]; then
    chown mysql:mysql "$dir" || return 1
    user_opt=(--user=mysql)
  fi

  # --no-defaults must come first, or /etc/mysql/my.cnf moves socket and pid file.
  _toasty_srv_log "MariaDB: install-db in $dir/data"
  if ! (cd "$dir" && exec "$install_db" --no-defaults --datadir="$dir/data" "${user_opt[@]}" \
          --auth-root-authentication-method=normal --skip-test-db) \
          </dev/null >"$dir/install-db.log" 2>&1; then
    cat "$dir/install-db.log" >&2
    echo "error: mariadb-install-db failed (log above)" >&2
    _toasty_rm_dir "$dir"
    return 1
  fi

  local tls_args=()
  if [[ -n "${TOASTY_TLS_DIR:-}" && -f "$TOASTY_TLS_DIR/server.pem" ]]; then
    toasty_install_server_cert "$TOASTY_TLS_DIR" "$dir/tls" "${user_opt[*]:+mysql}" || { _toasty_rm_dir "$dir"; return 1; }
    tls_args=(--ssl-ca="$dir/tls/ca.pem" --ssl-cert="$dir/tls/server.pem" --ssl-key="$dir/tls/server.key")
  fi

  local root_cli=("$client" --no-defaults -uroot --socket="$dir/sock")
  local port spawned ready pid
  for _ in 1 2 3 4 5; do
    port="$(_toasty_pick_port)" || { _toasty_rm_dir "$dir"; return 1; }
    _toasty_srv_log "MariaDB: starting on 127.0.0.1:$port"
    rm -f "$dir/error.log" # mariadbd (as mysql) must create it itself
    _toasty_spawn "$dir" "$dir/mariadbd.out" "$server" --no-defaults \
      --datadir="$dir/data" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
      "${user_opt[@]}" --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
      --tmpdir="$dir" --skip-log-bin --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-flush-log-at-trx-commit=0 --skip-innodb-doublewrite \
      --innodb-buffer-pool-size=128M --max-connections=200 "${tls_args[@]}"
    spawned="$_TOASTY_SPAWNED_PID"
    ready=0
    for _ in $(seq 1 600); do
      if ! _toasty_pid_alive "$spawned"; then
        break
      fi
      if "${root_cli[@]}" -e 'select 1' </dev/null >/dev/null 2>&1; then
        ready=1
        break
      fi
      sleep 0.1
    done
    if [[ $ready -eq 1 ]]; then
      break
    fi
    if _toasty_pid_alive "$spawned"; then
      _toasty_stop_pid "$spawned" KILL MariaDB || true
    fi
    _toasty_reap "$spawned"
    if grep -qs 'Address already in use' "$dir/error.log" "$dir/mariadbd.out"; then
      _toasty_srv_log "MariaDB: port $port was taken; trying another"
      rm -f "$dir/mariadbd.pid" "$dir/sock" "$dir/sock.lock"
      : >"$dir/mariadbd.out"
      continue
    fi
    cat "$dir/error.log" "$dir/mariadbd.out" >&2 2>/dev/null || true
    echo "error: MariaDB did not start (log above)" >&2
    _toasty_rm_dir "$dir"
    return 1
  done
  if [[ $ready -ne 1 ]]; then
    echo "error: MariaDB: no usable port after 5 attempts" >&2
    _toasty_rm_dir "$dir"
    return 1
  fi

  pid="$(head -n 1 "$dir/mariadbd.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || pid="$spawned"

  TOASTY_MARIADB_DIR="$dir"
  TOASTY_MARIADB_PORT="$port"
  TOASTY_MARIADB_PID="$pid"
  TOASTY_MARIADB_SPAWNED_PID="$spawned"
  TOASTY_MARIADB_URL="mysql://toasty:toasty@127.0.0.1:$port/toasty"

  # The toasty user may create and drop databases (tests can isolate themselves).
  if ! "${root_cli[@]}" </dev/null -e "
      CREATE DATABASE toasty CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER 'toasty'@'%' IDENTIFIED BY 'toasty';
      CREATE USER 'toasty'@'localhost' IDENTIFIED BY 'toasty';
      GRANT ALL PRIVILEGES ON *.* TO 'toasty'@'%' WITH GRANT OPTION;
      GRANT ALL PRIVILEGES ON *.* TO 'toasty'@'localhost' WITH GRANT OPTION;
      FLUSH PRIVILEGES;"; then
    echo "error: could not create database/user toasty" >&2
    stop_mariadb
    return 1
  fi
  if ! "$client" --no-defaults -h 127.0.0.1 -P "$port" --protocol=TCP -utoasty -ptoasty toasty \
         -e 'select 1' </dev/null >/dev/null; then
    echo "error: cannot log in as toasty over TCP" >&2
    stop_mariadb
    return 1
  fi
  TOASTY_MARIADB_TLS_URL=""
  if [[ ${#tls_args[@]} -gt 0 ]]; then
    if ! "${root_cli[@]}" </dev/null -e "
        CREATE USER 'toasty_tls'@'%' IDENTIFIED BY 'tls-secret-8843' REQUIRE SSL;
        GRANT ALL PRIVILEGES ON *.* TO 'toasty_tls'@'%';
        FLUSH PRIVILEGES;"; then
      echo "error: could not create user toasty_tls" >&2
      stop_mariadb
      return 1
    fi
    TOASTY_MARIADB_TLS_URL="mysql://toasty_tls:tls-secret-8843@127.0.0.1:$port/toasty"
  fi
  _toasty_srv_log "MariaDB ready: $TOASTY_MARIADB_URL (pid $pid, dir $dir${TOASTY_MARIADB_TLS_URL:+, TLS})"
}

stop_mariadb() {
  local pid="${TOASTY_MARIADB_PID:-}" dir="${TOASTY_MARIADB_DIR:-}"
  local spawned="${TOASTY_MARIADB_SPAWNED_PID:-}"
  if [[ -z "$pid" && -z "$dir" ]]; then
    return 0
  fi
  local rc=0
  if _toasty_pid_alive "$pid"; then
    _toasty_srv_log "MariaDB: stopping (pid $pid)"
    _toasty_stop_pid "$pid" TERM MariaDB || rc=1
  fi
  if [[ -n "$spawned" && "$spawned" != "$pid" ]]; then
    _toasty_stop_pid "$spawned" TERM "MariaDB launcher" || true
  fi
  _toasty_reap "$spawned"
  _toasty_rm_dir "$dir"
  unset TOASTY_MARIADB_PID TOASTY_MARIADB_DIR TOASTY_MARIADB_PORT TOASTY_MARIADB_URL \
    TOASTY_MARIADB_SPAWNED_PID
  return "$rc"
}
