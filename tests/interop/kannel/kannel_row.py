#!/usr/bin/env python3
"""Kannel (Debian `kannel`: bearerbox + smsbox) against the test SMSC.

Started by run.sh with the SMSC's ports in SMPP_PORT / CTRL_PORT. Writes a
Kannel configuration with run-time ports into ROW_DIR, runs bearerbox and
smsbox as child processes (never as services) and drives them:

  MT   short GSM, long (split by Kannel, joined by the server) and UCS-2
       through smsbox's sendsms interface, each with dlr-mask and a dlr-url
       on this script's HTTP server; Kannel must call it with the SMSC ack
       (8) and then the final status matched from the server's receipt
       (1 delivered; 2 for the destination the server fails)
  MO   the server sends deliver_sm (short, UCS-2, long split by the library);
       Kannel forwards each to the sms-service get-url on this script's
       HTTP server (max-messages 0: no reply, so no MO/MT loop)
  enquire_link both ways (--enquire): Kannel's every 2 s, answered by the
       library; the server's own (KeepAliveInterval 1 s, set by run.sh),
       whose enquire_link_resp must come back from Kannel
  reconnect (--reconnect): the server closes Kannel's connections, Kannel
       binds again and a later MT with its receipt still goes through
"""

import argparse
import calendar
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from interop import Control, check, done, free_ports, http_get, log, wait_port  # noqa: E402

SYSTEM_ID = "kannel"
FAIL_SUFFIX = "999"  # run.sh starts the server with -fail-suffix 999


class Inbox:
    """Requests Kannel made to this script's HTTP server (DLRs and MOs)."""

    def __init__(self):
        self.cond = threading.Condition()
        self.items = []  # (path, {param: value})

    def add(self, path, params):
        with self.cond:
            self.items.append((path, params))
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

    def all(self, path, pred=lambda q: True):
        with self.cond:
            return [q for p, q in self.items if p == path and pred(q)]


def start_http(inbox):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            q = {k: v[0] for k, v in urllib.parse.parse_qs(u.query, keep_blank_values=True).items()}
            log("http", u.path, q)
            inbox.add(u.path, q)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            # An empty body: with max-messages 0 smsbox sends no reply anyway.

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_address[1]


def write_config(d, a, smpp_port, http_port):
    ports = dict(zip(("admin", "smsbox", "sendsms"), free_ports(3)))
    # Kannel 1.4.5 refuses port and receive-port in one group: separate
    # transmitter + receiver is two groups with the same smsc-id (so that
    # receipts arriving on the receiver match messages sent on the
    # transmitter).
    common = [
        "smsc = smpp",
        "smsc-id = interop",
        "host = 127.0.0.1",
        "smsc-username = " + SYSTEM_ID,
        "smsc-password = secret",
        "system-type = VMA",
        "interface-version = %s" % a.version,
        "enquire-link-interval = 2",
        "reconnect-delay = 1",
        "wait-ack = 30",
        "max-pending-submits = 10",
    ]
    if a.msg_id_type:
        common.append("msg-id-type = %s" % a.msg_id_type)
    if a.tls:
        # The server runs with -tls; Kannel speaks TLS from the first byte.
        common.append("use-ssl = true")
    if a.mode == "trx":
        smsc = ["group = smsc", *common, "port = %d" % smpp_port, "transceiver-mode = true"]
    else:
        smsc = ["group = smsc", *common, "port = %d" % smpp_port, "",
                "group = smsc", *common, "receive-port = %d" % smpp_port]
    mo_url = ("http://127.0.0.1:%d/mo?from=%%p&to=%%P&text=%%a&coding=%%c&charset=%%C&smsc=%%i" % http_port)
    conf = "\n".join([
        "group = core",
        "admin-port = %d" % ports["admin"],
        "admin-password = secret",
        "admin-allow-ip = 127.0.0.1",
        "smsbox-port = %d" % ports["smsbox"],
        "box-allow-ip = 127.0.0.1",
        "log-file = %s/bearerbox.log" % d,
        "log-level = 0",
        "access-log = %s/access.log" % d,
        "dlr-storage = internal",
        "sms-combine-concatenated-mo = true",
        *(["ssl-trusted-ca-file = %s/tls-ca.pem" % d] if a.tls else []),
        "",
        *smsc,
        "",
        "group = smsbox",
        "bearerbox-host = 127.0.0.1",
        "bearerbox-port = %d" % ports["smsbox"],
        "sendsms-port = %d" % ports["sendsms"],
        "log-file = %s/smsbox.log" % d,
        "log-level = 0",
        "mo-recode = true",
        "",
        "group = sendsms-user",
        "username = tester",
        "password = foobar",
        "max-messages = 10",
        "concatenation = true",
        "",
        "group = sms-service",
        "keyword = default",
        "catch-all = true",
        "max-messages = 0",
        'get-url = "%s"' % mo_url,
        "",
    ])
    path = os.path.join(d, "kannel.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path, ports


class Kannel:
    def __init__(self, conf, d):
        self.procs = []
        self.conf, self.d = conf, d

    def start(self, name):
        out = open(os.path.join(self.d, name + ".out"), "w")
        p = subprocess.Popen(["/usr/sbin/" + name, self.conf], stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self):
        """SIGTERM, smsbox first (Kannel's orderly shutdown: bearerbox
        unbinds its SMPP sessions), SIGKILL after 10 s."""
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            end = time.time() + 10
            try:
                p.wait(max(0.1, end - time.time()))
            except subprocess.TimeoutExpired:
                self.killed = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()

    killed = False

    def kill_now(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(2)  # reap: no zombies left behind
            except subprocess.TimeoutExpired:
                pass

    def exit_codes(self):
        return [p.returncode for p in self.procs]

    def clean_exit(self):
        return not self.killed and all(c == 0 for c in self.exit_codes())


def sendsms(ports, http_port, tag, to, text, extra=None):
    dlr = "http://127.0.0.1:%d/dlr?tag=%s&type=%%d&reply=%%A&to=%%p&smsc=%%i" % (http_port, tag)
    q = {"username": "tester", "password": "foobar", "from": "1234", "to": to, "text": text,
         "dlr-mask": "27", "dlr-url": dlr}
    q.update(extra or {})
    url = "http://127.0.0.1:%d/cgi-bin/sendsms?%s" % (ports["sendsms"], urllib.parse.urlencode(q))
    status, body = http_get(url)
    check(status == 202, "sendsms %s accepted" % tag, "%s %s" % (status, body))
    return status


def check_mt(ctl, inbox, after, tag, to, text, enc, parts, state_type=1):
    """The server got the message whole, Kannel called the dlr-url with
    the SMSC ack and with the final state matched from the receipt."""
    c = ctl.wait("complete", 15, after=after, dst=to, parts=parts)
    if check(c is not None, "%s: server completed a %d-part message to %s" % (tag, parts, to), repr(ctl.events("submit", after=after))):
        check(c["text"] == text, "%s: text as sent" % tag, "got %r" % c["text"])
        check(c["enc"] == enc, "%s: encoding %s" % (tag, enc), "got %s" % c["enc"])
        check(c["src"] == "1234", "%s: originator 1234" % tag, "got %r" % c["src"])
    subs = ctl.events("submit", after=after, dst=to)
    check(len(subs) == parts, "%s: %d submit_sm" % (tag, parts), "got %d" % len(subs))
    ids = [s["id"] for s in subs]
    ack = inbox.wait("/dlr", lambda q: q["tag"] == tag and q["type"] == "8", 15)
    check(ack is not None, "%s: Kannel reported the SMSC ack (dlr 8)" % tag)
    final = inbox.wait("/dlr", lambda q: q["tag"] == tag and q["type"] in ("1", "2", "16"), 15)
    if check(final is not None, "%s: Kannel reported a final DLR" % tag, repr(inbox.all("/dlr"))):
        check(final["type"] == str(state_type), "%s: final DLR type %d" % (tag, state_type), repr(final))
        want_stat = "DELIVRD" if state_type == 1 else "UNDELIV"
        check(want_stat in final.get("reply", ""), "%s: DLR reply carries stat:%s" % (tag, want_stat), repr(final))
        check(any(("id:%s " % i) in final.get("reply", "") for i in ids),
              "%s: DLR reply is the receipt of a submitted id %s" % (tag, ids), repr(final))
    rs = ctl.events("receipt", after=after)
    check(any(r.get("id") in ids and r.get("code") == 0 for r in rs), "%s: server sent the receipt" % tag)
    return ids


def kannel_key(msg_id_type, msg_id):
    """The id under which Kannel stores and looks up a DLR: the id as is
    by default, converted to decimal when msg-id-type says hex."""
    if not msg_id_type:
        return msg_id
    return str(int(msg_id, 16 if int(msg_id_type, 0) & 1 else 10))


def check_dlr_keys(a, d, ids):
    """bearerbox's debug log shows the DLR key it stored for the
    submit_sm_resp and the one it looked up for the receipt: both must be
    the converted id (msg-id-type) for the match to be real."""
    try:
        with open(os.path.join(d, "bearerbox.log"), errors="replace") as f:
            text = f.read()
    except OSError as e:
        text = str(e)
    for i in ids:
        key = kannel_key(a.msg_id_type, i)
        check("Adding DLR smsc=interop, ts=%s," % key in text and "Looking for DLR smsc=interop, ts=%s," % key in text,
              "bearerbox stored and looked up the DLR of id %s under %s" % (i, key))


def mo(ctl, inbox, tag, text, enc="gsm", parts=1):
    after = ctl.last()
    frm = "4477009%05d" % (abs(hash(tag)) % 100000)
    status, r = ctl.mo(system_id=SYSTEM_ID, to="1234", text=text, enc=enc, **{"from": frm})
    if not check(status == 200 and r.get("code") == 0, "MO %s: server sent deliver_sm" % tag, repr(r)):
        return
    check(len(r["seqs"]) == parts, "MO %s: %d deliver_sm part(s)" % (tag, parts), repr(r["seqs"]))
    for seq in r["seqs"]:
        resp = ctl.wait("deliver_resp", 10, after=after, seq=seq)
        check(resp is not None and resp["status"] == 0, "MO %s: deliver_sm_resp OK for seq %d" % (tag, seq), repr(resp))
    got = inbox.wait("/mo", lambda q: q.get("from", "").lstrip("+") == frm, 15)
    if check(got is not None, "MO %s: Kannel called the get-url" % tag, repr(inbox.all("/mo"))):
        check(got.get("text") == text, "MO %s: text as sent" % tag, "got %r" % got.get("text"))
        check(got.get("to") == "1234", "MO %s: to 1234" % tag, repr(got))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["trx", "txrx"], default="trx")
    ap.add_argument("--version", choices=["33", "34"], default="34")
    ap.add_argument("--msg-id-type", default="", help="Kannel msg-id-type (empty = Kannel's default)")
    ap.add_argument("--enquire", action="store_true", help="check enquire_link both ways")
    ap.add_argument("--reconnect", action="store_true", help="server closes, Kannel rebinds")
    ap.add_argument("--mo", action="store_true", help="MO through deliver_sm to the get-url")
    ap.add_argument("--tls", action="store_true", help="use-ssl = true against the server's -tls")
    a = ap.parse_args()

    d = os.environ.get("ROW_DIR") or "/tmp"
    smpp_port = int(os.environ["SMPP_PORT"])
    ctl = Control()
    inbox = Inbox()
    httpd, http_port = start_http(inbox)
    conf, ports = write_config(d, a, smpp_port, http_port)
    k = Kannel(conf, d)

    def on_term(signum, frame):
        # run.sh's `timeout` ends a hung row with SIGTERM: take Kannel down
        # at once (its own process groups), then fail.
        log("FAIL terminated by signal %d" % signum)
        k.kill_now()
        os._exit(1)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    try:
        run(a, ctl, inbox, k, ports, http_port)
    finally:
        k.stop()
        httpd.shutdown()
    done()


def run(a, ctl, inbox, k, ports, http_port):
    binds = 1 if a.mode == "trx" else 2
    want_modes = ["trx"] if a.mode == "trx" else ["rx", "tx"]
    k.start("bearerbox")
    if not check(wait_port(ports["smsbox"]), "bearerbox listening"):
        return
    k.start("smsbox")
    check(wait_port(ports["sendsms"]), "smsbox sendsms port listening")
    end = time.time() + 20
    while time.time() < end and len(ctl.sessions()) < binds:
        time.sleep(0.1)
    sess = ctl.sessions()
    check(sorted(s["mode"] for s in sess) == want_modes, "Kannel bound as %s" % "+".join(want_modes), repr(sess))
    if a.tls:
        conns = ctl.events("connect")
        check(conns and all(c["ext"].startswith("tls.version=TLS1.") for c in conns),
              "Kannel connected over TLS (OnTcpConnected's tls.version)", repr(conns))
    for b in ctl.events("bind"):
        check(b["version"] == int(a.version, 16) and b["system_id"] == SYSTEM_ID and b["system_type"] == "VMA",
              "bind %s: system_id, system_type, interface_version 0x%s" % (b["mode"], a.version), repr(b))

    # MT: short, long, UCS-2; one the server fails.
    long_text = ("Long message from Kannel, split by Kannel and joined again by the server. " * 3).strip()
    ucs2_text = "Привет, Kannel! Grüße ✓"
    tests = [
        ("short", "447700900001", "Hello from Kannel @ interop", {}, "et7BitText", 1, 1),
        ("long", "447700900002", long_text, {}, "et7BitText", 2, 1),
        ("ucs2", "447700900003", ucs2_text, {"coding": "2", "charset": "UTF-8"}, "etUCS2Text", 1, 1),
        ("long-ucs2", "447700900006", (ucs2_text + " ") * 4 + "конец", {"coding": "2", "charset": "UTF-8"},
         "etUCS2Text", 2, 1),
        ("failed", "447700900" + FAIL_SUFFIX, "This one is not delivered", {}, "et7BitText", 1, 2),
    ]
    first_ids = []
    for tag, to, text, extra, enc, parts, state in tests:
        after = ctl.last()
        sendsms(ports, http_port, tag, to, text, extra)
        first_ids += check_mt(ctl, inbox, after, tag, to, text, enc, parts, state)[:1]
    check_dlr_keys(a, k.d, first_ids)
    # Kannel asks for a receipt on a message's first part only.
    # validity (minutes) and deferred (minutes) become Kannel's absolute
    # "YYMMDDhhmmss000+" validity_period and schedule_delivery_time.
    after = ctl.last()
    t0 = time.time()
    sendsms(ports, http_port, "timed", "447700900005", "Valid for an hour, deferred 5 min",
            {"validity": "60", "deferred": "5"})
    s = ctl.wait("submit", 15, after=after, dst="447700900005")
    if check(s is not None, "timed: server got the submit_sm"):
        check(s["options"] & 0x28 == 0x28, "timed: absolute delivery time and validity period", s["options"])
        for field, minutes in (("validity", 60), ("delivery_time", 5)):
            got = s.get(field) or ""
            try:
                at = calendar.timegm(time.strptime(got, "%Y-%m-%dT%H:%M:%SZ"))
            except ValueError:
                at = 0
            check(abs(at - (t0 + minutes * 60)) < 90, "timed: %s is %d minutes ahead" % (field, minutes), got)
    for s in ctl.events("submit"):
        if s["udh"] == "" or s["udh"].endswith("01"):
            check(s["regdel"] & 0x03 == 1, "submit seq %d asks for a receipt" % s["seq"], repr(s["regdel"]))

    if a.mo:
        mo(ctl, inbox, "short", "Hello Kannel from the SMSC")
        mo(ctl, inbox, "ucs2", "Ответ: да ✓", enc="ucs2")
        mo(ctl, inbox, "long", ("A long MO, split by the library and joined by Kannel. " * 4).strip(), parts=2)

    if a.enquire:
        # Kannel's enquire_link (every 2 s) answered by the library, and the
        # server's own (KeepAliveInterval 1 s) answered by Kannel.
        el = ctl.wait("trace", 10, dir="in", cmd="enquire_link")
        if check(el is not None, "Kannel sent enquire_link"):
            r = ctl.wait("trace", 5, after=el["i"], dir="out", cmd="enquire_link_resp", seq=el["seq"], client=el["client"])
            check(r is not None and r["status"] == "00000000", "server answered Kannel's enquire_link", repr(r))
        after = ctl.last()
        for s in ctl.sessions():
            out = ctl.wait("trace", 10, after=after, dir="out", cmd="enquire_link", client=s["client"])
            if check(out is not None, "server sent its own enquire_link to the %s session" % s["mode"]):
                back = ctl.wait("trace", 5, after=out["i"], dir="in", cmd="enquire_link_resp", seq=out["seq"],
                                client=out["client"])
                check(back is not None and back["status"] == "00000000",
                      "Kannel's %s session answered the server's enquire_link" % s["mode"], repr(out))
        gone = [e for e in ctl.events("disconnect") if "enquire" in e.get("text", "")]
        check(not gone, "no connection closed for a missing enquire_link_resp", repr(gone))

    if a.reconnect:
        after = ctl.last()
        closed = ctl.close(system_id=SYSTEM_ID)["closed"]
        check(len(closed) == binds, "server closed Kannel's %d connection(s)" % binds, repr(closed))
        end = time.time() + 20
        while time.time() < end:
            if len(ctl.events("bind", after=after, code=0)) >= binds and len(ctl.sessions()) >= binds:
                break
            time.sleep(0.2)
        rb = ctl.events("bind", after=after)
        check(sorted(b["mode"] for b in rb) == want_modes, "Kannel bound again as %s" % "+".join(want_modes), repr(rb))
        after = ctl.last()
        sendsms(ports, http_port, "after-reconnect", "447700900004", "Sent after the reconnect")
        check_mt(ctl, inbox, after, "after-reconnect", "447700900004", "Sent after the reconnect", "et7BitText", 1, 1)

    # Kannel's own shutdown unbinds every session, and the server answers.
    after = ctl.last()
    nsess = len(ctl.sessions())
    k.stop()
    ub = ctl.events("unbind", after=after)
    check(len(ub) == nsess and all(u["code"] == 0 for u in ub),
          "Kannel's shutdown unbound its %d session(s), each answered" % nsess, repr(ub))
    resp = ctl.events("trace", after=after, dir="out", cmd="unbind_resp", status="00000000")
    check(len(resp) == nsess, "unbind_resp sent for each", repr(resp))
    check(k.clean_exit(), "bearerbox and smsbox exited cleanly", k.exit_codes())

    # Nothing the server logged may hint at a protocol problem with Kannel.
    bad = [r for r in ctl.events("raw")] + [e for e in ctl.events("incomplete")]
    check(not bad, "no RAW or incomplete-message events", repr(bad[:5]))
    nacks = [t for t in ctl.events("trace", cmd="generic_nack")]
    check(not nacks, "no generic_nack either way", repr(nacks[:5]))
    errs = [r for r in ctl.events("deliver_resp") if r["status"] != 0]
    check(not errs, "every deliver_sm_resp is OK", repr(errs[:5]))


if __name__ == "__main__":
    main()
