#!/usr/bin/env python3
"""Kannel (Debian `kannel`: bearerbox + smsbox) through the sample deployment.

Run by tests/deploy/run.sh with the state file of deploy/up.sh. Kannel binds
one SMPP transceiver as account `kannel` (owner of 4630*) to HAProxy's SMPP
frontend, like a gateway in front of the cluster. Checks:
  - its session is on exactly one node (GET /api/v1/sessions), with Kannel's
    own source address (our-host 127.0.0.4) as remote: the PROXY v2 header
  - MT: a sendsms to a number nobody owns is accepted by smscd, and Kannel
    calls the dlr-url with the SMSC ack (type 8) and the final DELIVRD (type 1)
  - MO: a message injected through a node's HTTP API (POST /api/v1/mo) to
    4630001 reaches Kannel's sms-service get-url. In cluster mode it is
    injected on a node Kannel is not bound to (so it crosses nodes); in single
    mode on the node Kannel is bound to.
bearerbox and smsbox run as child processes with a configuration written into
the run directory, never as Debian's services, and are stopped at the end.
"""

import argparse
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_test import FAILED, PASSED, check, get_json, log, read_state  # noqa: E402


KANNEL_HOST = "127.0.0.4"  # Kannel's source address (our-host), so PROXY v2 shows


class Inbox:
    def __init__(self):
        self.cond = threading.Condition()
        self.items = []

    def add(self, path, q):
        with self.cond:
            self.items.append((path, q))
            self.cond.notify_all()

    def wait(self, path, pred, timeout):
        end = time.time() + timeout
        with self.cond:
            while True:
                for p, q in self.items:
                    if p == path and pred(q):
                        return q
                left = end - time.time()
                if left <= 0:
                    return None
                self.cond.wait(left)


def start_http(inbox):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            inbox.add(u.path, {k: v[0] for k, v in urllib.parse.parse_qs(u.query, keep_blank_values=True).items()})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_address[1]


def free_ports(n):
    import socket
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def write_config(d, smpp_port, http_port):
    admin, box, sendsms = free_ports(3)
    mo_url = "http://127.0.0.1:%d/mo?from=%%p&to=%%P&text=%%a" % http_port
    conf = "\n".join([
        "group = core", "admin-port = %d" % admin, "admin-password = secret", "admin-allow-ip = 127.0.0.1",
        "smsbox-port = %d" % box, "box-allow-ip = 127.0.0.1", "log-file = %s/bearerbox.log" % d, "log-level = 0",
        "dlr-storage = internal", "",
        "group = smsc", "smsc = smpp", "smsc-id = deploy", "host = 127.0.0.1", "port = %d" % smpp_port,
        "transceiver-mode = true", "our-host = %s" % KANNEL_HOST, "smsc-username = kannel", "smsc-password = k-secret", "system-type = VMA",
        "interface-version = 34", "enquire-link-interval = 5", "reconnect-delay = 1", "wait-ack = 30", "",
        "group = smsbox", "bearerbox-host = 127.0.0.1", "bearerbox-port = %d" % box, "sendsms-port = %d" % sendsms,
        "log-file = %s/smsbox.log" % d, "log-level = 0", "",
        "group = sendsms-user", "username = tester", "password = foobar", "max-messages = 10", "",
        "group = sms-service", "keyword = default", "catch-all = true", "max-messages = 0", 'get-url = "%s"' % mo_url,
        "",
    ])
    path = os.path.join(d, "kannel.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path, sendsms, box


def wait_port(port, timeout):
    import socket
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def kannel_node(st):
    found = []
    for n in (1, 2, 3):
        for s in get_json("http://127.0.0.1:%s/api/v1/sessions" % st["SMSCD%d_HTTP" % n])["sessions"]:
            if s.get("account") == "kannel":
                found.append((n, s))
    return found


def run(st, d, inbox, http_port, procs):
    conf, sendsms, box = write_config(d, int(st["HAPROXY_SMPP"]), http_port)
    for name in ("bearerbox", "smsbox"):
        out = open(os.path.join(d, name + ".out"), "w")
        procs.append(subprocess.Popen(["/usr/sbin/" + name, conf], stdout=out, stderr=subprocess.STDOUT,
                                      start_new_session=True))
        # smsbox gives up at once when bearerbox's box port is not open yet.
        if name == "bearerbox" and not check(wait_port(box, 15), "bearerbox listens for smsbox"):
            return
    end = time.time() + 20
    found = []
    while time.time() < end and not found:
        found = kannel_node(st)
        time.sleep(0.2)
    if not check(len(found) == 1, "Kannel's bind through HAProxy is one session on one node", found):
        return
    node = found[0][0]
    check(found[0][1]["remote"].startswith(KANNEL_HOST + ":"),
          "PROXY v2: Kannel's session shows its own source address %s, not HAProxy's" % KANNEL_HOST, found)
    log("Kannel landed on smscd%d (%s)" % (node, found[0][1]["remote"]))

    # MT with a DLR: smscd's simulated outcome for a number nobody owns.
    dlr = "http://127.0.0.1:%d/dlr?type=%%d&reply=%%A" % http_port
    q = {"username": "tester", "password": "foobar", "from": "4630000", "to": "4699000009", "text": "via kannel",
         "dlr-mask": "9", "dlr-url": dlr}
    end = time.time() + 15
    status = None
    while time.time() < end:  # smsbox may still be connecting to bearerbox
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/cgi-bin/sendsms?%s" % (sendsms, urllib.parse.urlencode(q)),
                                        timeout=5) as r:
                status = r.status
            break
        except OSError:
            time.sleep(0.3)
    check(status == 202, "Kannel sendsms accepted the MT", status)
    ack = inbox.wait("/dlr", lambda x: x["type"] == "8", 15)
    check(ack is not None, "Kannel got the SMSC ack of its submit_sm (DLR type 8)")
    final = inbox.wait("/dlr", lambda x: x["type"] in ("1", "2", "16"), 15)
    check(final is not None and final["type"] == "1" and "stat:DELIVRD" in final.get("reply", ""),
          "Kannel got the DELIVRD receipt (DLR type 1)", final)

    # MO through a node's HTTP API.
    inject = node if st["MODE"] != "cluster" else (node % 3) + 1
    body = json.dumps({"from": "4611111", "to": "4630001", "text": "mo to kannel"}).encode()
    req = urllib.request.Request("http://127.0.0.1:%s/api/v1/mo" % st["SMSCD%d_HTTP" % inject], data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        check(r.status == 201, "POST /api/v1/mo on smscd%d stored the MO" % inject, r.status)
    mo = inbox.wait("/mo", lambda x: x.get("text") == "mo to kannel", 15)
    check(mo is not None and mo.get("from") == "4611111" and mo.get("to") == "4630001",
          "Kannel received the MO from smscd%d (bound on smscd%d) and called its get-url" % (inject, node), mo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    st = read_state(ap.parse_args().state)
    d = os.path.join(st["RUN"], "kannel")
    os.makedirs(d, exist_ok=True)
    inbox = Inbox()
    srv, http_port = start_http(inbox)
    procs = []
    print("kannel test: %s mode" % st["MODE"], flush=True)
    try:
        run(st, d, inbox, http_port, procs)
    except OSError as e:
        check(False, "no unexpected error", repr(e))
    finally:
        for p in reversed(procs):  # smsbox first, then bearerbox (it unbinds)
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        srv.shutdown()
    print("kannel test: %d passed, %d failed" % (len(PASSED), len(FAILED)), flush=True)
    sys.exit(1 if FAILED or not PASSED else 0)


if __name__ == "__main__":
    main()
