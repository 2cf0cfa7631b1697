# shellcheck shell=bash
# A throwaway DynamoDB Local (Amazon's own emulator, Java) for tests.
#
# Source this file, then call:
#   start_dynamodb_local   starts DynamoDB Local on 127.0.0.1:<free port>, in memory, and
#                          exports AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT,
#                          AWS_ACCESS_KEY_ID=dummy, AWS_SECRET_ACCESS_KEY=dummy,
#                          AWS_REGION=us-east-1 (unsets AWS_SESSION_TOKEN and AWS_PROFILE);
#                          sets TOASTY_DYNAMODB_PORT, TOASTY_DYNAMODB_PID, TOASTY_DYNAMODB_DIR,
#                          TOASTY_DYNAMODB_ENDPOINT.
#   stop_dynamodb_local    stops it, waits for it to end, removes its directory and puts
#                          the AWS_* variables back the way they were.
#
# DynamoDB Local ships in the npm package amplify-dynamodb-simulator (emulator/
# DynamoDBLocal.jar + DynamoDBLocal_lib/). The first start downloads it once with
# `npm pack` and unpacks only package/emulator into a cache OUTSIDE the repository:
#   ${TOASTY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/toasty}/dynamodb-local/<npm spec>/emulator
# Later starts reuse the cache (no network). Concurrent first starts share one download
# (flock). Java 17 (`java`) and `npm` must be on PATH; `curl` is used for the readiness probe.
#
# The server runs as a child of the calling shell: call stop_dynamodb_local from that same
# shell (e.g. in a `trap ... EXIT`) so that nothing is left behind, not even a zombie. Should
# that shell die without it, the server gets SIGTERM (setpriv --pdeathsig) and ends too.
#
# Knobs: TOASTY_DYNAMODB_LOCAL_NPM (npm spec, default amplify-dynamodb-simulator@2.9.30),
# TOASTY_DYNAMODB_JAVA_OPTS (extra JVM options, default -Xmx1g), TOASTY_SERVER_TMP (parent of
# the server's temporary directory, default /tmp), TOASTY_KEEP_SERVER_DIRS=1 (keep the log),
# TOASTY_DYNAMODB_START_TIMEOUT (seconds, default 60), TOASTY_DYNAMODB_LOCAL_ARGS (extra
# emulator options, e.g. -delayTransientStatuses).
#
# Safe under `set -euo pipefail`: every function returns non-zero on failure with a message
# on stderr, and never exits the caller itself.

_toasty_ddb_log() {
  printf '==> %s\n' "$*" >&2
}

# True while PID exists and is neither a zombie nor dead.
_toasty_ddb_pid_alive() {
  local pid="${1:-}" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/status" ]] || return 1
  state="$(awk '/^State:/ {print $2; exit}' "/proc/$pid/status" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

_toasty_ddb_port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ]]
    return
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Print a free port in 20000-31999 (below Linux's ephemeral range).
_toasty_ddb_pick_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    if ! _toasty_ddb_port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  echo "error: no free TCP port found" >&2
  return 1
}

_toasty_ddb_cache_root() {
  local base="${TOASTY_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/toasty}"
  echo "$base/dynamodb-local"
}

# Make sure the emulator is unpacked in the cache; print its directory.
_toasty_ddb_fetch() {
  local spec="${TOASTY_DYNAMODB_LOCAL_NPM:-amplify-dynamodb-simulator@2.9.30}"
  local root dir
  root="$(_toasty_ddb_cache_root)"
  dir="$root/${spec//[^A-Za-z0-9._@-]/_}"
  if [[ -f "$dir/emulator/DynamoDBLocal.jar" && -d "$dir/emulator/DynamoDBLocal_lib" ]]; then
    echo "$dir/emulator"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || {
    echo "error: npm is needed once to download DynamoDB Local ($spec)" >&2
    return 1
  }
  mkdir -p "$dir" || return 1
  # One download at a time; the lock's descriptor lives only in this subshell, so
  # the server started later never inherits it.
  (
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$dir/.lock"
      flock -w 900 9 || { echo "error: timed out waiting for $dir/.lock" >&2; exit 1; }
    fi
    if [[ -f "$dir/emulator/DynamoDBLocal.jar" && -d "$dir/emulator/DynamoDBLocal_lib" ]]; then
      exit 0
    fi
    tmp="$(mktemp -d "$dir/download.XXXXXX")" || exit 1
    trap 'rm -rf "$tmp"' EXIT
    _toasty_ddb_log "DynamoDB Local: downloading $spec with npm pack (once, into $dir)"
    if ! (cd "$tmp" && npm pack --silent "$spec" </dev/null >"$tmp/npm.out" 2>"$tmp/npm.err"); then
      cat "$tmp/npm.err" >&2
      echo "error: npm pack $spec failed (output above)" >&2
      exit 1
    fi
    tgz=""
    for f in "$tmp"/*.tgz; do
      [[ -f "$f" ]] && tgz="$f" && break
    done
    if [[ -z "$tgz" ]]; then
      echo "error: npm pack $spec produced no tarball" >&2
      exit 1
    fi
    if ! tar -xzf "$tgz" -C "$tmp" package/emulator; then
      echo "error: $tgz has no package/emulator" >&2
      exit 1
    fi
    if [[ ! -f "$tmp/package/emulator/DynamoDBLocal.jar" ]]; then
      echo "error: $tgz has no package/emulator/DynamoDBLocal.jar" >&2
      exit 1
    fi
    rm -rf "$dir/emulator"
    mv "$tmp/package/emulator" "$dir/emulator"
  ) || return 1
  echo "$dir/emulator"
}

# Answer of a signed ListTables on PORT: prints the HTTP status (000 when nothing answers)
# and the body on the next lines.
_toasty_ddb_probe() {
  local port="$1"
  curl -sS --max-time 2 -o - -w '\n%{http_code}' \
    --aws-sigv4 "aws:amz:us-east-1:dynamodb" --user "dummy:dummy" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    --data '{}' "http://127.0.0.1:$port/" 2>/dev/null || true
}

_TOASTY_DDB_ENV_VARS=(AWS_ENDPOINT_URL_DYNAMODB AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION
  AWS_SESSION_TOKEN AWS_PROFILE)

_toasty_ddb_save_env() {
  local v
  _TOASTY_DDB_SAVED_ENV=()
  for v in "${_TOASTY_DDB_ENV_VARS[@]}"; do
    if [[ -n "${!v+x}" ]]; then
      _TOASTY_DDB_SAVED_ENV+=("$v=${!v}")
    fi
  done
  _TOASTY_DDB_ENV_SAVED=1
}

_toasty_ddb_restore_env() {
  [[ "${_TOASTY_DDB_ENV_SAVED:-0}" == 1 ]] || return 0
  local v entry
  for v in "${_TOASTY_DDB_ENV_VARS[@]}"; do
    unset "$v"
  done
  for entry in "${_TOASTY_DDB_SAVED_ENV[@]+"${_TOASTY_DDB_SAVED_ENV[@]}"}"; do
    export "${entry%%=*}=${entry#*=}"
  done
  _TOASTY_DDB_SAVED_ENV=()
  _TOASTY_DDB_ENV_SAVED=0
}

start_dynamodb_local() {
  if _toasty_ddb_pid_alive "${TOASTY_DYNAMODB_PID:-}"; then
    _toasty_ddb_log "DynamoDB Local already running on port $TOASTY_DYNAMODB_PORT (pid $TOASTY_DYNAMODB_PID)"
    return 0
  fi
  command -v java >/dev/null 2>&1 || {
    echo "error: java not found (DynamoDB Local needs Java 17: apt-get install openjdk-17-jre-headless)" >&2
    return 1
  }
  command -v curl >/dev/null 2>&1 || { echo "error: curl not found" >&2; return 1; }

  local emulator
  emulator="$(_toasty_ddb_fetch)" || return 1

  local dir
  dir="$(mktemp -d "${TOASTY_SERVER_TMP:-/tmp}/toasty-ddb.XXXXXX")" || return 1
  local java_opts=()
  read -r -a java_opts <<<"${TOASTY_DYNAMODB_JAVA_OPTS:--Xmx1g}"
  # If the calling shell dies without calling stop_dynamodb_local (SIGKILL, SIGPIPE), the
  # kernel sends the server SIGTERM: no orphaned JVM.
  local guard=()
  if command -v setpriv >/dev/null 2>&1 && setpriv --help 2>/dev/null | grep -q -- --pdeathsig; then
    guard=(setpriv --pdeathsig TERM --)
  fi
  local extra_args=()
  read -r -a extra_args <<<"${TOASTY_DYNAMODB_LOCAL_ARGS:-}"
  local timeout="${TOASTY_DYNAMODB_START_TIMEOUT:-60}"

  local _attempt port pid ready answer status
  ready=0
  for _attempt in 1 2 3 4 5; do
    port="$(_toasty_ddb_pick_port)" || { rm -rf "$dir"; return 1; }
    _toasty_ddb_log "DynamoDB Local: starting on 127.0.0.1:$port ($emulator)"
    : >"$dir/dynamodb-local.log"
    # A child of this shell, with no inherited descriptor beyond 0-2 (a server holding a
    # caller's lock or pipe makes the caller hang), stdin from /dev/null, output to the log.
    (
      cd "$dir" || exit 127
      for _fd in /proc/"$BASHPID"/fd/*; do
        _fd="${_fd##*/}"
        if [[ "$_fd" =~ ^[0-9]+$ ]] && ((_fd > 2)); then
          eval "exec $_fd>&-" 2>/dev/null || true
        fi
      done
      exec "${guard[@]+"${guard[@]}"}" java "${java_opts[@]+"${java_opts[@]}"}" -Djava.library.path="$emulator/DynamoDBLocal_lib" \
        -jar "$emulator/DynamoDBLocal.jar" -inMemory -sharedDb -disableTelemetry -port "$port" \
        "${extra_args[@]+"${extra_args[@]}"}" \
        </dev/null >>"$dir/dynamodb-local.log" 2>&1
    ) &
    pid=$!
    for _ in $(seq 1 $((timeout * 5))); do
      _toasty_ddb_pid_alive "$pid" || break
      answer="$(_toasty_ddb_probe "$port")"
      status="${answer##*$'\n'}"
      if [[ "$status" =~ ^[1-9][0-9][0-9]$ ]]; then
        # Something answers HTTP: make sure it is our DynamoDB (not a foreign server that
        # won the race for the port) — an empty in-memory DynamoDB lists no tables.
        if [[ "$answer" == *'"TableNames"'* ]]; then
          ready=1
        fi
        break
      fi
      sleep 0.2
    done
    if [[ $ready -eq 1 ]] && _toasty_ddb_pid_alive "$pid"; then
      break
    fi
    ready=0
    local why="did not answer within ${timeout}s"
    if _toasty_ddb_pid_alive "$pid"; then
      kill -s KILL "$pid" 2>/dev/null || true
    else
      why="exited before answering"
    fi
    wait "$pid" 2>/dev/null || true
    if grep -qs 'Address already in use\|BindException' "$dir/dynamodb-local.log" ||
       [[ "${status:-000}" != 000 ]]; then
      _toasty_ddb_log "DynamoDB Local: port $port was taken; trying another"
      continue
    fi
    { cat "$dir/dynamodb-local.log"; echo; } >&2 || true
    echo "error: DynamoDB Local $why (log above)" >&2
    rm -rf "$dir"
    return 1
  done
  if [[ $ready -ne 1 ]]; then
    echo "error: DynamoDB Local: no usable port after 5 attempts" >&2
    rm -rf "$dir"
    return 1
  fi

  TOASTY_DYNAMODB_DIR="$dir"
  TOASTY_DYNAMODB_PORT="$port"
  TOASTY_DYNAMODB_PID="$pid"
  TOASTY_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
  _toasty_ddb_save_env
  unset AWS_SESSION_TOKEN AWS_PROFILE
  export AWS_ENDPOINT_URL_DYNAMODB="$TOASTY_DYNAMODB_ENDPOINT"
  export AWS_ACCESS_KEY_ID=dummy
  export AWS_SECRET_ACCESS_KEY=dummy
  export AWS_REGION=us-east-1
  _toasty_ddb_log "DynamoDB Local ready: $TOASTY_DYNAMODB_ENDPOINT (pid $pid, log $dir/dynamodb-local.log)"
}

stop_dynamodb_local() {
  local pid="${TOASTY_DYNAMODB_PID:-}" dir="${TOASTY_DYNAMODB_DIR:-}"
  if [[ -z "$pid" && -z "$dir" ]]; then
    return 0
  fi
  local rc=0
  if _toasty_ddb_pid_alive "$pid"; then
    _toasty_ddb_log "DynamoDB Local: stopping (pid $pid)"
    kill -s TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      _toasty_ddb_pid_alive "$pid" || break
      sleep 0.1
    done
    if _toasty_ddb_pid_alive "$pid"; then
      _toasty_ddb_log "DynamoDB Local (pid $pid) did not stop within 10 s; sending SIGKILL"
      kill -s KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        _toasty_ddb_pid_alive "$pid" || break
        sleep 0.1
      done
      if _toasty_ddb_pid_alive "$pid"; then
        echo "error: DynamoDB Local (pid $pid) is still running" >&2
        rc=1
      fi
    fi
  fi
  # Reap our child (no zombie left behind).
  if [[ -n "$pid" ]]; then
    wait "$pid" 2>/dev/null || true
  fi
  if [[ -n "$dir" && -d "$dir" ]]; then
    if [[ "${TOASTY_KEEP_SERVER_DIRS:-0}" == 1 ]]; then
      _toasty_ddb_log "keeping $dir (TOASTY_KEEP_SERVER_DIRS=1)"
    else
      rm -rf "$dir"
    fi
  fi
  _toasty_ddb_restore_env
  unset TOASTY_DYNAMODB_PID TOASTY_DYNAMODB_DIR TOASTY_DYNAMODB_PORT TOASTY_DYNAMODB_ENDPOINT
  return "$rc"
}
