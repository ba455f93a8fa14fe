#!/bin/bash
# cpu-per-submit.sh BUILD BIN [ARGS...]: start the server BIN (it prints its
# SMPP port as "SMPP listening on HOST port N" or "port N"), run the load
# client at 16 x 64 (1,000,000 submits, at most 5 s), and print the rate and
# the server's CPU per submit from /proc/PID/stat. Running two servers one
# after the other this way compares them under the same machine load, which
# run.py's rounds on a shared machine do not (bench/notes.md).
set -euo pipefail
build=$1; bin=$2; shift 2
log=$(mktemp)
"$bin" "$@" < <(sleep 60) > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 100); do
	port=$(grep -o "SMPP listening on \S* port [0-9]*\|^port [0-9]*" "$log" | awk '{print $NF}' || true)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "no port from $bin" >&2; exit 1; }
read -r u0 s0 < <(awk '{print $14, $15}' /proc/$pid/stat)
out=$("$build/bench/loadclient" -addr 127.0.0.1:$port -conns 16 -window 64 -n 1000000 -duration 5s -warmup 0)
read -r u1 s1 < <(awk '{print $14, $15}' /proc/$pid/stat)
ticks=$(getconf CLK_TCK)
python3 -c '
import json, sys
o = json.loads(sys.argv[1]); cpu = float(sys.argv[2]) / float(sys.argv[3])
client = o["client_cpu_user_s"] + o["client_cpu_sys_s"]
print("%-24s rate %8.0f/s  server CPU/submit %.2f us  client CPU/submit %.2f us" % (
    sys.argv[4], o["rate"], cpu / o["acked"] * 1e6, client / o["acked"] * 1e6))
' "$out" $((u1 + s1 - u0 - s0)) "$ticks" "$(basename "$bin")"
