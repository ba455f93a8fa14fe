#!/usr/bin/env bash
# Kills or starts one smscd node of the running sample deployment, to see
# what the rest does (docs/scale-out.md, "Failure modes"; tests/deploy).
#
#   deploy/node.sh kill N     SIGKILL smscd N (no clean shutdown: a crash)
#   deploy/node.sh stop N     SIGTERM smscd N (a clean shutdown)
#   deploy/node.sh start N    start it again with the same ports and store or
#                             cluster settings; waits for its HTTP API
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
. "$HERE/lib.sh"
RUN="${DEPLOY_RUN:-$ROOT/build/deploy/run}"
STATE="$RUN/deploy.env"
[ $# = 2 ] && [[ "$2" =~ ^[123]$ ]] || { echo "usage: deploy/node.sh kill|stop|start 1|2|3" >&2; exit 2; }
[ -f "$STATE" ] || { echo "node: no deployment running ($STATE missing)" >&2; exit 1; }
n=$2
pid=$(sed -n "s/^SMSCD${n}_PID=//p" "$STATE" | tail -1)
http=$(sed -n "s/^SMSCD${n}_HTTP=//p" "$STATE" | tail -1)
gone() { local end=$((SECONDS + 10)); while alive "$pid" && [ $SECONDS -lt $end ]; do sleep 0.05; done; ! alive "$pid"; }
case "$1" in
  kill) alive "$pid" && kill -KILL "$pid"; gone && echo "node: smscd$n killed" ;;
  stop) alive "$pid" && kill -TERM "$pid"; gone && echo "node: smscd$n stopped" ;;
  start)
    alive "$pid" && { echo "node: smscd$n is running (pid $pid)" >&2; exit 1; }
    start "SMSCD${n}_PID" "$RUN/smscd$n/smscd.log.restart" sh "$RUN/smscd$n/start.sh"
    wait_http "http://127.0.0.1:$http/api/v1/rates" 30 || { echo "node: smscd$n did not come back" >&2; exit 1; }
    echo "node: smscd$n started" ;;
  *) echo "usage: deploy/node.sh kill|stop|start 1|2|3" >&2; exit 2 ;;
esac
