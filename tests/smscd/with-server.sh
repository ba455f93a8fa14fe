#!/usr/bin/env bash
# Runs a test against a server it starts and stops:
#
#   tests/smscd/with-server.sh 'SERVE' TEST ARGS...
#
# SERVE is a shell command that starts an HTTP server on a free port and,
# once listening, writes its base URL (http://127.0.0.1:PORT) as the first
# line of the file named by $URL_FILE. TEST runs with ARGS, then that URL as
# its last argument; it finds the whole file in $SMSCD_SERVER_FILE, where a
# server may add lines such as "smpp=127.0.0.1:PORT" (page_test.py reads it
# to bind a session of its own). The server is stopped (SIGTERM to its process group, which this
# script started) whatever the test's outcome; the exit status is the test's.
set -euo pipefail
serve=${1:?usage: $0 SERVE TEST [ARGS...]}
shift
export URL_FILE
URL_FILE=$(mktemp)
rm -f "$URL_FILE"
log=$(mktemp)
setsid bash -c "$serve" >"$log" 2>&1 &
pid=$!
cleanup() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$URL_FILE" "$log"; }
trap cleanup EXIT
for _ in $(seq 300); do # at most 30 s
  [ -s "$URL_FILE" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "with-server: the server exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$URL_FILE" ] || { echo "with-server: no URL in 30 s from: $serve" >&2; cat "$log" >&2; exit 1; }
url=$(head -n1 "$URL_FILE")
export SMSCD_SERVER_FILE="$URL_FILE"
rc=0
"$@" "$url" || rc=$?
[ $rc -eq 0 ] || { echo "with-server: the server's output:" >&2; tail -n 50 "$log" >&2; }
exit $rc
