#!/usr/bin/env python3
"""HAProxy (Debian `haproxy`) in front of the test SMSC with the PROXY protocol.

Started by run.sh with SMPP_PORT / CTRL_PORT / ROW_DIR, in
tests/interop/.venv; the server runs with
`-ext proxy-protocol=on;proxy-trusted=127.0.0.1`. The row starts haproxy
itself (a child process, never the Debian service) on a free loopback port
in TCP mode, with `send-proxy` (--version 1) or `send-proxy-v2`
(--version 2) toward the server and a health check every 500 ms. Python
smpplib connects to haproxy from 127.0.0.2, so the proxy's own connection
comes from 127.0.0.1 and only the header can tell the server 127.0.0.2.

Checks: OnTcpConnected and the trace events of the client's connection
report 127.0.0.2 and the client's own port; the client binds, submits and
unbinds through the proxy; haproxy's health checks are served as coming
from haproxy (HAProxy 2.6 sends them a v2 LOCAL header, whose TCP address
the server keeps, or a v1 TCP4 header with its own address); a client on
127.0.0.2 that bypasses the proxy is closed without any event.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import smpplib.client
import smpplib.consts

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from interop import Control, check, done, free_ports, log, wait_port  # noqa: E402

CLIENT_HOST = "127.0.0.2"  # the whole 127.0.0.0/8 is loopback on Linux


class SourceBoundClient(smpplib.client.Client):
    """smpplib connecting from CLIENT_HOST instead of the default source."""

    def _create_socket(self):
        sock = super()._create_socket()
        sock.bind((CLIENT_HOST, 0))
        return sock


def haproxy_config(front, smpp_port, version):
    send = "send-proxy" if version == 1 else "send-proxy-v2"
    return f"""global
    maxconn 64

defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s

frontend smpp_in
    bind 127.0.0.1:{front}
    default_backend smsc

backend smsc
    server smsc 127.0.0.1:{smpp_port} {send} check inter 500ms
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", type=int, choices=(1, 2), required=True)
    args = ap.parse_args()
    row_dir = os.environ["ROW_DIR"]
    smpp_port = int(os.environ["SMPP_PORT"])
    ctl = Control()

    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    front, = free_ports(1)
    cfg = os.path.join(row_dir, "haproxy.cfg")
    with open(cfg, "w") as f:
        f.write(haproxy_config(front, smpp_port, args.version))
    ver = subprocess.run([haproxy, "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    log("using", ver)
    chk = subprocess.run([haproxy, "-c", "-f", cfg], capture_output=True, text=True)
    if not check(chk.returncode == 0, "haproxy accepts the configuration", chk.stdout + chk.stderr):
        done()
    hlog = open(os.path.join(row_dir, "haproxy.log"), "w")
    # -db: foreground, no daemon; its own process group, killed at the end.
    proc = subprocess.Popen([haproxy, "-db", "-f", cfg], stdout=hlog, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        run(ctl, front, args.version, smpp_port)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        hlog.close()
    done()


def run(ctl, front, version, smpp_port):
    if not check(wait_port(front), "haproxy listens on 127.0.0.1:%d" % front):
        return

    # haproxy's health checks reach the server with a header of their own.
    hc = ctl.wait("connect", timeout=10)
    check(hc is not None and hc["remote"].startswith("127.0.0.1:"),
          "a health check is served with haproxy's TCP address (v%d)" % version, repr(hc))

    client = SourceBoundClient("127.0.0.1", front, timeout=10)
    sent_ids = []
    client.set_message_sent_handler(lambda pdu: sent_ids.append(pdu.message_id.decode()))
    client.connect()
    host, port = client._socket.getsockname()
    log("client connected from %s:%d through haproxy" % (host, port))
    check(host == CLIENT_HOST, "the client's source address is %s" % CLIENT_HOST, host)
    system_id = "hapv%d" % version
    client.bind_transceiver(system_id=system_id, password="pw")
    b = ctl.wait("bind", system_id=system_id)
    if not check(b is not None, "bind_transceiver through haproxy seen by the server", repr(b)):
        return
    cid = b["client"]
    want = "%s:%d" % (CLIENT_HOST, port)
    conn = ctl.events("connect", client=cid)
    check(len(conn) == 1 and conn[0]["remote"] == want,
          "OnTcpConnected reports the client's address and port from the header", "%r, want %s" % (conn, want))
    traces = ctl.events("trace", client=cid)
    ins = [t for t in traces if t["dir"] == "in"]
    outs = [t for t in traces if t["dir"] == "out"]
    check(ins and all(t["from"] == want for t in ins),
          "trace events of received PDUs come from %s" % want, repr(ins[:2]))
    check(outs and all(t["to"] == want for t in outs),
          "trace events of sent PDUs go to %s" % want, repr(outs[:2]))

    client.send_message(source_addr="12345", destination_addr="447700900700",
                        short_message=b"through haproxy v%d" % version,
                        data_coding=smpplib.consts.SMPP_ENCODING_DEFAULT)
    client.read_once()  # the submit_sm_resp
    s = ctl.wait("submit", client=cid)
    check(s is not None and s.get("text") == "through haproxy v%d" % version,
          "submit_sm through haproxy reported", repr(s))
    check(len(sent_ids) == 1, "submit_sm_resp with an id came back", repr(sent_ids))

    client.unbind()
    u = ctl.wait("unbind", client=cid)
    check(u is not None, "unbind through haproxy answered", repr(u))
    client.disconnect()
    d = ctl.wait("disconnect", client=cid)
    check(d is not None, "OnTcpDisconnected for the proxied client", repr(d))

    # A client on 127.0.0.2 going around the proxy: not in proxy-trusted.
    before = ctl.last()
    s = socket.socket()
    s.settimeout(5)
    s.bind((CLIENT_HOST, 0))
    s.connect(("127.0.0.1", smpp_port))
    bypass = "%s:%d" % s.getsockname()
    body = b"bypass\0pw\0\0\x34\0\0\0"
    s.sendall((16 + len(body)).to_bytes(4, "big") + (9).to_bytes(4, "big") + bytes(4) + (1).to_bytes(4, "big") + body)
    try:
        got = s.recv(64)
    except OSError as e:  # a reset: the server closed with the bind unread
        got = b""
        log("bypass connection:", e)
    s.close()
    check(got == b"", "a client bypassing haproxy is closed unanswered", repr(got))
    time.sleep(0.5)
    seen = [e for e in ctl.events("connect", after=before) if e["remote"] == bypass]
    check(not seen, "no OnTcpConnected for the bypassing client", repr(seen))


if __name__ == "__main__":
    main()
