"""Every UCP/EMI method and event over real TCP with a raw-socket client sending
the frames Kannel sends (docs/test-vectors.md, UCP vectors); mirrors tests/c/test_protocols.c,
with the library's frames compared byte for byte."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

import smscserver as sm
from conftest import WAIT, Recorder, accept_all, wait_for
from rawstx import RawSTX, expect, ucp_51_fields, ucp_ack, ucp_frame, ucp_login_frame, ucp_trn

E = sm.smscError
UTC = timezone.utc
#: 2026-11-21 23:19:06 UTC, the SCTS of test_protocols.c (211126231906 on the wire)
SCTS = datetime(2026, 11, 21, 23, 19, 6, tzinfo=UTC)
SCTS_MS = 1795303146000

KANNEL_LOGIN = "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2"
LOGIN_OK = "00/00019/R/60/A//6D"
LOGIN_NACK_07 = "00/00022/R/60/N/07//0A"
SUBMIT = "02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D"
SUBMIT_ACK = "02/00040/R/51/A//4412345:211126231906/9B"


def ucp_login(sender, e):
    ok = e.UserIdentity == "emiuser" and e.Password == "secret"
    sender.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, 0 if ok else 7, "")


def ucp_submit(sender, e):
    sender.ucpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", SCTS, 0, "")


def start(s: sm.SMSCserverUCP, ext: str = "ucp.time-zone=UTC") -> int:
    rc = s.ucpInitializeServer("127.0.0.1", 0, ext)
    assert rc == 0, sm.error_text(rc)
    assert s.LocalPort > 0
    return s.LocalPort


@pytest.fixture
def ucp():
    s = sm.SMSCserverUCP()
    yield s
    s.close()


@pytest.fixture
def conns():
    made = []

    def connect(port: int) -> RawSTX:
        c = RawSTX(port)
        made.append(c)
        return c

    yield connect
    for c in made:
        c.close()


@pytest.fixture
def smsc(ucp):
    """A started UCP server that accepts emiuser/secret and acknowledges submits."""
    ucp.OnUcpLoginReceived += ucp_login
    ucp.OnUcpSubmitMessageReceived += ucp_submit
    ucp.port = start(ucp)  # type: ignore[attr-defined]
    return ucp


def _logged_in(smsc, conns, rec=None):
    c = conns(smsc.port)
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_OK, "login result")
    wait_for(lambda: smsc.ConnectionCount == 1)
    return c


# ------------------------------------------------------------------- login


def test_login_accepted(smsc, conns):
    rec = Recorder(smsc, "OnUcpLoginReceived", "OnTcpConnected")
    accept_all(smsc)
    c = conns(smsc.port)
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_OK)
    (e,) = rec.wait("OnUcpLoginReceived")
    assert isinstance(e, sm.ucpLoginReceivedEventArgs)
    assert e.ClientID == rec.wait("OnTcpConnected")[0].ClientID
    assert (e.TransactionNumber, e.UserIdentity, e.Originator, e.Password) == (0, "emiuser", "emiuser", "secret")
    assert (e.NewPassword, e.OTON, e.ONPI, e.STYP, e.VERS) == ("", 6, 5, 1, "0100")


def test_login_rejected(smsc, conns):
    rec = Recorder(smsc, "OnUcpLoginReceived", "OnTcpDisconnected")
    c = conns(smsc.port)
    c.send(ucp_login_frame(0, "emiuser", "wrong"))
    expect(c.recv(), LOGIN_NACK_07)
    (e,) = rec.wait("OnUcpLoginReceived")
    assert e.Password == "wrong"
    # a NACK leaves the connection open; the submit is refused (login required)
    c.send(SUBMIT)
    expect(c.recv(), ucp_frame(2, "R", 51, ["N", "07", ""]))
    assert smsc.tcpCloseConnection(e.ClientID) == 0
    assert c.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.ClientID == e.ClientID and d.Reason == -1


def test_login_response_with_error_message(ucp, conns):
    ucp.OnUcpLoginReceived += lambda sender, e: sender.ucpSendLoginResponse(
        e.ClientID, e.TransactionNumber, 7, "bad login")
    c = conns(start(ucp))
    c.send(KANNEL_LOGIN)
    expect(c.recv(), ucp_frame(0, "R", 60, ["N", "07", "bad login"]))


def test_no_login_handler_rejects_and_closes(ucp, conns):
    c = conns(start(ucp))
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_NACK_07)
    assert c.wait_closed()


# ------------------------------------------------------------------ submit


def test_submit_received_and_completed(smsc, conns):
    rec = Recorder(smsc, "OnUcpSubmitMessageReceived", "OnUcpSubmitMessageCompleted")
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    expect(c.recv(), SUBMIT_ACK, "51 result")  # docs/test-vectors.md, UCP vector 19
    (r,) = rec.wait("OnUcpSubmitMessageReceived")
    (m,) = rec.wait("OnUcpSubmitMessageCompleted")
    assert isinstance(r, sm.ucpSubmitMessageReceivedEventArgs)
    assert isinstance(m, sm.ucpSubmitMessageCompletedEventArgs)
    for e in (r, m):
        assert e.Content == "Hello @{\u20ac"
        assert (e.Originator, e.Destination, e.TransactionNumber) == ("1234", "4412345", 2)
        assert e.Encoding is sm.EncodingEnum.et7BitText
        assert isinstance(e.Options, sm.SubmitOptionEnum)
        assert e.UserDataHeader == ""
        assert "ucp.NRq=1" in e.ExtendedParameters
    assert (r.TransactionNumbers, r.TimeStamps) == ([], [])
    assert m.TransactionNumbers == [2]
    assert m.TimeStamps == [SCTS]
    assert m.TimeStamps[0].tzinfo is not None


def test_submit_response_variants(smsc, conns):
    answers = iter([
        ("", SCTS_MS, 0, ""),               # Unix ms accepted too
        ("447700900123", SCTS, 0, ""),      # another AdC in the SM
        ("", None, 24, "too long"),          # NACK with EC and text
    ])

    def answer(sender, e):
        dest, ts, ec, msg = next(answers)
        assert sender.ucpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, dest, ts, ec, msg) == 0

    smsc.OnUcpSubmitMessageReceived.clear()
    smsc.OnUcpSubmitMessageReceived += answer
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    expect(c.recv(), SUBMIT_ACK)
    c.send(SUBMIT.replace("02/", "03/", 1)[:-2] + "6E")
    expect(c.recv(), ucp_frame(3, "R", 51, ["A", "", "447700900123:211126231906"]))
    c.send(ucp_frame(4, "O", 51, ucp_51_fields("4412345", "1234", "4869")))
    expect(c.recv(), ucp_frame(4, "R", 51, ["N", "24", "too long"]))


def test_submit_before_login_and_login_not_required(ucp, conns):
    ucp.OnUcpSubmitMessageReceived += ucp_submit
    c = conns(start(ucp))
    c.send(SUBMIT)
    expect(c.recv(), ucp_frame(2, "R", 51, ["N", "07", ""]))
    ucp.ucpFinalizeServer()
    port = start(ucp, "ucp.time-zone=UTC;ucp.login-required=false")
    c2 = conns(port)
    c2.send(SUBMIT)
    expect(c2.recv(), SUBMIT_ACK)


def test_multipart_submit_completed_and_incomplete(smsc, conns):
    rec = Recorder(smsc, "OnUcpSubmitMessageCompleted", "OnUcpSubmitMessageIncomplete")
    c = _logged_in(smsc, conns)
    a, b = "41" * 10, "42" * 5
    c.send(ucp_frame(3, "O", 51, ucp_51_fields("4412345", "1234", a, xser="0106050003070201")))
    expect(c.recv(), ucp_frame(3, "R", 51, ["A", "", "4412345:211126231906"]))
    c.send(ucp_frame(4, "O", 51, ucp_51_fields("4412345", "1234", b, xser="0106050003070202")))
    expect(c.recv(), ucp_frame(4, "R", 51, ["A", "", "4412345:211126231906"]))
    (m,) = rec.wait("OnUcpSubmitMessageCompleted")
    assert m.Content == "A" * 10 + "B" * 5
    assert m.TransactionNumbers == [3, 4] and m.TimeStamps == [SCTS, SCTS]
    # part 1 of 2 only, then the connection ends: Incomplete
    c.send(ucp_frame(5, "O", 51, ucp_51_fields("4412345", "1234", a, xser="0106050003080201")))
    c.recv()
    c.close()
    (i,) = rec.wait("OnUcpSubmitMessageIncomplete")
    assert isinstance(i, sm.ucpSubmitMessageIncompleteEventArgs)
    assert (i.Reference, i.Total, i.Received, i.TransactionNumbers) == (8, 2, 1, [5])
    assert i.TimeStamps == [SCTS]
    assert (i.Originator, i.Destination) == ("1234", "4412345")


# ----------------------------------------------------------------- deliver


def test_deliver_message_and_response(smsc, conns):
    rec = Recorder(smsc, "OnUcpDeliverResponseReceived", "OnUcpLoginReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnUcpLoginReceived")[0].ClientID
    trns = [99]
    rc = smsc.ucpSendDeliverMessage(cid, 0, "1234", "4412345", "Hi there", sm.EncodingEnum.et7BitText, "", 0,
                                    None, "", trns)
    assert rc == 0, sm.error_text(rc)
    assert len(trns) == 1
    f = c.recv()
    assert ucp_trn(f) == trns[0]
    assert "/O/52/1234/4412345/" in f
    assert "/3//4869207468657265/" in f  # AMsg "Hi there"
    c.send(ucp_ack(trns[0], 52))
    (d,) = rec.wait("OnUcpDeliverResponseReceived")
    assert isinstance(d, sm.ucpDeliverResponseReceivedEventArgs)
    assert (d.ClientID, d.TransactionNumber, d.OperationType, d.ErrorCode) == (cid, trns[0], 52, 0)
    # host-chosen TRN, SCTS and no out list
    assert smsc.ucpSendDeliverMessage(cid, 42, "1234", "4412345", "x", 0, "", 0, SCTS, "") == 0
    f = c.recv()
    assert f.startswith("42/") and "/211126231906/" in f
    c.send(ucp_frame(42, "R", 52, ["N", "01", "bad"]))
    d = rec.wait("OnUcpDeliverResponseReceived", 2)[1]
    assert (d.TransactionNumber, d.ErrorCode, d.ErrorMessage) == (42, 1, "bad")


def test_deliver_long_message_parts_and_errors(smsc, conns):
    rec = Recorder(smsc, "OnUcpLoginReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnUcpLoginReceived")[0].ClientID
    trns = []
    assert smsc.ucpSendDeliverMessage(cid, 0, "1234", "4412345", "x" * 300, 0, "", 0, None, "", trns) == 0
    assert len(trns) == 2 and trns[0] != trns[1]
    for t in trns:
        f = c.recv()
        assert ucp_trn(f) == t and "/O/52/" in f
    trns = [1, 2, 3]
    assert smsc.ucpSendDeliverMessage(cid, 0, "1234", "4412345", "x", 99, "", 0, None, "", trns) \
        == E.SMSC_ERR_INVALID_ARGUMENT
    assert trns == []
    assert smsc.ucpSendDeliverMessage(9999, 0, "1", "2", "x", 0, "", 0, None, "") == E.SMSC_ERR_UNKNOWN_CLIENT


def test_deliver_status_report(smsc, conns):
    rec = Recorder(smsc, "OnUcpDeliverResponseReceived", "OnUcpLoginReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnUcpLoginReceived")[0].ClientID
    assert smsc.ucpSendDeliverStatusReport(cid, 0, SCTS, "4412345", "1234", 0, 0, None, "") == 0
    f = c.recv()
    assert "/O/53/1234/4412345/" in f
    assert "/211126231906/0/" in f
    c.send(ucp_ack(ucp_trn(f), 53))
    (d,) = rec.wait("OnUcpDeliverResponseReceived")
    assert (d.TransactionNumber, d.OperationType, d.ErrorCode) == (ucp_trn(f), 53, 0)
    # Unix ms, a DSCTS and the AMsg text replaced
    assert smsc.ucpSendDeliverStatusReport(cid, 7, SCTS_MS, "4412345", "1234", 2, 108, SCTS, "text=gone") == 0
    f = c.recv()
    assert f.startswith("07/") and "/211126231906/2/108/211126231906/" in f
    assert "676F6E65" in f  # "gone"


# ----------------------------------------------------------- RAW and trace


def test_raw_received_and_send_raw(smsc, conns):
    def answer(sender, e):
        if not e.IsResult:
            assert sender.ucpSendRAW(e.ClientID, e.TransactionNumber, e.OperationType, b"A//".hex()) == 0

    c = _logged_in(smsc, conns)
    op61 = ucp_frame(5, "O", 61, ["emiuser", "6", "5", "1", "", "", "", "", "", "", "", ""])
    c.send(op61)  # no RAW handler: NACK 03 (not supported)
    expect(c.recv(), ucp_frame(5, "R", 61, ["N", "03", ""]))
    rec = Recorder(smsc, "OnUcpRAWReceived")
    smsc.OnUcpRAWReceived += answer
    c.send(op61)
    expect(c.recv(), "05/00019/R/61/A//73")
    (e,) = rec.wait("OnUcpRAWReceived")
    assert isinstance(e, sm.ucpRAWReceivedEventArgs)
    assert (e.TransactionNumber, e.OperationType, e.IsResult) == (5, 61, False)
    assert bytes.fromhex(e.Payload).decode().startswith("emiuser/6/5/1/")
    # a result nobody waits for is reported too (IsResult), never answered
    c.send(ucp_frame(9, "R", 61, ["A", ""]))
    e = rec.wait("OnUcpRAWReceived", 2)[1]
    assert (e.TransactionNumber, e.OperationType, e.IsResult) == (9, 61, True)
    # the host sends an operation of its own
    assert smsc.ucpSendRAW(e.ClientID, 11, 31, b"emiuser/0539".hex()) == 0
    expect(c.recv(), ucp_frame(11, "O", 31, ["emiuser", "0539"]))
    assert smsc.ucpSendRAW(e.ClientID, 100, 31, "") == E.SMSC_ERR_INVALID_ARGUMENT
    assert smsc.ucpSendRAW(e.ClientID, 1, 31, "zz") == E.SMSC_ERR_INVALID_ARGUMENT


def test_raw_decline_gets_default(smsc, conns):
    smsc.OnUcpRAWReceived += lambda sender, e: e.Decline()
    c = _logged_in(smsc, conns)
    c.send(ucp_frame(6, "O", 61, ["emiuser", "6", "5", "1", "", "", "", "", "", "", "", ""]))
    expect(c.recv(), ucp_frame(6, "R", 61, ["N", "03", ""]))


def test_trace_protocol_both_ways(smsc, conns):
    rec = Recorder(smsc, "OnUcpTraceProtocol")
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    c.recv()
    traces = rec.wait("OnUcpTraceProtocol", 4)
    assert all(isinstance(t, sm.ucpTraceProtocolEventArgs) for t in traces)
    by_pdu = {t.PDU: t for t in traces}
    # The login is traced with its password masked (trace-passwords=false).
    login = KANNEL_LOGIN.replace("/736563726574/", "/************/")
    for frame, ot, trn in ((login, 60, 0), (LOGIN_OK, 60, 0), (SUBMIT, 51, 2), (SUBMIT_ACK, 51, 2)):
        h = (b"\x02" + frame.encode() + b"\x03").hex().upper()
        t = by_pdu.get(h) or by_pdu.get(h.lower())
        assert t is not None, frame
        assert (t.Operation, t.OperationType) == (ot, trn)
    server_addr = "127.0.0.1:%d" % smsc.port
    inbound = by_pdu.get((b"\x02" + login.encode() + b"\x03").hex().upper())
    assert inbound is not None and inbound.ToAddress == server_addr
    assert inbound.FromAddress == "127.0.0.1:%d" % c.sock.getsockname()[1]


def test_keep_alive_answered(smsc, conns):
    c = conns(smsc.port)
    c.send("00/00029/O/31/emiuser/0539/F3")  # before login too (Kannel's, UCP vector 13)
    expect(c.recv(), "00/00019/R/31/A//6B")
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_OK)
    c.send(ucp_frame(1, "O", 31, ["emiuser", "0539"]))
    expect(c.recv(), ucp_frame(1, "R", 31, ["A", ""]))


def test_server_keep_alive_probes(ucp, conns):
    rec = Recorder(ucp, "OnTcpDisconnected")
    ucp.OnUcpLoginReceived += ucp_login
    ucp.KeepAliveInterval = 1
    c = conns(start(ucp))
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_OK)
    # the session's timers pick the interval up within about 5 s (header)
    c.sock.settimeout(WAIT + 5)
    f = c.recv()  # the server's OT 31 after silence
    assert "/O/31/emiuser/0539/" in f
    c.send(ucp_frame(ucp_trn(f), "R", 31, ["A", ""]))
    f = c.recv()  # answered: the session lives and is probed again
    assert "/O/31/" in f
    assert not rec.args("OnTcpDisconnected")


# ---------------------------------------------------- failures and threads


def test_handler_exception_gets_library_default(ucp, conns, expect_handler_errors):
    def boom(sender, e):
        raise RuntimeError("host bug")

    ucp.OnUcpLoginReceived += boom
    ucp.OnUcpSubmitMessageReceived += boom
    port = start(ucp)
    c = conns(port)
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_NACK_07)  # default: rejected, connection closed
    assert c.wait_closed()
    assert [(r.exc_info[0], str(r.exc_info[1])) for r in expect_handler_errors] == [(RuntimeError, "host bug")]
    ucp.OnUcpLoginReceived.clear()
    ucp.OnUcpLoginReceived += ucp_login
    c = conns(port)
    c.send(KANNEL_LOGIN)
    expect(c.recv(), LOGIN_OK)
    c.send(SUBMIT)
    expect(c.recv(), ucp_frame(2, "R", 51, ["N", "55", ""]))  # default: system error; the session lives
    assert "OnUcpSubmitMessageReceived" in expect_handler_errors[-1].getMessage()
    c.send(ucp_frame(1, "O", 31, ["emiuser", "0539"]))
    expect(c.recv(), ucp_frame(1, "R", 31, ["A", ""]))


def test_handlers_run_on_the_dispatcher_thread(smsc, conns):
    rec = Recorder(smsc, "OnTcpConnected", "OnUcpLoginReceived", "OnUcpSubmitMessageCompleted",
                   "OnTcpDisconnected")
    accept_all(smsc)
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    c.recv()
    rec.wait("OnUcpSubmitMessageCompleted")
    c.close()
    rec.wait("OnTcpDisconnected")
    threads = {t for n in rec.events for (_, _, t) in rec.events[n]}
    assert threads == {smsc.dispatcher_thread}
    assert smsc.dispatcher_thread is not threading.main_thread()
    senders = {id(s) for n in rec.events for (s, _, _) in rec.events[n]}
    assert senders == {id(smsc)}


def test_lifecycle_and_codes(conns):
    s = sm.SMSCserverUCP()
    assert s.ucpFinalizeServer() == E.SMSC_ERR_NOT_INITIALIZED
    assert s.ucpInitializeServer("127.0.0.1", 0, "ucp.login-required=maybe") == E.SMSC_ERR_INVALID_ARGUMENT
    port = start(s)
    assert s.ucpInitializeServer("127.0.0.1", 0, "") == E.SMSC_ERR_ALREADY_INITIALIZED
    assert not hasattr(s, "smppSendRAW") and not hasattr(s, "cimd2SendRAW")
    assert s.ucpFinalizeServer() == 0
    with pytest.raises(OSError):
        conns(port)
    s.close()
    s.close()
    assert s.closed
    assert s.ucpInitializeServer("127.0.0.1", 0, "") == E.SMSC_ERR_INVALID_HANDLE
    assert s.ucpSendLoginResponse(1, 0, 0, "") == E.SMSC_ERR_INVALID_HANDLE
