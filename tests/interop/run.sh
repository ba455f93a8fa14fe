#!/usr/bin/env bash
# Real-client interop matrix for SMPP (tests/interop/README.md).
#
#   bash tests/interop/install-deps.sh   # once, as root: clients from their registries
#   bash tests/interop/run.sh [PATTERN...] # every row, or those whose name contains a PATTERN
#
# For each row a fresh test SMSC (tests/interop/server) is started on
# loopback ports picked at run time, then the client row runs as its own
# process under `timeout`, with SMPP_PORT, CTRL_PORT and ROW_DIR in its
# environment. One line per row, `PASS <row>` or `FAIL <row>` (with the
# failed checks and the log's tail below it), then the closing line
# `N passed, N failed`; the exit status is non-zero when any row failed.
# A row whose client is not installed fails: nothing is skipped.
#
# Logs stay in $INTEROP_OUT (default: a new /tmp/interop.XXXXXX): per row
# row.log (the client's checks), events.jsonl (every server event, JSON),
# server.err, and for Kannel its configuration and logs.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
ROW_TIMEOUT="${INTEROP_ROW_TIMEOUT:-120}"
OUT="${INTEROP_OUT:-$(mktemp -d /tmp/interop.XXXXXX)}"
BIN="$OUT/bin"
mkdir -p "$BIN"
PATTERNS=("$@")

# Pinned client versions (also in README.md, node/package.json,
# python/requirements.txt, java/pom.xml, go.mod).
NODE_SMPP_VERSION=0.5.1
SMPPLIB_VERSION=2.2.4
JSMPP_VERSION=3.0.2

passed=0
failed=0
t0=$(date +%s)
SERVER_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    # Up to 10 s to exit (a zombie, state Z, has exited), then SIGKILL.
    local i state
    for i in $(seq 100); do
      state=$(awk '{print $3}' "/proc/$SERVER_PID/stat" 2>/dev/null) || break
      [ -z "$state" ] || [ "$state" = Z ] && break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap 'stop_server' EXIT
trap 'stop_server; exit 130' INT TERM

selected() {
  [ ${#PATTERNS[@]} -eq 0 ] && return 0
  local p
  for p in "${PATTERNS[@]}"; do
    case "$1" in *"$p"*) return 0 ;; esac
  done
  return 1
}

report() { # NAME OK DETAIL-FILE SECONDS
  if [ "$2" = 1 ]; then
    echo "PASS $1 (${4}s)"
    passed=$((passed + 1))
  else
    echo "FAIL $1 (${4}s)"
    failed=$((failed + 1))
    if [ -s "$3" ]; then
      { grep -E '(^| )FAIL ' "$3" | head -20; echo "  --- last lines of $3:"; tail -15 "$3"; } | sed 's/^/    /'
    fi
  fi
}

# row NAME "SERVER FLAGS" "PREREQUISITE (shell, must succeed)" COMMAND...
row() {
  local name="$1" flags="$2" req="$3"
  shift 3
  selected "$name" || return 0
  local dir="$OUT/$name" rs
  rm -rf "$dir"
  mkdir -p "$dir"
  rs=$(date +%s)
  if ! (cd "$HERE" && eval "$req") >"$dir/row.log" 2>&1; then
    echo "FAIL client not installed (prerequisite: $req); run tests/interop/install-deps.sh" >>"$dir/row.log"
    report "$name" 0 "$dir/row.log" 0
    return
  fi
  if [ ! -x "$BIN/server" ]; then
    echo "FAIL the test server did not build (see $OUT/build.log)" >>"$dir/row.log"
    report "$name" 0 "$dir/row.log" 0
    return
  fi
  # shellcheck disable=SC2086
  "$BIN/server" $flags -events "$dir/events.jsonl" >"$dir/server.out" 2>"$dir/server.err" &
  SERVER_PID=$!
  local smpp_port="" ctrl_port="" i
  for i in $(seq 100); do
    [ -s "$dir/server.out" ] && read -r smpp_port ctrl_port <"$dir/server.out"
    [ -n "$ctrl_port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$ctrl_port" ]; then
    echo "FAIL the test server did not start" >>"$dir/row.log"
    cat "$dir/server.err" >>"$dir/row.log"
    stop_server
    report "$name" 0 "$dir/row.log" $(($(date +%s) - rs))
    return
  fi
  (cd "$HERE" && SMPP_PORT="$smpp_port" CTRL_PORT="$ctrl_port" ROW_DIR="$dir" \
    timeout -k 5 "$ROW_TIMEOUT" "$@") >>"$dir/row.log" 2>&1 </dev/null
  local rc=$?
  [ $rc -eq 124 ] && echo "FAIL timed out after ${ROW_TIMEOUT}s" >>"$dir/row.log"
  stop_server
  if [ $rc -eq 0 ]; then
    report "$name" 1 "$dir/row.log" $(($(date +%s) - rs))
  else
    report "$name" 0 "$dir/row.log" $(($(date +%s) - rs))
  fi
}

# selfrow NAME "PREREQUISITE" COMMAND...: a row whose program starts its own
# server (the UCP and CIMD2 rows, which embed core's servers).
selfrow() {
  local name="$1" req="$2"
  shift 2
  selected "$name" || return 0
  local dir="$OUT/$name" rs rc
  rm -rf "$dir"
  mkdir -p "$dir"
  rs=$(date +%s)
  if ! (cd "$HERE" && eval "$req") >"$dir/row.log" 2>&1; then
    echo "FAIL client not installed (prerequisite: $req); run tests/interop/install-deps.sh" >>"$dir/row.log"
    report "$name" 0 "$dir/row.log" 0
    return
  fi
  (cd "$ROOT" && timeout -k 5 "$ROW_TIMEOUT" "$@") >>"$dir/row.log" 2>&1 </dev/null
  rc=$?
  [ $rc -eq 124 ] && echo "FAIL timed out after ${ROW_TIMEOUT}s" >>"$dir/row.log"
  report "$name" $([ $rc -eq 0 ] && echo 1 || echo 0) "$dir/row.log" $(($(date +%s) - rs))
}

echo "interop: building the test server and the gosmpp client (logs in $OUT)"
(cd "$ROOT" && go build -o "$BIN/server" ./tests/interop/server && go build -o "$BIN/gosmpp" ./tests/interop/gosmpp) >"$OUT/build.log" 2>&1 ||
  sed 's/^/    /' "$OUT/build.log"

KANNEL_REQ='test -x /usr/sbin/bearerbox && test -x /usr/sbin/smsbox && command -v python3'
KANNEL="python3 kannel/kannel_row.py --mo --enquire --reconnect"
# The Kannel rows run the server with KeepAliveInterval 1 s (its own
# enquire_link) and fail receipts for destinations ending in 999.
row kannel-trx-v34 "-keepalive 1 -fail-suffix 999" "$KANNEL_REQ" $KANNEL --mode trx --version 34
row kannel-txrx-v34 "-keepalive 1 -fail-suffix 999" "$KANNEL_REQ" $KANNEL --mode txrx --version 34
row kannel-txrx-v33 "-keepalive 1 -fail-suffix 999" "$KANNEL_REQ" $KANNEL --mode txrx --version 33
row kannel-trx-v34-hexid "-keepalive 1 -fail-suffix 999 -msgid hex" "$KANNEL_REQ" $KANNEL --mode trx --version 34 --msg-id-type 0x03

NODE_REQ="command -v node && grep -q '\"version\": \"$NODE_SMPP_VERSION\"' node/node_modules/smpp/package.json"
row node-smpp-typed "" "$NODE_REQ" node node/node_row.js --via typed
row node-smpp-raw "-raw-only" "$NODE_REQ" node node/node_row.js --via raw

row perl-net-smpp "" "perl -MNet::SMPP -e1" perl perl/net_smpp_row.pl

row python-smpplib "" ".venv/bin/python -c 'import importlib.metadata as m; assert m.version(\"smpplib\") == \"$SMPPLIB_VERSION\"'" \
  .venv/bin/python python/smpplib_row.py

row java-jsmpp "-keepalive 1" "command -v java && test -f java/lib/jsmpp-$JSMPP_VERSION.jar" \
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'java/lib/*' java/JsmppRow.java

row gosmpp-window-rebind "" "test -x '$BIN/gosmpp'" "$BIN/gosmpp"

# PROXY protocol: HAProxy (Debian) relays smpplib from 127.0.0.2; the
# server trusts only haproxy's address, 127.0.0.1.
HAPROXY_REQ="test -x /usr/sbin/haproxy && .venv/bin/python -c 'import smpplib'"
row haproxy-send-proxy "-ext proxy-protocol=on;proxy-trusted=127.0.0.1" "$HAPROXY_REQ" \
  .venv/bin/python haproxy/haproxy_row.py --version 1
row haproxy-send-proxy-v2 "-ext proxy-protocol=on;proxy-trusted=127.0.0.1" "$HAPROXY_REQ" \
  .venv/bin/python haproxy/haproxy_row.py --version 2

# TLS: the server makes a CA and certificates at its start (-tls); smpplib
# with an ssl_context, and openssl s_client for good and bad handshakes.
TLS_REQ="command -v openssl && .venv/bin/python -c 'import smpplib'"
row tls-python-smpplib "-tls -ext tls-handshake-timeout=3" "$TLS_REQ" .venv/bin/python tls/smpplib_tls_row.py
row tls-python-smpplib-client-cert "-tls -tls-client-auth require" "$TLS_REQ" \
  .venv/bin/python tls/smpplib_tls_row.py --client-cert
row tls-node-smpp "-tls" "$NODE_REQ" node node/node_tls_row.js
row tls-kannel-trx-v34 "-tls -keepalive 1 -fail-suffix 999" "$KANNEL_REQ" $KANNEL --mode trx --version 34 --tls
row tls-java-jsmpp "-tls -keepalive 1" "command -v java && test -f java/lib/jsmpp-$JSMPP_VERSION.jar" \
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'java/lib/*' java/JsmppRow.java --tls

# UCP/EMI and CIMD2: Kannel's emi and cimd2 clients against core's servers.
selfrow kannel-ucp "$KANNEL_REQ" go run ./tests/interop/ucp
selfrow kannel-cimd2 "$KANNEL_REQ" go test -tags kannel -count=1 ./tests/interop/cimd2/

echo "interop: $((passed + failed)) rows in $(($(date +%s) - t0))s, logs in $OUT"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
