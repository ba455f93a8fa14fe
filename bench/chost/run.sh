#!/bin/sh
# run.sh [BUILD-DIR] [RUNS] - the C benchmark: starts bench_host (direct
# dispatch, submits answered from the C callback) on a free loopback port
# and measures it with the external load client at window 1 and 64 with 1
# and 16 connections, RUNS times each (default 3). One JSON line per run,
# prefixed by the 1-minute load average of the machine.
set -eu
build=${1:-build}
runs=${2:-3}
out=$(mktemp)
LD_LIBRARY_PATH=$build "$build/chost/bench_host" -p 0 -s 300 >"$out" &
host=$!
trap 'kill $host 2>/dev/null; rm -f "$out"' EXIT
i=0
while ! grep -q listening "$out"; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then echo "bench_host did not start" >&2; exit 1; fi
    sleep 0.1
done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
for cfg in "1 1 30000" "16 1 100000" "1 64 300000" "16 64 500000"; do
    set -- $cfg
    r=0
    while [ $r -lt "$runs" ]; do
        printf 'load %s ' "$(cut -d' ' -f1 /proc/loadavg)"
        "$build/chost/loadclient" -addr "127.0.0.1:$port" -conns "$1" -window "$2" -n "$3" -duration 15s
        r=$((r + 1))
    done
done
kill -TERM $host
wait $host || true
cat "$out"
