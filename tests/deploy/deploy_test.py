#!/usr/bin/env python3
"""Real clients through the sample deployment (deploy/up.sh must be running).

Run by tests/deploy/run.sh (make deploy-test) with smpplib from
build/deploy-venv. Reads the ports from the state file deploy/up.sh wrote.

Checks, over loopback TCP:
  - the NATS cluster: three servers routed to each other, JetStream with a
    meta leader over three peers
  - HAProxy: every server of every backend UP
  - ESME A (from 127.0.0.2) and ESME B (from 127.0.0.3) bind through HAProxy's
    SMPP frontend; each node's HTTP API (GET /api/v1/sessions) shows on which
    node each landed, with the client's own address and port as the session's
    remote: only the PROXY v2 header can tell smscd that, since every TCP
    connection smscd sees comes from HAProxy on 127.0.0.1
  - the same for a bare TCP connection to the UCP and CIMD2 frontends
  - on its own node, each ESME submits to an address it owns (gets it back as
    a deliver_sm, then the receipt) and to an address nobody owns (a simulated
    DELIVRD receipt)
  - A submits to an address B owns, with B on another node:
      cluster mode: B receives it and A gets the DELIVRD receipt
      single mode:  B does not (the nodes share nothing); the message waits
                    on A's node, as the store keeps it, until B binds there
                    directly; then B receives it and A gets the receipt
Prints one line per check and a summary; exits 1 when any check failed.
"""

import argparse
import json
import socket
import sys
import time
import urllib.request

import smpplib.client
import smpplib.consts
import smpplib.exceptions

PASSED, FAILED = [], []


def log(*a):
    print("  ", *a, flush=True)


def check(ok, what, detail=""):
    (PASSED if ok else FAILED).append(what)
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, "" if ok or not detail else "\n       " + str(detail)[:600]),
          flush=True)
    return ok


def read_state(path):
    st = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                st[k] = v  # a later line wins, as when the shell sources it
    return st


def get_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read().decode())


class ESME:
    """An smpplib transceiver connecting from a chosen loopback source address,
    collecting what the SMSC sends it."""

    def __init__(self, name, system_id, password, source, host, port):
        self.name, self.system_id, self.source = name, system_id, source
        self.sent = {}  # sequence -> message_id of its submit_sm_resp
        self.mo, self.receipts = [], []
        outer = self

        class Client(smpplib.client.Client):
            def _create_socket(self):
                sock = super()._create_socket()
                sock.bind((outer.source, 0))
                return sock

        self.c = Client(host, port, timeout=0.3, allow_unknown_opt_params=True)
        self.c.set_message_sent_handler(self._sent)
        self.c.set_message_received_handler(self._received)
        self.c.connect()
        self.local = "%s:%d" % self.c._socket.getsockname()
        self.c.bind_transceiver(system_id=system_id, password=password)

    def _sent(self, pdu):
        self.sent[pdu.sequence] = pdu.message_id.decode()

    def _received(self, pdu):
        if pdu.esm_class & 0x04:
            self.receipts.append(pdu.short_message.decode(errors="replace"))
        else:
            self.mo.append((pdu.source_addr.decode(), pdu.destination_addr.decode(),
                            pdu.short_message.decode(errors="replace")))

    def pump(self, until, timeout):
        """Reads what comes until until() is true or timeout seconds passed."""
        end = time.time() + timeout
        while not until() and time.time() < end:
            self.c.read_once()
        return until()

    def submit(self, to, text, receipt=True):
        """submit_sm; returns the message id from the submit_sm_resp."""
        pdu = self.c.send_message(source_addr_ton=0, source_addr_npi=0, source_addr=self.name,
                                  dest_addr_ton=0, dest_addr_npi=0, destination_addr=to,
                                  short_message=text.encode(), registered_delivery=1 if receipt else 0,
                                  data_coding=smpplib.consts.SMPP_ENCODING_DEFAULT)
        self.pump(lambda: pdu.sequence in self.sent, 10)
        return self.sent.get(pdu.sequence)

    def receipt_for(self, msg_id):
        return [r for r in self.receipts if ("id:%s " % msg_id) in r]

    def close(self):
        try:
            self.c.unbind()
        except Exception:  # noqa: BLE001  a node may already have closed it
            pass
        self.c.disconnect()


def where(st, system_id, remote):
    """[(node, session)] of sessions of system_id from remote, over all nodes."""
    out = []
    for n in (1, 2, 3):
        try:
            sessions = get_json("http://127.0.0.1:%s/api/v1/sessions" % st["SMSCD%d_HTTP" % n])["sessions"]
        except OSError:  # a node that was killed (failover_test.py)
            continue
        out += [(n, s) for s in sessions if s.get("account") == system_id]
    return [(n, s) for n, s in out if s["remote"] == remote], out


def check_nats(st):
    for n in (1, 2, 3):
        mon = "http://127.0.0.1:%s" % st["NATS%d_MON" % n]
        r = get_json(mon + "/routez")
        peers = {x.get("remote_name") for x in r.get("routes", [])}
        check(len(peers - {None}) == 2, "nats%d is routed to the two others" % n, peers)
        j = get_json(mon + "/jsz")
        meta = j.get("meta_cluster", {})
        check(meta.get("cluster_size") == 3 and bool(meta.get("leader")),
              "nats%d: JetStream meta group of 3 with a leader (%s)" % (n, meta.get("leader")), meta)


def check_haproxy(st):
    with urllib.request.urlopen("http://127.0.0.1:%s/stats;csv" % st["HAPROXY_STATS"], timeout=5) as r:
        rows = [line.split(",") for line in r.read().decode().splitlines() if not line.startswith("#")]
    servers = [(r[0], r[1], r[17]) for r in rows if len(r) > 17 and r[1] not in ("FRONTEND", "BACKEND")]
    check(len(servers) == 10 and all(s[2] == "UP" for s in servers),
          "HAProxy: all 10 servers UP (smpp, ucp, cimd2 x 3 nodes, smpp_node1)", servers)


def check_proxy_ucp_cimd2(st):
    """A TCP connection from 127.0.0.5 to the UCP and CIMD2 frontends: smscd
    lists a session (before any login) whose remote is that address and port."""
    for proto in ("ucp", "cimd2"):
        s = socket.socket()
        s.bind(("127.0.0.5", 0))
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", int(st["HAPROXY_%s" % proto.upper()])))
            me = "%s:%d" % s.getsockname()
            found, end = [], time.time() + 5
            while not found and time.time() < end:
                for n in (1, 2, 3):
                    found += [(n, x) for x in get_json("http://127.0.0.1:%s/api/v1/sessions" % st["SMSCD%d_HTTP" % n])
                              ["sessions"] if x["protocol"] == proto and x["remote"] == me]
                time.sleep(0.1)
            check(len(found) == 1, "PROXY v2 on %s: a connection from %s is listed with that address (smscd%s)" % (
                proto.upper(), me, found[0][0] if found else "-"), found)
        finally:
            s.close()


def bind_apart(st, front):
    """A from 127.0.0.2, B from 127.0.0.3, on two different nodes (round
    robin puts consecutive connections on different nodes; B is bound again,
    at most 3 times, should something else have taken a turn)."""
    a = ESME("4610000", "esme-a", "a-secret", "127.0.0.2", "127.0.0.1", front)
    b = None
    for _ in range(3):
        b = ESME("4620000", "esme-b", "b-secret", "127.0.0.3", "127.0.0.1", front)
        (na, sa), (nb, sb) = first(where(st, "esme-a", a.local)), first(where(st, "esme-b", b.local))
        if na is None or nb is None or na != nb:
            break
        b.close()
    return a, b, na, sa, nb, sb


def first(found):
    exact, _ = found
    return exact[0] if len(exact) == 1 else (None, None)


def own_node(e, own_to, other_to, tag):
    """Submit to an address of its own and to one nobody owns; both receipts."""
    text = "%s to itself %d" % (tag, time.time_ns())
    mid = e.submit(own_to, text)
    if check(mid is not None, "%s: submit_sm to its own %s acknowledged with an id" % (tag, own_to)):
        got = e.pump(lambda: any(m[2] == text for m in e.mo), 10)
        check(got, "%s: receives its own message back as a deliver_sm" % tag, e.mo)
        got = e.pump(lambda: e.receipt_for(mid), 10)
        check(got and "stat:DELIVRD" in e.receipt_for(mid)[0], "%s: receipt DELIVRD for %s" % (tag, mid), e.receipts)
    mid = e.submit(other_to, "%s to nobody" % tag)
    if check(mid is not None, "%s: submit_sm to unowned %s acknowledged" % (tag, other_to)):
        got = e.pump(lambda: e.receipt_for(mid), 10)
        check(got and "stat:DELIVRD" in e.receipt_for(mid)[0], "%s: simulated receipt DELIVRD for %s" % (tag, mid),
              e.receipts)


def cross_node(st, a, b, na, nb, mode):
    text = "A to B across nodes %d" % time.time_ns()
    mid = a.submit("4620555", text)
    if not check(mid is not None, "A: submit_sm to B's 4620555 acknowledged"):
        return
    if mode == "cluster":
        got = b.pump(lambda: any(m[2] == text for m in b.mo), 15)
        check(got, "cluster: B on smscd%d receives A's message from smscd%d" % (nb, na), b.mo)
        got = a.pump(lambda: a.receipt_for(mid), 15)
        check(got and "stat:DELIVRD" in a.receipt_for(mid)[0], "cluster: A gets the DELIVRD receipt from across nodes",
              a.receipts)
        return
    # single: nodes share nothing
    b.pump(lambda: any(m[2] == text for m in b.mo), 3)
    check(not any(m[2] == text for m in b.mo), "single: B on another node does not receive it (nothing shared)", b.mo)
    msgs = get_json("http://127.0.0.1:%s/api/v1/messages?account=esme-a&limit=50" % st["SMSCD%d_HTTP" % na])["messages"]
    m = [x for x in msgs if x["id"] == mid]
    check(len(m) == 1 and m[0]["state"] in ("accepted", "enroute") and not m[0]["final"],
          "single: the message waits in smscd%d's store (%s)" % (na, m[0]["state"] if m else "-"), m)
    # B binds straight to A's node (proxy-protocol=optional lets a direct
    # loopback connection in) and gets it: store and forward on one node.
    b2 = ESME("4620000", "esme-b", "b-secret", "127.0.0.3", "127.0.0.1", int(st["SMSCD%d_SMPP" % na]))
    try:
        got = b2.pump(lambda: any(m[2] == text for m in b2.mo), 10)
        check(got, "single: B bound directly to smscd%d receives the waiting message" % na, b2.mo)
        got = a.pump(lambda: a.receipt_for(mid), 10)
        check(got and "stat:DELIVRD" in a.receipt_for(mid)[0], "single: then A gets the DELIVRD receipt", a.receipts)
    finally:
        b2.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    args = ap.parse_args()
    st = read_state(args.state)
    mode = st["MODE"]
    front = int(st["HAPROXY_SMPP"])
    print("deploy test: %s mode, HAProxy SMPP on 127.0.0.1:%d" % (mode, front), flush=True)

    check_nats(st)
    check_haproxy(st)
    check_proxy_ucp_cimd2(st)
    a, b, na, sa, nb, sb = bind_apart(st, front)
    try:
        check(sa is not None, "A's session (esme-a) found on one node with remote = its own %s" % a.local,
              where(st, "esme-a", a.local)[1])
        check(sb is not None, "B's session (esme-b) found on one node with remote = its own %s" % b.local,
              where(st, "esme-b", b.local)[1])
        if sa is None or sb is None:
            return
        log("A (%s) landed on smscd%d, B (%s) on smscd%d" % (a.local, na, b.local, nb))
        check(sa["remote"].startswith("127.0.0.2:") and sb["remote"].startswith("127.0.0.3:"),
              "PROXY v2: sessions show the clients' addresses, not HAProxy's 127.0.0.1")
        check(na != nb, "round robin put A and B on different nodes")
        own_node(a, "4610001", "4699000001", "A")
        own_node(b, "4620001", "4699000002", "B")
        cross_node(st, a, b, na, nb, mode)
    finally:
        a.close()
        b.close()


if __name__ == "__main__":
    try:
        main()
    except (OSError, smpplib.exceptions.ConnectionError, KeyError) as e:
        check(False, "no unexpected error", repr(e))
    print("deploy test: %d passed, %d failed" % (len(PASSED), len(FAILED)), flush=True)
    sys.exit(1 if FAILED or not PASSED else 0)
