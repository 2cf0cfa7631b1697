# shellcheck shell=bash
# Throwaway certificates for the TLS tests, made with openssl: a CA, a server certificate
# it signs for 127.0.0.1 and localhost, and a second CA that signed nothing (a client that
# trusts only it must refuse the server). Nothing here is a secret worth keeping: the
# directory lives as long as the test servers.
#
#   toasty_make_test_certs DIR    writes DIR/{ca.pem,server.pem,server.key,other-ca.pem}

toasty_make_test_certs() {
  local dir="$1"
  command -v openssl >/dev/null || { echo "error: openssl not found (apt-get install openssl)" >&2; return 1; }
  mkdir -p "$dir" || return 1
  (
    set -e
    cd "$dir"
    local subj="/O=toasty-cpp tests"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "$subj/CN=toasty test CA" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "$subj/CN=another CA" \
      -keyout other-ca.key -out other-ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "$subj/CN=127.0.0.1" \
      -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
      -extfile server.ext -out server.pem 2>/dev/null
    rm -f server.csr server.ext ca.key other-ca.key ca.srl
    chmod 644 ca.pem other-ca.pem server.pem
    chmod 600 server.key
  ) || { echo "error: could not make the test certificates in $dir" >&2; return 1; }
}

# Copies the server certificate and key into DIR for a server running as USER (the key
# must belong to it and be private to it, or PostgreSQL refuses to start).
toasty_install_server_cert() {
  local from="$1" dir="$2" user="${3:-}"
  mkdir -p "$dir" && cp "$from/server.pem" "$from/server.key" "$from/ca.pem" "$dir/" || return 1
  chmod 600 "$dir/server.key"
  if [[ -n "$user" && "$(id -u)" -eq 0 ]]; then chown -R "$user:$user" "$dir" || return 1; fi
}
