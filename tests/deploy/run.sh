#!/usr/bin/env bash
# make deploy-test: brings the sample deployment up (deploy/up.sh), drives
# real clients through HAProxy (deploy_test.py with smpplib, kannel_test.py
# with Debian's Kannel, the Go load client on SMPP, UCP and CIMD2, the short
# form of make bench-cluster, then failover_test.py: a node killed with
# messages in its store), and brings it down again whatever happened (trap).
# Prints how long each step took. Exit status: 0 only when every step passed.
#
# Environment: BUILD (default build), GO, PYTHON, DEPLOY_MODE (passed to up.sh).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BUILD="${BUILD:-build}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
GO="${GO:-go}"
PYTHON="${PYTHON:-python3}"
export DEPLOY_RUN="${DEPLOY_RUN:-$BUILD/deploy/run}"
VENV="$BUILD/deploy-venv"
LOADCLIENT="$BUILD/deploy/loadclient"
STATE="$DEPLOY_RUN/deploy.env"
failed=()
times=()

LOGS="$BUILD/deploy/test-logs"  # each step's output, kept after the run
rm -rf "$LOGS" && mkdir -p "$LOGS"
nstep=0

step() { # name cmd...: runs it, records its time and failure
  local name=$1 t0 rc; shift
  t0=$(date +%s.%N)
  nstep=$((nstep + 1))
  echo "== $name"
  "$@" 2>&1 | tee "$LOGS/$(printf %02d $nstep)-$(echo "$name" | tr -c 'a-zA-Z0-9\n' - | cut -c1-40).log"
  rc=${PIPESTATUS[0]}
  times+=("$(printf '%-40s %6.1f s' "$name" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')")")
  [ $rc = 0 ] || { failed+=("$name"); echo "== $name FAILED (exit $rc)"; }
  return $rc
}

finish() {
  step "deploy/down.sh" bash deploy/down.sh
  echo "== times"; printf '   %s\n' "${times[@]}"
  if [ ${#failed[@]} -gt 0 ]; then
    # The next up.sh empties the run directory: keep this one's logs.
    rm -rf "$LOGS/run" && cp -r "$DEPLOY_RUN" "$LOGS/run" 2>/dev/null
    echo "deploy-test: FAILED: ${failed[*]} (step output and the processes' logs under $LOGS)"; exit 1
  fi
  echo "deploy-test: passed"
}
trap finish EXIT
trap 'exit 130' INT TERM

# smpplib pinned as for the interop rows (tests/interop/python/requirements.txt).
venv() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; assert m.version("smpplib") == "2.2.4"' 2>/dev/null && return 0
  rm -rf "$VENV" && "$PYTHON" -m venv "$VENV" &&
    "$VENV/bin/pip" install -q --disable-pip-version-check -r tests/interop/python/requirements.txt
}
step "python venv (smpplib)" venv || exit 1
step "build smscd, loadclient" bash -c "mkdir -p $BUILD/deploy && $GO build -o $BUILD/deploy/smscd ./cmd/smscd && $GO build -o $LOADCLIENT ./bench/loadclient" || exit 1
step "deploy/up.sh" env SMSCD_NO_BUILD=1 SMSCD="$BUILD/deploy/smscd" bash deploy/up.sh || exit 1
step "smpplib ESMEs through HAProxy" "$VENV/bin/python" tests/deploy/deploy_test.py --state "$STATE"
step "Kannel through HAProxy" "$VENV/bin/python" tests/deploy/kannel_test.py --state "$STATE"

# The Go load client through each frontend: every submit answered, none refused.
. "$STATE"
loadclient_row() { # proto port
  local out
  out=$("$LOADCLIENT" -proto "$1" -addr "127.0.0.1:$2" -conns 3 -window 16 -n 3000 -duration 3s \
        -system-id bench -password bench -label "deploy-$1") || { echo "$out"; return 1; }
  echo "$out"
  echo "$out" | "$PYTHON" -c 'import json,sys; r=json.loads(sys.stdin.read()); sys.exit(0 if r["acked"]==r["sent"]>0 and r["errors"]==0 and r["lost"]==0 else 1)'
}
step "loadclient SMPP through HAProxy" loadclient_row smpp "$HAPROXY_SMPP"
step "loadclient UCP through HAProxy" loadclient_row ucp "$HAPROXY_UCP"
step "loadclient CIMD2 through HAProxy" loadclient_row cimd2 "$HAPROXY_CIMD2"
step "bench-cluster (short form)" "$PYTHON" bench/cluster/run.py --state "$STATE" --loadclient "$LOADCLIENT" --short \
  --json "$BUILD/deploy/bench-cluster-short.json"
# Last: it kills a node (and, in single mode, starts it again).
step "failover: a node killed with messages" "$VENV/bin/python" tests/deploy/failover_test.py --state "$STATE"
[ ${#failed[@]} = 0 ]
