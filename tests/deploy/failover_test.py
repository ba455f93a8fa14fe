#!/usr/bin/env python3
"""A node dies with messages in its store (tests/deploy/run.sh runs this last:
it kills a node).

ESME A binds through HAProxy and submits N messages, with receipts, to B's
address while B is not bound anywhere; every submit is acknowledged, so every
one is stored. Then A's node is killed with SIGKILL (deploy/node.sh kill).

  - HAProxy marks that node DOWN within a few seconds (health check on its
    HTTP API) and new binds through it land on the live nodes only.
  - cluster mode: a NATS server is killed as well (SIGKILL; 2 of 3 remain,
    a JetStream quorum); B binds through HAProxy (on a live node) and receives
    all N; A, bound again through HAProxy, gets all N receipts. Duplicates
    (at-least-once delivery) are counted and printed, not failed.
  - single mode: B on a live node receives none (they are in the dead node's
    store); the node is started again (deploy/node.sh start: same store) and
    B and A bound directly to it get all N messages and all N receipts: the
    bbolt store kept every acknowledged submit through the SIGKILL.
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_test import ESME, FAILED, PASSED, check, get_json, log, read_state, where  # noqa: E402

N = 200
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def node_of(st, system_id, esme):
    exact, _ = where(st, system_id, esme.local)
    return exact[0][0] if len(exact) == 1 else None


def haproxy_status(st):
    with urllib.request.urlopen("http://127.0.0.1:%s/stats;csv" % st["HAPROXY_STATS"], timeout=5) as r:
        rows = [x.split(",") for x in r.read().decode().splitlines() if not x.startswith("#")]
    return {r[1]: r[17] for r in rows if len(r) > 17 and r[0] == "smpp" and r[1].startswith("smscd")}


def node(cmd, name):
    p = subprocess.run(["bash", os.path.join(ROOT, "deploy", "node.sh"), cmd, name], capture_output=True, text=True)
    log(p.stdout.strip(), p.stderr.strip())
    return p.returncode == 0


def collect(e, texts, timeout):
    """Pumps until every text in texts arrived at e (as MO) or timeout."""
    e.pump(lambda: texts <= {m[2] for m in e.mo}, timeout)
    got = [m[2] for m in e.mo if m[2] in texts]
    return len(set(got)), len(got) - len(set(got))


def receipts(e, ids, timeout):
    e.pump(lambda: all(e.receipt_for(i) for i in ids), timeout)
    return sum(1 for i in ids if e.receipt_for(i)), sum(max(0, len(e.receipt_for(i)) - 1) for i in ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    st = read_state(ap.parse_args().state)
    mode = st["MODE"]
    front = int(st["HAPROXY_SMPP"])
    print("failover test: %s mode, %d messages" % (mode, N), flush=True)

    a = ESME("4610000", "esme-a", "a-secret", "127.0.0.2", "127.0.0.1", front)
    x = node_of(st, "esme-a", a)
    if not check(x is not None, "A bound through HAProxy (on smscd%s)" % x):
        return
    tag = "failover %d" % time.time_ns()
    texts = {"%s #%d" % (tag, i) for i in range(N)}
    ids = [a.submit("4620777", t) for t in sorted(texts)]
    check(all(ids), "all %d submits to B's 4620777 acknowledged on smscd%d" % (N, x), sum(1 for i in ids if i))
    a.c._socket.close()  # A's node is about to die; this connection goes with it

    check(node("kill", "smscd%d" % x), "smscd%d killed with SIGKILL" % x)
    if mode == "cluster":
        # A NATS server too: JetStream keeps a quorum (2 of 3 replicas).
        check(node("kill", "nats%d" % x), "nats%d killed with SIGKILL as well" % x)
    end, status = time.time() + 10, {}
    while time.time() < end:
        status = haproxy_status(st)
        if status.get("smscd%d" % x) == "DOWN":
            break
        time.sleep(0.2)
    check(status.get("smscd%d" % x) == "DOWN", "HAProxy marks smscd%d DOWN" % x, status)

    b = ESME("4620000", "esme-b", "b-secret", "127.0.0.3", "127.0.0.1", front)
    a = ESME("4610000", "esme-a", "a-secret", "127.0.0.2", "127.0.0.1", front)
    nb, na = node_of(st, "esme-b", b), node_of(st, "esme-a", a)
    check(nb not in (None, x) and na not in (None, x),
          "B and A bind through HAProxy on live nodes (smscd%s, smscd%s)" % (nb, na))
    try:
        if mode == "cluster":
            got, dup = collect(b, texts, 30)
            check(got == N, "cluster: B on smscd%s receives all %d messages submitted on the dead smscd%d" % (nb, N, x),
                  "got %d" % got)
            log("duplicates delivered to B: %d" % dup)
            got, dup = receipts(a, ids, 30)
            check(got == N, "cluster: A on smscd%s gets all %d receipts" % (na, N), "got %d" % got)
            log("duplicate receipts to A: %d" % dup)
            return
        got, _ = collect(b, texts, 3)
        check(got == 0, "single: B on another node receives none (they are in smscd%d's store)" % x, "got %d" % got)
        b.close()
        a.close()
        check(node("start", "smscd%d" % x), "smscd%d started again on the same store" % x)
        port = int(st["SMSCD%d_SMPP" % x])
        b = ESME("4620000", "esme-b", "b-secret", "127.0.0.3", "127.0.0.1", port)
        got, dup = collect(b, texts, 30)
        check(got == N, "single: B bound directly to smscd%d receives all %d after the SIGKILL" % (x, N),
              "got %d, duplicates %d" % (got, dup))
        log("duplicates delivered to B: %d" % dup)
        a = ESME("4610000", "esme-a", "a-secret", "127.0.0.2", "127.0.0.1", port)
        got, dup = receipts(a, ids, 30)
        check(got == N, "single: A bound directly to smscd%d gets all %d receipts" % (x, N), "got %d" % got)
    finally:
        a.close()
        b.close()


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        check(False, "no unexpected error", repr(e))
    print("failover test: %d passed, %d failed" % (len(PASSED), len(FAILED)), flush=True)
    sys.exit(1 if FAILED or not PASSED else 0)
