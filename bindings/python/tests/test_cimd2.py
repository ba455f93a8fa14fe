"""Every CIMD2 method and event over real TCP with a raw-socket client sending
the packets Kannel sends (docs/test-vectors.md, CIMD2 vectors); mirrors tests/c/test_protocols.c,
with the library's packets compared byte for byte."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

import smscserver as sm
from conftest import Recorder, accept_all, wait_for
from rawstx import RawSTX, cimd2_num, cimd2_packet, parse_cimd2

E = sm.smscError
UTC = timezone.utc
#: 2026-11-21 23:20:18 UTC, the 060 of test_protocols.c (261121232018 on the wire)
TS = datetime(2026, 11, 21, 23, 20, 18, tzinfo=UTC)
TS_MS = 1795303218000

LOGIN = cimd2_packet(1, 1, [("010", "cimduser"), ("011", "secret")])
SUBMIT = cimd2_packet(3, 3, [("021", "4412345"), ("023", "1234"), ("056", "14"), ("055", "0"), ("044", "0"),
                             ("033", 'Hello _Oa_XX(_XXe_XX>_a"')])


def raw(frame: bytes) -> str:
    """The text between STX and ETX, as RawSTX.recv returns it."""
    assert frame[:1] == b"\x02" and frame[-1:] == b"\x03"
    return frame[1:-1].decode("latin-1")


def test_builder_matches_test_vectors():
    # the builder reproduces the CIMD2 vectors of docs/test-vectors.md byte for byte
    assert LOGIN == b"\x0201:001\t010:cimduser\t011:secret\tC2\x03"
    assert SUBMIT == b'\x0203:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a"\t4B\x03'
    assert cimd2_packet(40, 3) == b"\x0240:003\t3C\x03"


def cimd2_login(sender, e):
    ok = e.UserIdentity == "cimduser" and e.Password == "secret"
    sender.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0 if ok else 100, "" if ok else "Invalid login")


def cimd2_submit(sender, e):
    sender.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, TS, 0, "")


def start(s: sm.SMSCserverCIMD2, ext: str = "time-zone=UTC") -> int:
    rc = s.cimd2InitializeServer("127.0.0.1", 0, ext)
    assert rc == 0, sm.error_text(rc)
    assert s.LocalPort > 0
    return s.LocalPort


@pytest.fixture
def cimd():
    s = sm.SMSCserverCIMD2()
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
def smsc(cimd):
    cimd.OnCimd2LoginReceived += cimd2_login
    cimd.OnCimd2SubmitMessageReceived += cimd2_submit
    cimd.port = start(cimd)  # type: ignore[attr-defined]
    return cimd


def _logged_in(smsc, conns):
    c = conns(smsc.port)
    c.send(LOGIN)
    assert c.recv() == "51:001\t3C"
    wait_for(lambda: smsc.ConnectionCount == 1)
    return c


# ------------------------------------------------------------------- login


def test_login_accepted(smsc, conns):
    rec = Recorder(smsc, "OnCimd2LoginReceived", "OnTcpConnected")
    accept_all(smsc)
    c = conns(smsc.port)
    c.send(LOGIN)
    assert c.recv_raw() == b"\x0251:001\t3C\x03"  # CIMD2 vector 2
    (e,) = rec.wait("OnCimd2LoginReceived")
    assert isinstance(e, sm.cimd2LoginReceivedEventArgs)
    assert e.ClientID == rec.wait("OnTcpConnected")[0].ClientID
    assert (e.TransactionNumber, e.UserIdentity, e.Password) == (1, "cimduser", "secret")
    assert isinstance(e.ExtendedParameters, str)


def test_login_rejected(smsc, conns):
    rec = Recorder(smsc, "OnCimd2LoginReceived", "OnTcpDisconnected")
    c = conns(smsc.port)
    c.send(cimd2_packet(1, 1, [("010", "cimduser"), ("011", "wrong")]))
    assert c.recv_raw() == b"\x0251:001\t900:100\t901:Invalid login\t86\x03"  # CIMD2 vector 9
    (e,) = rec.wait("OnCimd2LoginReceived")
    assert e.Password == "wrong"
    assert smsc.tcpCloseConnection(e.ClientID) == 0
    assert c.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.ClientID == e.ClientID


def test_no_login_handler_rejects_and_closes(cimd, conns):
    c = conns(start(cimd))
    c.send(LOGIN)
    op, num, params = parse_cimd2(c.recv())
    assert (op, num, params[0]) == (51, 1, ("900", "100"))
    assert c.wait_closed()


def test_logout(smsc, conns):
    rec = Recorder(smsc, "OnCimd2LogoutReceived", "OnTcpDisconnected")
    c = _logged_in(smsc, conns)
    c.send(cimd2_packet(2, 7))
    assert c.recv_raw() == b"\x0252:007\t43\x03"  # CIMD2 vector 12
    (e,) = rec.wait("OnCimd2LogoutReceived")
    assert isinstance(e, sm.cimd2LogoutReceivedEventArgs)
    assert e.TransactionNumber == 7
    assert c.wait_closed()
    rec.wait("OnTcpDisconnected")


# ------------------------------------------------------------------ submit


def test_submit_received_and_completed(smsc, conns):
    rec = Recorder(smsc, "OnCimd2SubmitMessageReceived", "OnCimd2SubmitMessageCompleted")
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    # CIMD2 vector 5, accepted by Kannel
    assert c.recv_raw() == b"\x0253:003\t021:4412345\t060:261121232018\tB3\x03"
    (r,) = rec.wait("OnCimd2SubmitMessageReceived")
    (m,) = rec.wait("OnCimd2SubmitMessageCompleted")
    assert isinstance(r, sm.cimd2SubmitMessageReceivedEventArgs)
    assert isinstance(m, sm.cimd2SubmitMessageCompletedEventArgs)
    for e in (r, m):
        assert e.Content == "Hello @{\u20ac]\u00e4"
        assert (e.Originator, e.Destination, e.TransactionNumber) == ("1234", "4412345", 3)
        assert e.Encoding is sm.EncodingEnum.et7BitText
        assert isinstance(e.Options, sm.SubmitOptionEnum)
        assert e.UserDataHeader == ""
    assert (r.TransactionNumbers, r.TimeStamps) == ([], [])
    assert m.TransactionNumbers == [3]
    assert m.TimeStamps == [TS]


def test_submit_refused_and_fresh_timestamp(smsc, conns):
    answers = iter([(None, 0, ""), (TS_MS, 300, "")])

    def answer(sender, e):
        ts, ec, msg = next(answers)
        assert sender.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, ts, ec,
                                                     msg) == 0

    smsc.OnCimd2SubmitMessageReceived.clear()
    smsc.OnCimd2SubmitMessageReceived += answer
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    op, num, params = parse_cimd2(c.recv())
    assert (op, num) == (53, 3)
    d = dict(params)
    assert d["021"] == "4412345" and len(d["060"]) == 12 and d["060"].isdigit()
    c.send(cimd2_packet(3, 5, [("021", "4412345"), ("033", "x")]))
    assert c.recv_raw() == b"\x0253:005\t900:300\tB1\x03"  # CIMD2 vector 11


def test_multipart_submit_completed(smsc, conns):
    rec = Recorder(smsc, "OnCimd2SubmitMessageCompleted", "OnCimd2SubmitMessageIncomplete")
    c = _logged_in(smsc, conns)
    c.send(cimd2_packet(3, 5, [("021", "4412345"), ("027", "Alpha"), ("044", "1"), ("032", "050003060201"),
                               ("033", "A" * 150 + "BBB")]))  # CIMD2 vector 8
    assert parse_cimd2(c.recv())[:2] == (53, 5)
    c.send(cimd2_packet(3, 7, [("021", "4412345"), ("027", "Alpha"), ("044", "1"), ("032", "050003060202"),
                               ("033", "CC")]))
    assert parse_cimd2(c.recv())[:2] == (53, 7)
    (m,) = rec.wait("OnCimd2SubmitMessageCompleted")
    assert m.Content == "A" * 150 + "BBBCC"
    assert m.Originator == "Alpha"
    assert m.TransactionNumbers == [5, 7] and m.TimeStamps == [TS, TS]
    c.send(cimd2_packet(3, 9, [("021", "4412345"), ("023", "1234"), ("044", "1"), ("032", "050003090201"),
                               ("033", "x")]))
    c.recv()
    c.close()
    (i,) = rec.wait("OnCimd2SubmitMessageIncomplete")
    assert isinstance(i, sm.cimd2SubmitMessageIncompleteEventArgs)
    assert (i.Reference, i.Total, i.Received, i.TransactionNumbers) == (9, 2, 1, [9])


# ----------------------------------------------------------------- deliver


def test_deliver_message_and_response(smsc, conns):
    rec = Recorder(smsc, "OnCimd2DeliverResponseReceived", "OnCimd2LoginReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnCimd2LoginReceived")[0].ClientID
    nums = [77]
    rc = smsc.cimd2SendDeliverMessage(cid, 2, "1234", "4412345", "Hi @ there", sm.EncodingEnum.et7BitText, "", 0,
                                      TS, "", nums)
    assert rc == 0, sm.error_text(rc)
    assert nums == [2]
    f = c.recv()
    assert f.startswith("20:002\t021:1234\t023:4412345\t060:261121232018\t033:Hi _Oa there\t")
    c.send(cimd2_packet(70, 2))
    assert cimd2_packet(70, 2) == b"\x0270:002\t3E\x03"
    (d,) = rec.wait("OnCimd2DeliverResponseReceived")
    assert isinstance(d, sm.cimd2DeliverResponseReceivedEventArgs)
    assert (d.ClientID, d.TransactionNumber, d.Code, d.ErrorCode, d.ErrorMessage) == (cid, 2, 70, 0, "")
    # library-numbered (even), refused by the client
    assert smsc.cimd2SendDeliverMessage(cid, 0, "1234", "4412345", "x", 0, "", 0, None, "", nums) == 0
    assert len(nums) == 1 and nums[0] % 2 == 0
    f = c.recv()
    assert cimd2_num(f) == nums[0]
    c.send(cimd2_packet(70, nums[0], [("900", "13"), ("901", "busy")]))
    d = rec.wait("OnCimd2DeliverResponseReceived", 2)[1]
    assert (d.TransactionNumber, d.ErrorCode, d.ErrorMessage) == (nums[0], 13, "busy")


def test_deliver_long_message_and_errors(smsc, conns):
    rec = Recorder(smsc, "OnCimd2LoginReceived", "OnCimd2DeliverResponseReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnCimd2LoginReceived")[0].ClientID
    nums = []
    assert smsc.cimd2SendDeliverMessage(cid, 0, "1234", "4412345", "y" * 300, 0, "", 0, TS, "", nums) == 0
    assert len(nums) == 2
    for n in nums:  # CIMD2 is stop-and-wait: each part goes once the previous one is answered
        f = c.recv()
        assert cimd2_num(f) == n and f.startswith("20:")
        assert "\t032:" in f  # UDH of the concatenated part
        c.send(cimd2_packet(70, n))
    rec.wait("OnCimd2DeliverResponseReceived", 2)
    nums = [1]
    assert smsc.cimd2SendDeliverMessage(cid, 0, "1234", "4412345", "x", 99, "", 0, None, "", nums) \
        == E.SMSC_ERR_INVALID_ARGUMENT
    assert nums == []
    assert smsc.cimd2SendDeliverMessage(9999, 0, "1", "2", "x", 0, "", 0, None, "") == E.SMSC_ERR_UNKNOWN_CLIENT


def test_deliver_status_report(smsc, conns):
    rec = Recorder(smsc, "OnCimd2DeliverResponseReceived", "OnCimd2LoginReceived")
    c = _logged_in(smsc, conns)
    cid = rec.wait("OnCimd2LoginReceived")[0].ClientID
    assert smsc.cimd2SendDeliverStatusReport(cid, 0, TS, "4412345", 4, 0, TS, "") == 0
    f = c.recv()
    assert f.startswith("23:")
    assert "021:4412345\t060:261121232018\t061:4\t063:261121232018\t" in f
    n = cimd2_num(f)
    if n == 0:  # CIMD2 vector 6 byte for byte
        assert f == "23:000\t021:4412345\t060:261121232018\t061:4\t063:261121232018\tF4"
    c.send(cimd2_packet(73, n))
    (d,) = rec.wait("OnCimd2DeliverResponseReceived")
    assert (d.TransactionNumber, d.Code, d.ErrorCode) == (n, 73, 0)
    assert smsc.cimd2SendDeliverStatusReport(cid, 8, TS_MS, "4412345", 5, 9, None, "") == 0
    op, num, params = parse_cimd2(c.recv())
    assert (op, num) == (23, 8)
    d = dict(params)
    assert (d["061"], d["062"], d["060"]) == ("5", "9", "261121232018")


# ----------------------------------------------------------- RAW and trace


def test_raw_received_and_send_raw(smsc, conns):
    c = _logged_in(smsc, conns)
    get = cimd2_packet(9, 5, [("500", "1")])
    c.send(get)  # no RAW handler: its response with 900:1 (unexpected operation)
    op, num, params = parse_cimd2(c.recv())
    assert (op, num, params[0]) == (59, 5, ("900", "1"))
    rec = Recorder(smsc, "OnCimd2RAWReceived")

    def answer(sender, e):
        if e.Code == 9:
            payload = "501:1\t".encode().hex()
            assert sender.cimd2SendRAW(e.ClientID, e.TransactionNumber, 59, payload) == 0

    smsc.OnCimd2RAWReceived += answer
    c.send(cimd2_packet(9, 7, [("500", "1")]))
    assert c.recv_raw() == cimd2_packet(59, 7, [("501", "1")])
    (e,) = rec.wait("OnCimd2RAWReceived")
    assert isinstance(e, sm.cimd2RAWReceivedEventArgs)
    assert (e.TransactionNumber, e.Code) == (7, 9)
    assert bytes.fromhex(e.Payload) == b"500:1\t"
    assert smsc.cimd2SendRAW(e.ClientID, 10, 40, "") == 0
    assert c.recv_raw() == cimd2_packet(40, 10)
    assert smsc.cimd2SendRAW(e.ClientID, 12, 40, "zz") == E.SMSC_ERR_INVALID_ARGUMENT


def test_raw_decline_gets_default(smsc, conns):
    smsc.OnCimd2RAWReceived += lambda sender, e: e.Decline()
    c = _logged_in(smsc, conns)
    c.send(cimd2_packet(9, 5, [("500", "1")]))
    op, num, params = parse_cimd2(c.recv())
    assert (op, num, params[0]) == (59, 5, ("900", "1"))


def test_trace_protocol_both_ways(smsc, conns):
    rec = Recorder(smsc, "OnCimd2TraceProtocol")
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    reply = c.recv_raw()
    traces = rec.wait("OnCimd2TraceProtocol", 4)
    assert all(isinstance(t, sm.cimd2TraceProtocolEventArgs) for t in traces)
    by_pdu = {t.PDU.upper(): t for t in traces}
    # The login is traced with its password masked (trace-passwords=false).
    login = LOGIN.replace(b"011:secret", b"011:******")
    for frame, op, num in ((login, 1, 1), (b"\x0251:001\t3C\x03", 51, 1), (SUBMIT, 3, 3), (reply, 53, 3)):
        t = by_pdu.get(frame.hex().upper())
        assert t is not None, frame
        assert (t.Operation, t.OperationType) == (op, num)
    inbound = by_pdu[login.hex().upper()]
    assert inbound.ToAddress == "127.0.0.1:%d" % smsc.port
    assert inbound.FromAddress == "127.0.0.1:%d" % c.sock.getsockname()[1]
    assert sm.cimd2TraceProtocolCallbackArgs is sm.cimd2TraceProtocolEventArgs


def test_keep_alive_answered(smsc, conns):
    c = conns(smsc.port)
    c.send(cimd2_packet(40, 3))  # before login too
    assert c.recv_raw() == b"\x0290:003\t41\x03"  # CIMD2 vector 3
    c.send(LOGIN)
    assert c.recv() == "51:001\t3C"
    c.send(cimd2_packet(40, 5, checksum=False))
    assert c.recv() == "90:005\t" + "%02X" % (sum(b"\x0290:005\t") & 0xFF)


# ---------------------------------------------------- failures and threads


def test_handler_exception_gets_library_default(cimd, conns, expect_handler_errors):
    def boom(sender, e):
        raise RuntimeError("host bug")

    cimd.OnCimd2LoginReceived += boom
    cimd.OnCimd2SubmitMessageReceived += boom
    port = start(cimd)
    c = conns(port)
    c.send(LOGIN)
    op, num, params = parse_cimd2(c.recv())
    assert (op, num, params[0]) == (51, 1, ("900", "100"))  # rejected, connection closed
    assert c.wait_closed()
    assert [(r.exc_info[0], str(r.exc_info[1])) for r in expect_handler_errors] == [(RuntimeError, "host bug")]
    cimd.OnCimd2LoginReceived.clear()
    cimd.OnCimd2LoginReceived += cimd2_login
    c = conns(port)
    c.send(LOGIN)
    assert c.recv() == "51:001\t3C"
    c.send(SUBMIT)
    op, num, params = parse_cimd2(c.recv())
    assert (op, num, params[0]) == (53, 3, ("900", "6"))  # general system error; the session lives
    assert "OnCimd2SubmitMessageReceived" in expect_handler_errors[-1].getMessage()
    c.send(cimd2_packet(40, 5))
    assert c.recv() == "90:005\t43"


def test_handlers_run_on_the_dispatcher_thread(smsc, conns):
    rec = Recorder(smsc, "OnTcpConnected", "OnCimd2LoginReceived", "OnCimd2SubmitMessageCompleted",
                   "OnTcpDisconnected")
    accept_all(smsc)
    c = _logged_in(smsc, conns)
    c.send(SUBMIT)
    c.recv()
    rec.wait("OnCimd2SubmitMessageCompleted")
    c.close()
    rec.wait("OnTcpDisconnected")
    threads = {t for n in rec.events for (_, _, t) in rec.events[n]}
    assert threads == {smsc.dispatcher_thread}
    assert smsc.dispatcher_thread is not threading.main_thread()


def test_lifecycle_and_codes(conns):
    s = sm.SMSCserverCIMD2()
    assert s.cimd2FinalizeServer() == E.SMSC_ERR_NOT_INITIALIZED
    port = start(s)
    assert s.cimd2InitializeServer("127.0.0.1", 0, "") == E.SMSC_ERR_ALREADY_INITIALIZED
    assert not hasattr(s, "smppSendRAW") and not hasattr(s, "ucpSendRAW")
    assert s.cimd2FinalizeServer() == 0
    with pytest.raises(OSError):
        conns(port)
    with sm.SMSCserverCIMD2() as s2:
        assert start(s2) > 0
    assert s2.closed
    s.close()
    assert s.cimd2InitializeServer("127.0.0.1", 0, "") == E.SMSC_ERR_INVALID_HANDLE
    assert s.cimd2SendLoginResponse(1, 1, 0, "") == E.SMSC_ERR_INVALID_HANDLE
