#!/usr/bin/env bash
# Stops the sample deployment deploy/up.sh started, from its state file:
# HAProxy first (no new connections), then the smscd nodes (SIGTERM: they
# answer what is in flight and close their stores), then NATS. Each gets 10 s
# after SIGTERM, then SIGKILL. Safe to run twice or after a failed up.sh.
#
#   deploy/down.sh            DEPLOY_RUN=build/deploy/run
# The run directory (logs, stores, configurations) stays for a look; the
# next up.sh empties it.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
. "$HERE/lib.sh"
RUN="${DEPLOY_RUN:-$ROOT/build/deploy/run}"
STATE="$RUN/deploy.env"
[ -f "$STATE" ] || { echo "down: nothing to stop ($STATE missing)"; exit 0; }
t0=$(date +%s.%N)

stop() { # pid...: SIGTERM each, wait up to 10 s for all, SIGKILL what is left
  local p end=$((SECONDS + 10)) left
  for p in "$@"; do kill -TERM "$p" 2>/dev/null; done
  while [ $SECONDS -lt $end ]; do
    left=0
    for p in "$@"; do alive "$p" && left=1; done
    [ $left = 0 ] && return 0
    sleep 0.05
  done
  for p in "$@"; do alive "$p" && { echo "down: pid $p did not stop in 10 s; SIGKILL"; kill -KILL "$p" 2>/dev/null; }; done
  return 0
}
get() { sed -n "s/^$1=//p" "$STATE" | tail -1; }

stop $(get HAPROXY_PID)
stop $(get SMSCD1_PID) $(get SMSCD2_PID) $(get SMSCD3_PID)
stop $(get NATS1_PID) $(get NATS2_PID) $(get NATS3_PID)
if any_alive "$STATE"; then echo "down: processes still alive" >&2; exit 1; fi
mv "$STATE" "$STATE.stopped"
echo "down: stopped in $(elapsed "$t0") s (logs in $RUN)"
