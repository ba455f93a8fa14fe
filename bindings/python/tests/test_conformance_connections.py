"""Conformance with the reference component, through the Python binding: each
test is named after the statement of the reference it checks (the Go suite
has the same tests in core/conformance_*_test.go)."""

from __future__ import annotations

import errno
import socket
import struct
import threading
import time

import smscserver as sm
from conftest import Recorder, accept_all, login_ok, start
import rawsmpp

E = sm.smscError
SUBMIT_SM_BODY = (rawsmpp.cstr("") + bytes([1, 1]) + rawsmpp.cstr("1") + bytes([1, 1]) + rawsmpp.cstr("2")
                  + bytes([0, 0, 0]) + rawsmpp.cstr("") + rawsmpp.cstr("") + bytes([0, 0, 0, 0, 2]) + b"hi")


def _bound(server, rec, raw_clients, n=1):
    """n raw transceivers bound to server; returns them and their ClientIDs."""
    cs = [raw_clients(server.port) for _ in range(n)]
    for c in cs:
        assert c.bind().status == 0
    return cs, [e.ClientID for e in rec.wait("OnSmppLoginReceived", n)]


# ------------------------------------------------- OnTcpDisconnected Reason
# "When the result is zero the connection has been disconnected by remote
# party. When the result is -1 then connection has been ended by the
# component itself ... Positive value means Network Error Code."


def test_reason_zero_when_disconnected_by_remote_party(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnTcpDisconnected")
    (c,), (cid,) = _bound(smsc, rec, raw_clients)
    c.sock.close()  # an orderly close: FIN
    (d,) = rec.wait("OnTcpDisconnected")
    assert (d.ClientID, d.Reason, d.ReasonText) == (cid, 0, "closed by peer")


def test_reason_minus_one_when_ended_by_the_component_itself(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnTcpDisconnected")
    (c,), (cid,) = _bound(smsc, rec, raw_clients)
    assert smsc.tcpCloseConnection(cid) == 0
    assert c.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert (d.ClientID, d.Reason, d.ReasonText) == (cid, -1, "closed by host")
    # a protocol error: a command_length over max-pdu-size
    c = raw_clients(smsc.port)
    c.sock.sendall(struct.pack(">IIII", 0x02020202, 4, 0, 1))
    assert c.wait_closed()
    d = rec.wait("OnTcpDisconnected", 2)[1]
    assert d.Reason == -1 and "command_length" in d.ReasonText


def test_reason_positive_is_network_error_code(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnTcpDisconnected")
    (c,), (cid,) = _bound(smsc, rec, raw_clients)
    # SO_LINGER with a zero timeout: close resets the connection (RST)
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.sock.close()
    (d,) = rec.wait("OnTcpDisconnected")
    assert (d.ClientID, d.Reason) == (cid, errno.ECONNRESET)
    assert "connection reset by peer" in d.ReasonText.lower()


# ------------------------------------------------------------- SMPP logout
# "To gently terminate the connection a response should be sent to the
# client using smppSendLogoutResponse method. Then after giving some time to
# let client receive and process logout response if the connection is not
# closed by the client it may be closed using tcpCloseConnection method."


def _logout_server(server, ext=""):
    rec = Recorder(server, "OnSmppLoginReceived", "OnSmppLogoutReceived", "OnTcpDisconnected")
    accept_all(server)
    login_ok(server)
    server.OnSmppLogoutReceived += lambda s, e: s.smppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0)
    server.port = start(server, ext)
    return rec


def test_after_logout_response_the_connection_may_be_closed_using_tcpCloseConnection(server, raw_clients):
    rec = _logout_server(server)
    (c,), (cid,) = _bound(server, rec, raw_clients)
    c.send(0x06)
    assert c.recv_cmd(0x80000006).status == 0
    rec.wait("OnSmppLogoutReceived")
    time.sleep(0.3)
    seq = c.send(rawsmpp.ENQUIRE_LINK)
    assert c.recv_cmd(rawsmpp.ENQUIRE_LINK | rawsmpp.RESP).seq == seq  # still open
    c.send(0x04, SUBMIT_SM_BODY)
    assert c.recv_cmd(0x80000004).status == 0x04  # unbound: ESME_RINVBNDSTS
    assert rec.args("OnTcpDisconnected") == []
    assert server.tcpCloseConnection(cid) == 0
    assert c.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert (d.ClientID, d.Reason) == (cid, -1)


def test_unbind_close_timeout_closes_a_connection_kept_after_logout_response(server, raw_clients):
    rec = _logout_server(server, "unbind-close-timeout=0.3")
    (c,), (cid,) = _bound(server, rec, raw_clients)
    c.send(0x06)
    assert c.recv_cmd(0x80000006).status == 0
    assert c.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert (d.ClientID, d.Reason) == (cid, -1) and "unbind-close-timeout" in d.ReasonText
    s = sm.SMSCserverSMPP()
    try:
        assert s.smppInitializeServer("127.0.0.1", 0, "unbind-close-timeout=soon") == E.SMSC_ERR_INVALID_ARGUMENT
    finally:
        s.close()


# ------------------------------------------------------------ ThrottleRate
# "Determines maximum rate of messages submitted ... per second. If set to
# any value above 0 component counts number of messages submitted and limits
# the rate by waiting appropriate time inside cimd2SendDeliverMessage,
# cimd2SendDeliverStatusReport, cimd2SendSubmitMessageResponse functions."

RATE, CLIENTS, EACH = 20, 3, 5


def _deliver_from_threads(server, cids):
    """EACH deliveries to every client, one thread per client; seconds taken."""
    codes = []

    def run(cid):
        for i in range(EACH):
            codes.append(server.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "m%d" % i,
                                                       sm.EncodingEnum.et7BitText, "", 0, "", ""))

    threads = [threading.Thread(target=run, args=(cid,)) for cid in cids]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    assert codes == [0] * (EACH * len(cids))
    return took


def test_throttle_rate_counts_the_messages_of_the_component(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppLoginReceived")
    smsc.ThrottleRate = RATE
    cs, cids = _bound(smsc, rec, raw_clients, CLIENTS)
    took = _deliver_from_threads(smsc, cids)
    # one rate for the whole server: 15 messages to 3 clients take 14/20 s
    assert took >= (CLIENTS * EACH - 1) / RATE - 0.02, took
    for c in cs:
        for _ in range(EACH):
            assert c.recv_cmd(0x05).status == 0


def test_throttle_rate_with_throttle_scope_connection_counts_each_connection_apart(server, raw_clients):
    rec = Recorder(server, "OnSmppLoginReceived")
    accept_all(server)
    login_ok(server)
    server.port = start(server, "throttle-scope=connection")
    server.ThrottleRate = RATE
    _, cids = _bound(server, rec, raw_clients, CLIENTS)
    took = _deliver_from_threads(server, cids)
    assert took >= (EACH - 1) / RATE - 0.02, took
    # the server's total would take 0.7 s; side by side they take about 0.2 s
    assert took < (CLIENTS * EACH - 1) / RATE - 0.1, took


def test_throttle_rate_waits_inside_send_submit_message_response(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppLoginReceived")
    smsc.ThrottleRate = RATE
    cs, _ = _bound(smsc, rec, raw_clients, CLIENTS)
    t0 = time.monotonic()
    for c in cs:
        for _ in range(EACH):
            c.send(0x04, SUBMIT_SM_BODY)
    for c in cs:
        for _ in range(EACH):
            assert c.recv_cmd(0x80000004).status == 0
    took = time.monotonic() - t0
    assert took >= (CLIENTS * EACH - 1) / RATE - 0.02, took
