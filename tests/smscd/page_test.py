#!/usr/bin/env python3
"""Status page test in a real headless browser (Debian's chromium).

Against a running smscd (or the development server) at BASEURL:
  1. optionally binds an SMPP transceiver (--smpp HOST:PORT) so the server
     has a session of ours, answering what the server sends it;
  2. injects a mobile-originated message with a unique text through the
     JSON API;
  3. loads the page in chromium with a virtual-time budget long enough for
     its JavaScript to poll the API, dumps the DOM and asserts that it shows
     the session, the message (by ID and text) and the rates, and no error;
  4. takes a screenshot (--out) and checks it is a PNG of the window's size.

Only the standard library; exits non-zero with the reason on any failure.
"""
import argparse
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

# The flags this machine's chromium needs: without the background-networking
# ones it keeps trying to reach the internet from a closed network.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]
WIDTH, HEIGHT = 1280, 900


def fail(msg):
    print("page test: FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def api(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class SMPPSession:
    """A bound SMPP 3.4 transceiver that answers deliver_sm and enquire_link."""

    def __init__(self, addr, system_id, password):
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        body = system_id.encode() + b"\0" + password.encode() + b"\0" + b"\0" + bytes([0x34, 0, 0]) + b"\0"
        self.send(0x00000009, 1, body)  # bind_transceiver
        cmd, status, _, _ = self.read()
        if cmd != 0x80000009 or status != 0:
            fail(f"SMPP bind as {system_id!r}: command {cmd:#x} status {status:#x}")
        self.sock.settimeout(None)
        threading.Thread(target=self.answer, daemon=True).start()

    def send(self, cmd, seq, body=b"", status=0):
        self.sock.sendall(struct.pack(">IIII", 16 + len(body), cmd, status, seq) + body)

    def read(self):
        head = self.recv(16)
        length, cmd, status, seq = struct.unpack(">IIII", head)
        return cmd, status, seq, self.recv(length - 16)

    def recv(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def answer(self):
        try:
            while True:
                cmd, _, seq, _ = self.read()
                if cmd == 0x00000005:  # deliver_sm
                    self.send(0x80000005, seq, b"\0")
                elif cmd == 0x00000015:  # enquire_link
                    self.send(0x80000015, seq)
        except (OSError, ConnectionError, struct.error):
            pass


def chromium(binary, url, *extra):
    profile = tempfile.mkdtemp(prefix="smscd-page-chromium-")
    try:
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{HEIGHT}", "--virtual-time-budget=5000", *extra, url]
        r = subprocess.run(args, capture_output=True, timeout=90)
        if r.returncode != 0:
            fail(f"chromium exited {r.returncode}: {r.stderr.decode(errors='replace')[-2000:]}")
        return r.stdout.decode()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("baseurl")
    p.add_argument("--out", default="build/smscd-status-page.png")
    p.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    p.add_argument("--smpp", help="HOST:PORT of the server's SMPP port, to bind a session of our own; "
                   "default: the smpp= line of $SMSCD_SERVER_FILE (tests/smscd/with-server.sh) if it has one")
    p.add_argument("--system-id", default="pagetest")
    p.add_argument("--password", default="secret")
    p.add_argument("--to", default="4670123456", help="number the injected message goes to")
    a = p.parse_args()
    base = a.baseurl.rstrip("/")
    if not a.smpp and os.environ.get("SMSCD_SERVER_FILE"):
        with open(os.environ["SMSCD_SERVER_FILE"]) as f:
            for line in f:
                if line.startswith("smpp="):
                    a.smpp = line[len("smpp="):].strip()
    if not os.access(a.chromium, os.X_OK):
        fail(f"no chromium at {a.chromium} (Debian: apt-get install chromium)")

    session = SMPPSession(a.smpp, a.system_id, a.password) if a.smpp else None
    text = f"page test {os.getpid()}-{time.time_ns() % 10**9}"
    body = {"to": a.to, "text": text, "from": "4600"}
    if session:
        body["account"] = a.system_id
    status, msg = api(base, "POST", "/api/v1/mo", body)
    if status != 201:
        fail(f"inject: {status} {msg}")

    status, sessions = api(base, "GET", "/api/v1/sessions")
    ours = [s for s in sessions["sessions"] if not session or s.get("account") == a.system_id]
    if status != 200 or not ours:
        fail(f"the server lists no session to look for on the page: {status} {sessions}")
    sid = ours[0]["id"]

    dom = chromium(a.chromium, base + "/", "--dump-dom")
    checks = {
        f"session {sid}": f'data-session-id="{sid}"',
        f"message {msg['id']}": f'data-message-id="{msg["id"]}"',
        "the message's text": text,
        "a successful poll": 'class="status">updated ',
    }
    for what, needle in checks.items():
        if needle not in dom:
            fail(f"the page does not show {what} ({needle!r}); DOM:\n{dom[:3000]}")
    # The state shown must be one the message really had: the server may
    # deliver it (to our own session) between the inject and the render,
    # so any state of its history read after the render will do.
    row = dom[dom.index(f'data-message-id="{msg["id"]}"'):]
    row = row[:row.find("</tr>")]
    shown = re.search(r'class="badge s-([a-z]+)"', row)
    status, now = api(base, "GET", f"/api/v1/messages/{msg['id']}")
    had = {h["state"] for h in now.get("history", [])} if status == 200 else set()
    if not shown or shown.group(1) not in had:
        fail(f"the page shows state {shown.group(1) if shown else None!r} for {msg['id']}, "
             f"which is not in its history {sorted(had)}; row:\n{row[:1500]}")
    m = re.search(r'id="rate-sessions">(\d+)<', dom)
    if not m or int(m.group(1)) < 1:
        fail("the rates show no session")

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    if os.path.exists(a.out):
        os.remove(a.out)
    chromium(a.chromium, base + "/", f"--screenshot={os.path.abspath(a.out)}")
    with open(a.out, "rb") as f:
        png = f.read()
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        fail(f"{a.out} is not a PNG")
    w, h = struct.unpack(">II", png[16:24])
    if (w, h) != (WIDTH, HEIGHT) or len(png) < 20000:
        fail(f"{a.out}: {w}x{h}, {len(png)} bytes; want {WIDTH}x{HEIGHT} with content")
    print(f"page test: session {sid} and message {msg['id']} shown; screenshot {a.out} ({w}x{h}, {len(png)} bytes)")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
