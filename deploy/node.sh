#!/usr/bin/env bash
# Kills, stops or starts one smscd node or NATS server of the running sample
# deployment, to see what the rest does (docs/scale-out.md, "Failure modes";
# tests/deploy/failover_test.py).
#
#   deploy/node.sh kill smscd2    SIGKILL (a crash: no clean shutdown)
#   deploy/node.sh stop nats1     SIGTERM (a clean shutdown)
#   deploy/node.sh start smscd2   start it again with the same ports and
#                                 configuration (store, JetStream directory);
#                                 waits for its HTTP API / NATS /healthz
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
. "$HERE/lib.sh"
RUN="${DEPLOY_RUN:-$ROOT/build/deploy/run}"
STATE="$RUN/deploy.env"
usage() { echo "usage: deploy/node.sh kill|stop|start smscd1..3|nats1..3" >&2; exit 2; }
[ $# = 2 ] && [[ "$2" =~ ^(smscd|nats)[123]$ ]] || usage
[ -f "$STATE" ] || { echo "node: no deployment running ($STATE missing)" >&2; exit 1; }
name=$2 kind=${2%[123]} n=${2#"${2%?}"}
if [ "$kind" = smscd ]; then key=SMSCD$n; ready="http://127.0.0.1:$(sed -n "s/^SMSCD${n}_HTTP=//p" "$STATE" | tail -1)/api/v1/rates"
else key=NATS$n; ready="http://127.0.0.1:$(sed -n "s/^NATS${n}_MON=//p" "$STATE" | tail -1)/healthz"; fi
pid=$(sed -n "s/^${key}_PID=//p" "$STATE" | tail -1)
gone() { local end=$((SECONDS + 10)); while alive "$pid" && [ $SECONDS -lt $end ]; do sleep 0.05; done; ! alive "$pid"; }
case "$1" in
  kill) alive "$pid" && kill -KILL "$pid"; gone && echo "node: $name killed" ;;
  stop) alive "$pid" && kill -TERM "$pid"; gone && echo "node: $name stopped" ;;
  start)
    alive "$pid" && { echo "node: $name is running (pid $pid)" >&2; exit 1; }
    log="$RUN/$name/$kind.log.restart"
    start "${key}_PID" "$log" sh "$RUN/$name/start.sh"
    wait_http "$ready" 60 || { echo "node: $name did not come back; $log" >&2; exit 1; }
    echo "node: $name started" ;;
  *) usage ;;
esac
