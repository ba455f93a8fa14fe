"""Every delivery accounted for, through the binding: each deliver_sm gets one
OnSmppDeliverResponseReceived, the client's answer or the library's outcome
(0xFFFFFFF0 timeout, 0xFFFFFFF1 connection lost, before OnTcpDisconnected),
and the window's full case (window-full=fail)."""

from __future__ import annotations

import threading
import time

import smscserver as sm
from conftest import WAIT, Recorder, accept_all, login_ok, smpp_bind, start

E = sm.smscError
OUTCOME_TIMEOUT = 0xFFFFFFF0
OUTCOME_CONNECTION_LOST = 0xFFFFFFF1


def _bound(server, clients, ext):
    accept_all(server)
    login_ok(server)
    rec = Recorder(server, "OnSmppLoginReceived")
    port = start(server, ext)
    c = clients(port)
    smpp_bind(c, "receiver")
    return c, rec.wait("OnSmppLoginReceived")[-1].ClientID


def _deliver(server, cid):
    seqs = []
    rc = server.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "hi", 0, "", 0, "", "", seqs)
    return rc, seqs


def test_unanswered_deliveries_time_out_once(server, clients):
    rec = Recorder(server, "OnSmppDeliverResponseReceived")
    c, cid = _bound(server, clients, "deliver-timeout=0.5")
    start_t = time.monotonic()
    sent = []
    for _ in range(2):
        rc, seqs = _deliver(server, cid)
        assert rc == 0
        sent += seqs
        c.read_pdu()  # never answered
    got = rec.wait("OnSmppDeliverResponseReceived", 2)
    assert time.monotonic() - start_t >= 0.5
    assert sorted(e.SequenceNumber for e in got) == sorted(sent)
    for e in got:
        assert (e.ClientID, e.Status, e.ExtendedParameters) == (cid, OUTCOME_TIMEOUT, "library.outcome=timeout")
    time.sleep(0.8)
    assert len(rec.events["OnSmppDeliverResponseReceived"]) == 2


def test_connection_lost_outcomes_come_before_disconnect(server, clients):
    order = []
    lock = threading.Lock()
    done = threading.Event()

    def resp(sender, e):
        with lock:
            order.append(("resp", e.ClientID, e.SequenceNumber, e.Status, e.ExtendedParameters))

    def disc(sender, e):
        with lock:
            order.append(("disc", e.ClientID))
        done.set()

    server.OnSmppDeliverResponseReceived += resp
    server.OnTcpDisconnected += disc
    c, cid = _bound(server, clients, "deliver-timeout=60")
    sent = []
    for _ in range(3):
        rc, seqs = _deliver(server, cid)
        assert rc == 0
        sent += seqs
        c.read_pdu()
    c.disconnect()
    assert done.wait(WAIT)
    with lock:
        got = list(order)
    assert got[-1] == ("disc", cid)
    assert sorted(r[2] for r in got[:-1]) == sorted(sent)
    for r in got[:-1]:
        assert r == ("resp", cid, r[2], OUTCOME_CONNECTION_LOST, "library.outcome=connection-lost")


def test_full_window_fails_at_once(server, clients):
    rec = Recorder(server, "OnSmppDeliverResponseReceived")
    c, cid = _bound(server, clients, "window=1;window-full=fail")
    assert _deliver(server, cid)[0] == 0
    assert _deliver(server, cid)[0] == E.SMSC_ERR_SEND_QUEUE_FULL
    c._message_received(c.read_pdu())  # smpplib answers: the slot frees
    (r,) = rec.wait("OnSmppDeliverResponseReceived")
    assert r.Status == 0
    assert _deliver(server, cid)[0] == 0
