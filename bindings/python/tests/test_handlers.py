"""Event registration semantics and handler failures."""

from __future__ import annotations

import logging
import threading

import pytest
import smpplib.exceptions

import smscserver as sm
from conftest import Recorder, accept_all, login_ok, smpp_bind, start, submit_ok, wait_for
import rawsmpp

ESME_RBINDFAIL = 0x0D
ESME_RSYSERR = 0x08


def test_several_handlers_in_order_with_sender(server, clients):
    calls = []
    accept_all(server)
    h1 = lambda sender, e: calls.append(("h1", sender, type(e).__name__))  # noqa: E731
    h2 = lambda sender, e: calls.append(("h2", sender, threading.current_thread()))  # noqa: E731
    server.OnSmppLoginReceived += h1
    server.OnSmppLoginReceived += h2
    login_ok(server)
    assert len(server.OnSmppLoginReceived) == 3
    port = start(server)
    assert smpp_bind(clients(port)).status == 0
    wait_for(lambda: len(calls) == 2)
    assert calls[0] == ("h1", server, "smppLoginReceivedEventArgs")
    assert calls[1][:2] == ("h2", server) and calls[1][2] is server.dispatcher_thread


def test_remove_handler_restores_library_default(server, clients):
    accept_all(server)

    def ok(sender, e):
        sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")

    server.OnSmppLoginReceived += ok
    port = start(server)
    assert smpp_bind(clients(port)).status == 0
    server.OnSmppLoginReceived -= ok
    assert len(server.OnSmppLoginReceived) == 0
    with pytest.raises(smpplib.exceptions.PDUError) as ei:  # library default: bind fail
        smpp_bind(clients(port))
    assert ei.value.args[1] == ESME_RBINDFAIL
    server.OnSmppLoginReceived -= ok  # removing an absent handler is a no-op


def test_remove_last_registration_of_duplicate(server):
    calls = []
    f = lambda s, e: calls.append(1)  # noqa: E731
    server.OnTcpConnected += f
    server.OnTcpConnected += f
    server.OnTcpConnected -= f
    assert list(server.OnTcpConnected) == [f]


def test_assignment_replaces_or_clears(server):
    f = lambda s, e: None  # noqa: E731
    g = lambda s, e: None  # noqa: E731
    server.OnSmppSubmitMessageReceived += f
    server.OnSmppSubmitMessageReceived = g
    assert list(server.OnSmppSubmitMessageReceived) == [g]
    server.OnSmppSubmitMessageReceived = None
    assert len(server.OnSmppSubmitMessageReceived) == 0
    with pytest.raises(TypeError):
        server.OnSmppSubmitMessageReceived += 42
    with pytest.raises(TypeError):
        server.OnSmppLoginReceived = server.OnSmppSubmitMessageReceived

    @server.OnSmppSubmitMessageCompleted.add
    def decorated(sender, e):
        pass

    assert list(server.OnSmppSubmitMessageCompleted) == [decorated]


def test_exception_in_login_handler_gets_library_default(server, clients, expect_handler_errors):
    accept_all(server)
    later = []

    def broken(sender, e):
        raise ValueError("boom in login")

    server.OnSmppLoginReceived += broken
    server.OnSmppLoginReceived += lambda s, e: later.append(e)  # still called
    port = start(server)
    with pytest.raises(smpplib.exceptions.PDUError) as ei:
        smpp_bind(clients(port))
    assert ei.value.args[1] == ESME_RBINDFAIL
    [rec] = wait_for(lambda: expect_handler_errors, what="logged exception")
    assert isinstance(rec.exc_info[1], ValueError) and str(rec.exc_info[1]) == "boom in login"
    assert "OnSmppLoginReceived" in rec.getMessage() and rec.levelno == logging.ERROR
    assert len(later) == 1
    assert server.dispatcher_thread.is_alive()


def test_exception_in_submit_handler_keeps_connection(server, clients, expect_handler_errors):
    accept_all(server)
    login_ok(server)
    n = {"i": 0}

    def flaky(sender, e):
        n["i"] += 1
        if n["i"] == 1:
            raise RuntimeError("first submit fails")
        sender.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "ok-2", False)

    server.OnSmppSubmitMessageReceived += flaky
    port = start(server)
    c = clients(port)
    smpp_bind(c)
    c.send_message(source_addr="1", destination_addr="2", short_message=b"a")
    r1 = c.read_pdu()
    assert r1.command == "submit_sm_resp" and r1.status == ESME_RSYSERR  # the library's default
    c.send_message(source_addr="1", destination_addr="2", short_message=b"b")
    r2 = c.read_pdu()
    assert r2.status == 0 and r2.message_id == b"ok-2"
    assert [str(r.exc_info[1]) for r in expect_handler_errors] == ["first submit fails"]


def test_base_exception_in_handler_is_contained(server, clients, expect_handler_errors):
    accept_all(server)
    login_ok(server)

    def exits(sender, e):
        raise SystemExit(3)

    server.OnSmppSubmitMessageReceived += exits
    port = start(server)
    c = clients(port)
    smpp_bind(c)
    c.send_message(source_addr="1", destination_addr="2", short_message=b"a")
    assert c.read_pdu().status == ESME_RSYSERR
    assert server.dispatcher_thread.is_alive()
    assert [type(r.exc_info[1]) for r in expect_handler_errors] == [SystemExit]


def test_exception_in_tcp_connected_accepts(server, clients, expect_handler_errors):
    def broken(sender, e):
        raise KeyError("no accept decision")

    server.OnTcpConnected += broken
    login_ok(server)
    port = start(server)
    assert smpp_bind(clients(port)).status == 0  # accepted like without a handler
    assert [type(r.exc_info[1]) for r in expect_handler_errors] == [KeyError]


def test_decline_hands_request_back(server, clients):
    accept_all(server)
    server.OnSmppLoginReceived += lambda s, e: e.Decline()
    port = start(server)
    with pytest.raises(smpplib.exceptions.PDUError) as ei:
        smpp_bind(clients(port))
    assert ei.value.args[1] == ESME_RBINDFAIL


def test_decline_after_answer_changes_nothing(server, clients):
    accept_all(server)

    def answer_then_decline(s, e):
        s.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")
        e.Decline()
        assert e.Declined

    server.OnSmppLoginReceived += answer_then_decline
    port = start(server)
    assert smpp_bind(clients(port)).status == 0


def test_event_args_outlive_the_callback(smsc, clients):
    kept = []
    smsc.OnSmppSubmitMessageReceived += lambda s, e: kept.append(e)
    c = clients(smsc.port)
    smpp_bind(c)
    for i in range(20):
        c.send_message(source_addr="1", destination_addr="2", short_message=("msg %d" % i).encode())
    for i in range(20):
        c.read_pdu()
    wait_for(lambda: len(kept) == 20)
    assert [e.Content for e in kept] == ["msg %d" % i for i in range(20)]
    d = kept[0].as_dict()
    assert d["Content"] == "msg 0" and "_declined" not in d
    assert "Content='msg 0'" in repr(kept[0])


def test_handlers_may_call_methods_and_close_connections(smsc, raw_clients):
    rec = Recorder(smsc, "OnTcpDisconnected")

    def close_on_submit(s, e):
        s.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "bye", False)
        s.tcpCloseConnection(e.ClientID)

    smsc.OnSmppSubmitMessageReceived = close_on_submit
    c = raw_clients(smsc.port)
    assert c.bind().status == 0
    body = rawsmpp.cstr("") + bytes([1, 1]) + rawsmpp.cstr("1") + bytes([1, 1]) + rawsmpp.cstr("2") + \
        bytes([0, 0, 0]) + rawsmpp.cstr("") + rawsmpp.cstr("") + bytes([0, 0, 0, 0, 2]) + b"hi"
    c.send(0x04, body)
    assert c.wait_closed()
    assert rec.wait("OnTcpDisconnected")[0].Reason == -1
