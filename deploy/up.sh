#!/usr/bin/env bash
# Starts the sample deployment on loopback (deploy/README.md):
#
#   - a three-node NATS cluster with JetStream (file store under the run directory)
#   - three smscd nodes (accounts from deploy/smscd.toml, each with its own ports,
#     HTTP API and store, and cluster settings when smscd has cluster mode)
#   - HAProxy in front: SMPP, UCP and CIMD2 frontends, round-robin over the three
#     nodes, PROXY protocol v2 toward smscd's SMPP listeners, health checks on
#     each node's HTTP API
#
# Every port is picked free at run time. Where everything listens, and the
# process ids, go to $DEPLOY_RUN/deploy.env (KEY=VALUE lines); deploy/down.sh
# reads it to stop everything.
#
#   deploy/up.sh                      DEPLOY_RUN=build/deploy/run
#   DEPLOY_MODE=single deploy/up.sh   one store per node even if smscd has cluster mode
#
# Environment: DEPLOY_RUN (run directory), DEPLOY_MODE (auto | single |
# cluster; auto = cluster when smscd knows -cluster-nats), SMSCD, NATS_SERVER,
# HAPROXY (binaries; smscd and nats-server are built when missing), GO.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"

RUN="${DEPLOY_RUN:-$ROOT/build/deploy/run}"
MODE="${DEPLOY_MODE:-auto}"
GO="${GO:-go}"
SMSCD="${SMSCD:-$ROOT/build/deploy/smscd}"
NATS_SERVER="${NATS_SERVER:-$ROOT/build/nats/nats-server}"
NATS_VERSION="${NATS_VERSION:-v2.15.2}"
HAPROXY="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
STATE="$RUN/deploy.env"

if [ -f "$STATE" ] && any_alive "$STATE"; then
  echo "up: a deployment is already running ($STATE); deploy/down.sh first" >&2
  exit 1
fi
rm -rf "$RUN"
mkdir -p "$RUN"
t0=$(date +%s.%N)

# ---- binaries: fail loudly when one is missing and cannot be made
[ -x "$HAPROXY" ] || { echo "up: haproxy not found; as root: apt-get install haproxy (or bash tests/interop/install-deps.sh)" >&2; exit 1; }
if [ "${SMSCD_NO_BUILD:-}" != 1 ]; then
  (cd "$ROOT" && "$GO" build -o "$SMSCD" ./cmd/smscd)
fi
[ -x "$SMSCD" ] || { echo "up: no smscd at $SMSCD" >&2; exit 1; }
if [ ! -x "$NATS_SERVER" ]; then
  echo "up: building nats-server $NATS_VERSION from the Go module proxy"
  GOBIN="$(dirname "$NATS_SERVER")" "$GO" install "github.com/nats-io/nats-server/v2@$NATS_VERSION"
fi

# Whether this smscd has cluster mode (docs/scale-out.md). Its help is read
# whole first: grep -q in a pipe would close it early and, under pipefail,
# smscd's SIGPIPE would read as "no".
has_cluster=no
case "$("$SMSCD" -h 2>&1 || true)" in *-cluster-nats*) has_cluster=yes ;; esac
[ "$MODE" = auto ] && { [ $has_cluster = yes ] && MODE=cluster || MODE=single; }
case "$MODE" in
  single) ;;
  cluster) [ $has_cluster = yes ] || { echo "up: DEPLOY_MODE=cluster but this smscd has no -cluster-nats" >&2; exit 1; } ;;
  *) echo "up: DEPLOY_MODE must be auto, single or cluster" >&2; exit 1 ;;
esac

# If anything below fails, stop what was started.
trap 'echo "up: failed; stopping what was started" >&2; bash "$HERE/down.sh" >&2 || true' ERR

# ---- ports: 3 NATS x (client, cluster, monitor), 3 smscd x (SMPP, UCP, CIMD2, HTTP),
# HAProxy (SMPP, UCP, CIMD2, SMPP to node 1 only, stats)
read -r -a P <<<"$(free_ports 26)" # 9 + 12 + 5
i=0
take() { state "$1" "${P[$i]}"; i=$((i + 1)); } # not in $(...): i must advance
{
  echo "# written by deploy/up.sh $(date -u +%FT%TZ)"
  echo "MODE=$MODE"
  echo "RUN=$RUN"
  echo "SMSCD=$SMSCD"
  echo "NATS_SERVER=$NATS_SERVER"
  echo "HAPROXY=$HAPROXY"
} >"$STATE"
for n in 1 2 3; do
  for k in CLIENT ROUTE MON; do take "NATS${n}_$k"; done
done
for n in 1 2 3; do
  for k in SMPP UCP CIMD2 HTTP; do take "SMSCD${n}_$k"; done
done
for k in SMPP UCP CIMD2 SMPP_N1 STATS; do take "HAPROXY_$k"; done
. "$STATE"

# ---- NATS: three servers with JetStream, routes to each other
routes="nats://127.0.0.1:$NATS1_ROUTE,nats://127.0.0.1:$NATS2_ROUTE,nats://127.0.0.1:$NATS3_ROUTE"
urls="nats://127.0.0.1:$NATS1_CLIENT,nats://127.0.0.1:$NATS2_CLIENT,nats://127.0.0.1:$NATS3_CLIENT"
state NATS_URLS "$urls"
for n in 1 2 3; do
  d="$RUN/nats$n"; mkdir -p "$d/js"
  c="NATS${n}_CLIENT" r="NATS${n}_ROUTE" m="NATS${n}_MON"
  cat >"$d/nats.conf" <<EOF
server_name: nats$n
listen: 127.0.0.1:${!c}
http: 127.0.0.1:${!m}
jetstream {
  store_dir: "$d/js"
  max_memory_store: 256MB
  max_file_store: 2GB
}
cluster {
  name: smscd
  listen: 127.0.0.1:${!r}
  routes: [$(echo "$routes" | sed 's/,/, /g')]
}
EOF
  printf "#!/bin/sh\nexec '%s' -c '%s'\n" "$NATS_SERVER" "$d/nats.conf" >"$d/start.sh"
  start "NATS${n}_PID" "$d/nats.log" sh "$d/start.sh"
done
for n in 1 2 3; do
  m="NATS${n}_MON"
  # /healthz answers 200 once JetStream is up and current with the meta group.
  pid=$(sed -n "s/^NATS${n}_PID=//p" "$STATE" | tail -1)
  end=$((SECONDS + 60))
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${!m}/healthz" 2>/dev/null; do
    alive "$pid" && [ $SECONDS -lt $end ] || { echo "up: nats$n not healthy; its log:" >&2; tail -5 "$RUN/nats$n/nats.log" >&2; false; }
    sleep 0.2
  done
done

# ---- smscd: three nodes
for n in 1 2 3; do
  d="$RUN/smscd$n"; mkdir -p "$d"
  s="SMSCD${n}_SMPP" u="SMSCD${n}_UCP" c="SMSCD${n}_CIMD2" h="SMSCD${n}_HTTP"
  args=(-config "$HERE/smscd.toml" -host 127.0.0.1 -smpp-port "${!s}" -ucp-port "${!u}" -cimd2-port "${!c}"
        -http "127.0.0.1:${!h}" -url-file "$d/url")
  # A store of its own in both modes: in cluster mode it keeps what stays
  # local (messages nobody owns that owe no receipt) across a restart.
  args+=(-store "$d/store.db")
  if [ "$MODE" = cluster ]; then
    args+=(-cluster-nats "$urls" -node "smscd$n" -cluster-replicas 3)
  fi
  # Its command line in a script of its own, so that deploy/node.sh can
  # start it again after a kill (same ports, same store).
  { echo '#!/bin/sh'; printf 'exec'; printf " '%s'" "$SMSCD" "${args[@]}"; echo; } >"$d/start.sh"
done
ready() { # n: waits for smscd n's URL file and HTTP API; fails at once if it exited
  local h="SMSCD${1}_HTTP" pid end=$((SECONDS + 60))
  pid=$(sed -n "s/^SMSCD${1}_PID=//p" "$STATE" | tail -1)
  while [ ! -s "$RUN/smscd$1/url" ] && alive "$pid" && [ $SECONDS -lt $end ]; do sleep 0.1; done
  [ -s "$RUN/smscd$1/url" ] || { echo "up: smscd$1 did not start; its log:" >&2; tail -20 "$RUN/smscd$1/smscd.log" >&2; return 1; }
  wait_http "http://127.0.0.1:${!h}/api/v1/rates" 30 || { echo "up: smscd$1 HTTP API not answering" >&2; return 1; }
}
# In cluster mode node 1 starts alone and creates the JetStream stream and
# buckets; nodes 2 and 3 then find them. Started together, the three raced
# to create each of them and start-up took 20-25 s instead of 2-3 s.
start SMSCD1_PID "$RUN/smscd1/smscd.log" sh "$RUN/smscd1/start.sh"
if [ "$MODE" = cluster ]; then ready 1; fi
for n in 2 3; do start "SMSCD${n}_PID" "$RUN/smscd$n/smscd.log" sh "$RUN/smscd$n/start.sh"; done
for n in 1 2 3; do ready $n; done

# ---- HAProxy
"$HERE/haproxy.cfg.sh" "$STATE" >"$RUN/haproxy.cfg"
"$HAPROXY" -c -q -f "$RUN/haproxy.cfg"
start HAPROXY_PID "$RUN/haproxy.log" "$HAPROXY" -db -f "$RUN/haproxy.cfg"
# Every server of every backend UP (the first health checks passed).
wait_haproxy_up "http://127.0.0.1:$HAPROXY_STATS/stats;csv" 10 30 || {
  echo "up: HAProxy backends not all UP:" >&2; curl -s "http://127.0.0.1:$HAPROXY_STATS/stats;csv" >&2 || true; false; }

state UP_SECONDS "$(elapsed "$t0")"
trap - ERR
cat <<EOF
up: the sample deployment is running ($MODE mode, $(elapsed "$t0") s)
  HAProxy   SMPP 127.0.0.1:$HAPROXY_SMPP  UCP 127.0.0.1:$HAPROXY_UCP  CIMD2 127.0.0.1:$HAPROXY_CIMD2  stats http://127.0.0.1:$HAPROXY_STATS/stats
  smscd1    HTTP http://127.0.0.1:$SMSCD1_HTTP/   SMPP $SMSCD1_SMPP
  smscd2    HTTP http://127.0.0.1:$SMSCD2_HTTP/   SMPP $SMSCD2_SMPP
  smscd3    HTTP http://127.0.0.1:$SMSCD3_HTTP/   SMPP $SMSCD3_SMPP
  NATS      $urls
  state     $STATE    stop: deploy/down.sh
EOF
