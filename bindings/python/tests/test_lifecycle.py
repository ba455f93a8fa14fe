"""Creating, starting, stopping and freeing servers; properties; GC; exit."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import weakref

import pytest

import smscserver as sm
from conftest import Recorder, accept_all, login_ok, smpp_bind, start, submit_ok, wait_for
from rawsmpp import RawSMPP

E = sm.smscError


def test_initialize_finalize_and_codes(server, raw_clients):
    assert server.LocalPort == E.SMSC_ERR_NOT_INITIALIZED
    assert server.smppFinalizeServer() == E.SMSC_ERR_NOT_INITIALIZED
    port = start(server)
    assert server.smppInitializeServer("127.0.0.1", 0, "") == E.SMSC_ERR_ALREADY_INITIALIZED
    c = raw_clients(port)
    wait_for(lambda: server.ConnectionCount == 1, what="one connection")
    # FinalizeServer stops listening and keeps existing connections
    assert server.smppFinalizeServer() == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert server.ConnectionCount == 1
    c.send(0x15)  # enquire_link still answered on the kept connection
    assert c.recv_cmd(0x80000015).status == 0
    # and it can listen again
    assert start(server) > 0


def test_initialize_errors(server):
    # a port in use: errno (positive)
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    try:
        rc = server.smppInitializeServer("127.0.0.1", blocker.getsockname()[1], "")
        assert rc > 0, rc
        assert sm.error_text(rc)
    finally:
        blocker.close()
    assert server.smppInitializeServer("127.0.0.1", 0, "max-connections=abc") == E.SMSC_ERR_INVALID_ARGUMENT


def test_close_is_idempotent_and_invalidates(raw_clients):
    s = sm.SMSCserverSMPP()
    port = start(s)
    c = raw_clients(port)
    wait_for(lambda: s.ConnectionCount == 1)
    t = s.dispatcher_thread
    assert t.daemon and t.is_alive()
    s.close()
    assert s.closed
    assert not t.is_alive()
    s.close()
    assert c.wait_closed()
    assert s.smppFinalizeServer() == E.SMSC_ERR_INVALID_HANDLE
    assert s.tcpAcceptConnection(1) == E.SMSC_ERR_INVALID_HANDLE
    assert s.LocalPort == E.SMSC_ERR_INVALID_HANDLE
    assert s.smppSendSubmitMessageResponse(1, 1, 0, "x", False) == E.SMSC_ERR_INVALID_HANDLE
    assert "closed" in repr(s)
    s.OnTcpConnected += lambda sender, e: None  # harmless after close


def test_context_manager(raw_clients):
    with sm.SMSCserverSMPP() as s:
        port = start(s)
        c = raw_clients(port)
        wait_for(lambda: s.ConnectionCount == 1)
    assert s.closed
    assert c.wait_closed()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_properties(server):
    assert server.KeepAliveInterval == 0
    assert server.ThrottleRate == 0
    server.KeepAliveInterval = 30
    server.ThrottleRate = 100
    assert server.KeepAliveInterval == 30
    assert server.ThrottleRate == 100
    with pytest.raises(sm.SmscError) as ei:
        server.KeepAliveInterval = -1
    assert ei.value.code == E.SMSC_ERR_INVALID_ARGUMENT
    with pytest.raises(sm.SmscError):
        server.ThrottleRate = -5
    assert server.KeepAliveInterval == 30


def test_keep_alive_closes_silent_client(server, raw_clients):
    accept_all(server)
    login_ok(server)
    rec = Recorder(server, "OnTcpDisconnected")
    server.KeepAliveInterval = 1
    port = start(server)
    # the first enquire_link may take up to 5 s after the bind (the core's
    # reader re-reads its timers at most every 5 s); later ones follow the interval
    c = raw_clients(port, timeout=8)
    assert c.bind().status == 0
    t0 = time.monotonic()
    p = c.recv()  # the server's enquire_link after the silence; not answered
    assert p.cmd == 0x15
    assert time.monotonic() - t0 >= 0.8
    with pytest.raises((EOFError, ConnectionResetError)):
        while True:
            c.recv()
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.Reason == -1 and "enquire_link" in d.ReasonText


def test_throttle_rate_paces_sends(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived")
    c = clients(smsc.port)
    smpp_bind(c, "receiver")
    cid = rec.wait("OnSmppLoginReceived")[0].ClientID
    smsc.ThrottleRate = 20  # one message per 50 ms
    t0 = time.monotonic()
    for i in range(6):
        assert smsc.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "m%d" % i, 0, "", 0, "", "") == 0
    assert time.monotonic() - t0 >= 0.2
    for i in range(6):
        assert c.read_pdu().command == "deliver_sm"


def test_two_servers_in_one_process(clients):
    a, b = sm.SMSCserverSMPP(), sm.SMSCserverSMPP()
    try:
        for s, sysid in ((a, "smsc-a"), (b, "smsc-b")):
            accept_all(s)
            login_ok(s, sysid)
            submit_ok(s, sysid + "-")
        ra, rb = Recorder(a, "OnSmppSubmitMessageReceived"), Recorder(b, "OnSmppSubmitMessageReceived")
        pa, pb = start(a), start(b)
        assert pa != pb
        ca, cb = clients(pa), clients(pb)
        assert smpp_bind(ca).system_id == b"smsc-a"
        assert smpp_bind(cb).system_id == b"smsc-b"
        for c in (ca, cb):
            c.send_message(source_addr="1", destination_addr="2", short_message=b"hi")
        assert ca.read_pdu().message_id.startswith(b"smsc-a-")
        assert cb.read_pdu().message_id.startswith(b"smsc-b-")
        (ea,), (eb,) = ra.wait("OnSmppSubmitMessageReceived"), rb.wait("OnSmppSubmitMessageReceived")
        assert a.dispatcher_thread is not b.dispatcher_thread
        assert ra.events["OnSmppSubmitMessageReceived"][0][2] is a.dispatcher_thread
        assert rb.events["OnSmppSubmitMessageReceived"][0][0] is b
        a.close()
        # b is unaffected by a's end
        cb.send_message(source_addr="1", destination_addr="2", short_message=b"again")
        assert cb.read_pdu().message_id.startswith(b"smsc-b-")
    finally:
        a.close()
        b.close()


def test_gc_of_server_with_live_connections(raw_clients):
    s = sm.SMSCserverSMPP()
    accept_all(s)
    login_ok(s)

    class App:  # a typical host: the app holds the server, the server holds the app's handlers
        def __init__(self, server):
            self.server = server
            server.OnSmppSubmitMessageReceived += self.on_submit

        def on_submit(self, sender, e):
            self.server.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", False)

    app = App(s)
    port = start(s)
    conns = [raw_clients(port) for _ in range(3)]
    for c in conns:
        assert c.bind().status == 0
    wait_for(lambda: s.ConnectionCount == 3)
    thread = s.dispatcher_thread
    ref = weakref.ref(s)
    del s, app
    # The dispatcher thread holds the server until the last bind's handler
    # returns, which can be a moment after the client read its bind_resp.
    wait_for(lambda: gc.collect() is not None and ref() is None, what="the server to be collected")
    for c in conns:
        assert c.wait_closed()
    thread.join(5)
    assert not thread.is_alive()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_close_from_inside_a_handler(server, raw_clients):
    closed = threading.Event()

    def on_login(sender, e):
        sender.close()  # destroy from the dispatcher thread: must not deadlock
        closed.set()

    server.OnSmppLoginReceived += on_login
    port = start(server)
    c = raw_clients(port)
    c.send(0x09, b"a\0b\0\0\x34\0\0\0")
    assert closed.wait(5)
    assert c.wait_closed()
    wait_for(lambda: not server.dispatcher_thread.is_alive(), what="dispatcher exit")
    assert server.closed


SCRIPT = textwrap.dedent(
    r"""
    import socket, struct, sys, smscserver
    s = smscserver.SMSCserverSMPP()
    s.OnTcpConnected += lambda sender, e: sender.tcpAcceptConnection(e.ClientID)
    s.OnSmppLoginReceived += lambda sender, e: sender.smppSendLoginResponse(
        e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")
    assert s.smppInitializeServer("127.0.0.1", 0, "") == 0
    c = socket.create_connection(("127.0.0.1", s.LocalPort))
    body = b"a\0b\0\0\x34\0\0\0"
    c.sendall(struct.pack(">IIII", 16 + len(body), 9, 0, 1) + body)
    c.settimeout(5)
    assert len(c.recv(100)) > 0
    print("ready", flush=True)
    # no close(): interpreter exit must destroy the server and not hang
    """
)


def test_forgotten_server_does_not_hang_exit():
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=30, env=env)
    assert r.returncode == 0, r.stderr
    assert "ready" in r.stdout


def test_gc_while_events_are_in_flight():
    s = sm.SMSCserverSMPP()
    accept_all(s)
    login_ok(s)
    submit_ok(s)
    port = start(s)
    stop = threading.Event()
    errors = []

    def blast():
        c = RawSMPP(port, 5)
        try:
            assert c.bind().status == 0
            body = (b"\0\x01\x011\0\x01\x012\0\0\0\0\0\0\0\0\0\0\x02hi")
            while not stop.is_set():
                for _ in range(32):
                    c.send(0x04, body)
                for _ in range(32):
                    c.recv()
        except (EOFError, OSError):
            pass  # the server went away: expected
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            c.close()

    threads = [threading.Thread(target=blast) for _ in range(2)]
    for t in threads:
        t.start()
    wait_for(lambda: s.ConnectionCount == 2)
    time.sleep(0.2)
    ref = weakref.ref(s)
    del s
    # The dispatcher thread holds the server while it runs a handler, so the
    # last reference can go a moment after the test's own.
    wait_for(lambda: gc.collect() is not None and ref() is None, what="the server to be collected")
    for t in threads:
        t.join(10)
        assert not t.is_alive()
    stop.set()
    assert not errors
