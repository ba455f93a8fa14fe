# Shell functions shared by deploy/up.sh and deploy/down.sh (sourced, not run).

# free_ports N: N distinct loopback ports that were free a moment ago, held
# open together while chosen so that the kernel cannot hand one out twice.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# state KEY VALUE: appends to the state file (a later line wins when sourced).
state() { echo "$1=$2" >>"$STATE"; }

# start KEY LOG CMD...: runs CMD in a session of its own (so a Ctrl-C of the
# caller does not reach it and down.sh stops it alone), records its pid as KEY.
start() {
  local key=$1 log=$2; shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  state "$key" "$!"
}

# pids_of STATEFILE: the recorded pids, in the order they were started.
pids_of() { sed -n 's/^[A-Z0-9_]*_PID=\([0-9]*\)$/\1/p' "$1"; }

# alive PID: running, not a zombie. Our processes are orphans once up.sh
# exits, so whoever reaps them (PID 1) may take a while; a zombie has stopped.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  ! grep -q ') Z' "/proc/$1/stat" 2>/dev/null
}

any_alive() {
  local p
  for p in $(pids_of "$1"); do alive "$p" && return 0; done
  return 1
}

# wait_http URL SECONDS: until URL answers 2xx.
wait_http() {
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

wait_file() {
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do [ -s "$1" ] && return 0; sleep 0.1; done
  return 1
}

# wait_haproxy_up CSV_URL N SECONDS: until N servers (not FRONTEND/BACKEND
# rows) report status UP in HAProxy's stats CSV (field 18 is status).
wait_haproxy_up() {
  local end=$((SECONDS + $3)) up
  while [ $SECONDS -lt $end ]; do
    up=$(curl -fsS --max-time 2 "$1" 2>/dev/null | awk -F, '$2!="FRONTEND" && $2!="BACKEND" && $18=="UP"' | wc -l)
    [ "$up" -ge "$2" ] && return 0
    sleep 0.2
  done
  return 1
}

# elapsed T0: seconds since T0 (a `date +%s.%N`), one decimal.
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
