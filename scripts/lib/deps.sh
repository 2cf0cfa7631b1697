# shellcheck shell=bash
# Helpers to install missing Debian packages. Source this file; it defines:
#   toasty_log MSG...            print "==> MSG" on stderr
#   toasty_pkg_installed PKG     true when dpkg reports PKG as installed
#   toasty_ensure_packages PKG...  apt-get install only the PKGs that are missing
#
# Works as root (or with sudo), without stdin (CI=true), and waits for the apt
# lock when another apt/dpkg runs at the same time.

toasty_log() {
  printf '==> %s\n' "$*" >&2
}

toasty_pkg_installed() {
  # `dpkg -s` also succeeds for removed-but-not-purged packages, so check the
  # status field: it must read "install ok installed".
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]]
}

_toasty_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

toasty_ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! toasty_pkg_installed "$pkg"; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    toasty_log "packages already installed: $*"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages (${missing[*]}) and no apt-get to install them" >&2
    return 1
  fi
  toasty_log "installing missing packages: ${missing[*]}"

  local apt_opts=(-q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef
                  -o Dpkg::Options::=--force-confold)
  local env_cmd=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a)

  # Package installs must not start services (there is no systemd here, and
  # our scripts start their own servers). Docker images usually ship a
  # policy-rc.d that forbids it; add a temporary one when there is none.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e "$policy" ]]; then
    if _toasty_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > '$policy' && chmod 755 '$policy'"; then
      made_policy=1
    fi
  fi

  local rc=0 attempt
  for attempt in 1 2 3; do
    rc=0
    _toasty_as_root "${env_cmd[@]}" apt-get "${apt_opts[@]}" update </dev/null >&2 || rc=$?
    if [[ $rc -eq 0 ]]; then
      _toasty_as_root "${env_cmd[@]}" apt-get "${apt_opts[@]}" install --no-install-recommends \
        "${missing[@]}" </dev/null >&2 || rc=$?
    fi
    [[ $rc -eq 0 ]] && break
    toasty_log "apt-get failed (exit $rc), attempt $attempt of 3; retrying in 10 s"
    sleep 10
  done

  if [[ $made_policy -eq 1 ]]; then
    _toasty_as_root rm -f "$policy" || true
  fi
  if [[ $rc -ne 0 ]]; then
    echo "error: could not install: ${missing[*]}" >&2
    return "$rc"
  fi
  for pkg in "${missing[@]}"; do
    if ! toasty_pkg_installed "$pkg"; then
      echo "error: package $pkg is still not installed" >&2
      return 1
    fi
  done
}
