#!/usr/bin/env python3
"""Python smpplib over TLS, and openssl s_client, against the test SMSC.

Started by run.sh with SMPP_PORT / CTRL_PORT / ROW_DIR, in
tests/interop/.venv; the server runs with -tls (a CA and certificates made
at its start, in ROW_DIR: tls-ca.pem, tls-cert.pem, tls-client-*.pem) and,
for --client-cert, -tls-client-auth require.

Checks: smpplib 2.2.4 (its Client takes an ssl_context) verifies the
server against the test CA, binds, submits and unbinds over TLS 1.3 and,
with the context capped, TLS 1.2; OnTcpConnected reports the version (and,
with --client-cert, the client's subject); `openssl s_client` completes a
handshake; a plain SMPP bind where the ClientHello belongs and a client
that sends nothing are closed without any event while a TLS client is
served; with --client-cert a client without a certificate is refused
before OnTcpConnected.
"""

import argparse
import os
import socket
import ssl
import subprocess
import sys
import time

import smpplib.client
import smpplib.consts

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from interop import Control, check, done, log  # noqa: E402

BIND_PLAIN = bytes.fromhex("0000002500000009000000000000000170797573657200707700000034000000") + b"\0" * 5


def context(row_dir, max_version=None, client_cert=False):
    ctx = ssl.create_default_context(cafile=os.path.join(row_dir, "tls-ca.pem"))
    # smpplib 2.2.4 calls wrap_socket(sock) without server_hostname, which
    # Python refuses with check_hostname on: the chain is still verified
    # against the test CA (CERT_REQUIRED), the name is not.
    ctx.check_hostname = False
    if max_version:
        ctx.maximum_version = max_version
    if client_cert:
        ctx.load_cert_chain(os.path.join(row_dir, "tls-client-cert.pem"), os.path.join(row_dir, "tls-client-key.pem"))
    return ctx


def session(ctl, port, ctx, version, system_id, want_subject=None):
    mark = ctl.last()
    client = smpplib.client.Client("127.0.0.1", port, timeout=10, ssl_context=ctx)
    sent = []
    client.set_message_sent_handler(lambda pdu: sent.append(pdu.message_id.decode()))
    client.connect()
    check(client._socket.version() == version.replace("TLS", "TLSv"), "smpplib negotiated %s" % version,
          client._socket.version())
    c = ctl.wait("connect", 10, after=mark)
    ext = c["ext"] if c else ""
    check(("tls.version=%s;" % version) in ext, "OnTcpConnected reports tls.version=%s" % version, ext)
    if want_subject:
        check("tls.peer-subject=%s" % want_subject in ext, "OnTcpConnected reports the client's subject", ext)
    client.bind_transceiver(system_id=system_id, password="pw")
    b = ctl.wait("bind", 10, after=mark, system_id=system_id)
    check(b is not None, "%s: bind over %s" % (system_id, version), repr(b))
    client.send_message(
        source_addr_ton=smpplib.consts.SMPP_TON_INTL, source_addr="447700900600",
        dest_addr_ton=smpplib.consts.SMPP_TON_INTL, destination_addr="447700900611",
        short_message=b"hello over TLS")
    client.read_once()
    check(len(sent) == 1, "%s: submit_sm answered with an id" % system_id, repr(sent))
    client.unbind()
    check(ctl.wait("unbind", 10, after=mark) is not None, "%s: unbind seen by the server" % system_id)
    client.disconnect()
    d = ctl.wait("disconnect", 10, after=mark, client=c["client"] if c else -1)
    check(d is not None, "%s: OnTcpDisconnected after the session" % system_id)


def s_client(port, row_dir, extra=()):
    cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-CAfile", os.path.join(row_dir, "tls-ca.pem"),
           "-verify_return_error", "-brief"] + list(extra)
    p = subprocess.run(cmd, input=b"", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
    return p.returncode, p.stdout.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client-cert", action="store_true")
    args = ap.parse_args()
    row_dir = os.environ["ROW_DIR"]
    port = int(os.environ["SMPP_PORT"])
    ctl = Control()

    if args.client_cert:
        subject = "CN=interop-client,O=libsmscserver interop"
        # No certificate: refused in the handshake; with TLS 1.3 the client
        # learns it on its first read.
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        refused = False
        try:
            s = context(row_dir).wrap_socket(raw)
            s.sendall(BIND_PLAIN)
            refused = s.recv(16) == b""
        except (ssl.SSLError, OSError) as e:
            log("refused:", e)
            refused = True
        check(refused, "a client without a certificate is refused")
        session(ctl, port, context(row_dir, client_cert=True), "TLS1.3", "pyclientcert", subject)
        rc, out = s_client(port, row_dir, ["-cert", os.path.join(row_dir, "tls-client-cert.pem"),
                                           "-key", os.path.join(row_dir, "tls-client-key.pem")])
        check(rc == 0 and "Verification: OK" in out, "openssl s_client with the client certificate", out)
    else:
        session(ctl, port, context(row_dir), "TLS1.3", "pytls13")
        session(ctl, port, context(row_dir, ssl.TLSVersion.TLSv1_2), "TLS1.2", "pytls12")

        # Bad handshakes: plain SMPP, and silence, while a TLS client is served.
        plain = socket.create_connection(("127.0.0.1", port), timeout=10)
        plain.sendall(BIND_PLAIN)
        silent = socket.create_connection(("127.0.0.1", port), timeout=30)
        rc, out = s_client(port, row_dir)
        check(rc == 0 and "Verification: OK" in out and "TLSv1.3" in out, "openssl s_client handshake", out)
        plain.settimeout(10)
        try:
            got = plain.recv(64)
        except OSError as e:
            got = repr(e).encode()
        check(got == b"" or b"Reset" in got, "plain SMPP instead of a ClientHello: closed", repr(got))
        t0 = time.time()
        try:
            got = silent.recv(64)
        except OSError as e:
            got = repr(e).encode()
        check(got == b"" and time.time() - t0 < 8, "a silent client: closed by tls-handshake-timeout",
              "%r after %.1fs" % (got, time.time() - t0))
        rc, out = s_client(port, row_dir, ["-tls1_2"])
        check(rc == 0 and "TLSv1.2" in out, "openssl s_client -tls1_2", out)

        # openssl's bad handshake: a client that does not trust the server.
        p = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-verify_return_error",
                            "-brief", "-CAfile", os.path.join(row_dir, "tls-client-cert.pem")],
                           input=b"", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
        check(p.returncode != 0, "openssl s_client refuses a server its CA file does not vouch for",
              p.stdout.decode(errors="replace"))
        time.sleep(0.5)
        conns = ctl.events("connect")
        # Two smpplib sessions and two s_client handshakes; none for the
        # plain and silent clients, nor for the s_client that aborted the
        # handshake with an alert instead of its Finished.
        check(len(conns) == 4, "OnTcpConnected only for completed handshakes", repr(conns))
        check(all("tls.version=" in c["ext"] for c in conns), "every OnTcpConnected carries tls.version")
    done()


if __name__ == "__main__":
    main()
