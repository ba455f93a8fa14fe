"""Conformance with the reference component's stated behaviour, through the
Python binding over real TCP. Each test is named after the statement it checks;
the Go suite (core/conformance_*_test.go) checks the same in the core."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

import smscserver as sm
from conftest import Recorder, accept_all, wait_for
from rawsmpp import RawSMPP, cstr
from rawstx import RawSTX, cimd2_num, cimd2_packet, parse_cimd2, ucp_fields, ucp_frame, ucp_login_frame

E = sm.smscError
UTC = timezone.utc
TS = datetime(2026, 11, 21, 23, 20, 18, tzinfo=UTC)
SUBMIT_SM = 0x04
CIMD2_LOGIN = cimd2_packet(1, 1, [("010", "cimduser"), ("011", "secret")])


def submit_body(validity: str = "", text: bytes = b"hi") -> bytes:
    return (cstr("") + bytes([1, 1]) + cstr("1234") + bytes([1, 1]) + cstr("5678") + bytes([0, 0, 0])
            + cstr("") + cstr(validity) + bytes([0, 0, 0, 0, len(text)]) + text)


@pytest.fixture
def servers():
    """Factory of server objects; they and every client in ``make.clients``
    are closed at teardown."""
    made = []

    def make(cls):
        s = cls()
        made.append(s)
        return s

    make.clients = []  # type: ignore[attr-defined]
    yield make
    for c in make.clients:  # type: ignore[attr-defined]
        c.close()
    for s in made:
        s.close()


def _cimd2_logged_in(s: sm.SMSCserverCIMD2, rec: Recorder, clients: list) -> "tuple[RawSTX, int]":
    s.OnCimd2LoginReceived += lambda sender, e: sender.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
    assert s.cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC") == 0
    c = RawSTX(s.LocalPort)
    clients.append(c)
    c.send(CIMD2_LOGIN)
    assert c.recv() == "51:001\t3C"
    return c, rec.wait("OnCimd2LoginReceived")[0].ClientID


# "If the value returned by ClientID equals -1 then the connection to which
# event is reported has been disconnected prior to processing of the message."
def test_reference_client_id_is_minus_one_when_disconnected_prior_to_processing(servers):
    s = servers(sm.SMSCserverSMPP)
    release = threading.Event()
    seen = []
    answers = []

    def on_login(sender, e):
        sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")

    def on_submit(sender, e):
        seen.append(e.ClientID)
        if len(seen) == 1:
            release.wait(5)  # the host is busy: the next events wait in the queue
        answers.append(sender.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", False))

    s.OnSmppLoginReceived += on_login
    s.OnSmppSubmitMessageReceived += on_submit
    accept_all(s)
    rec = Recorder(s, "OnTcpConnected", "OnTcpDisconnected")
    assert s.smppInitializeServer("127.0.0.1", 0, "") == 0
    c = RawSMPP(s.LocalPort)
    servers.clients.append(c)
    assert c.bind().status == 0
    live = rec.wait("OnTcpConnected")[0].ClientID
    for _ in range(3):
        c.send(SUBMIT_SM, submit_body())
    wait_for(lambda: len(seen) == 1, what="the first submit")
    c.close()
    wait_for(lambda: s.ConnectionCount == 0, what="the connection to end")
    release.set()
    (d,) = rec.wait("OnTcpDisconnected")
    assert seen == [live, -1, -1]
    assert answers[1:] == [E.SMSC_ERR_UNKNOWN_CLIENT] * 2
    assert d.ClientID == live  # the last event keeps the id, so the host can forget it


# ValidityPeriod: "When set as relative the maximum period is 31 days.
# Anything above will be shortened to 31 days."
def test_reference_relative_validity_above_31_days_is_shortened_to_31_days(servers):
    s = servers(sm.SMSCserverSMPP)
    s.OnSmppLoginReceived += lambda sender, e: sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber,
                                                                            e.BindMode, 0, "")
    s.OnSmppSubmitMessageReceived += lambda sender, e: sender.smppSendSubmitMessageResponse(
        e.ClientID, e.SequenceNumber, 0, "m", False)
    rec = Recorder(s, "OnSmppSubmitMessageReceived")
    assert s.smppInitializeServer("127.0.0.1", 0, "") == 0
    c = RawSMPP(s.LocalPort)
    servers.clients.append(c)
    assert c.bind().status == 0
    for i, (validity, want) in enumerate([("000200000000000R", timedelta(days=31)),
                                          ("000010000000000R", timedelta(days=10))]):
        before = datetime.now(UTC)
        c.send(SUBMIT_SM, submit_body(validity))
        e = rec.wait("OnSmppSubmitMessageReceived", i + 1)[i]
        after = datetime.now(UTC)
        assert e.Options & sm.SubmitOptionEnum.soValidityPeriodRelative
        # times cross the C boundary in milliseconds
        assert before + want - timedelta(milliseconds=1) <= e.ValidityPeriod <= after + want
        assert c.recv_cmd(SUBMIT_SM | 0x80000000).status == 0


# cimd2SendDeliverMessage / cimd2SendDeliverStatusReport: a ported program
# counts tn++ from 1; TransactionNumbers "allows matching the submission
# with return code".
def test_reference_cimd2_any_transaction_number_works_and_its_answer_carries_it(servers):
    s = servers(sm.SMSCserverCIMD2)
    rec = Recorder(s, "OnCimd2LoginReceived", "OnCimd2DeliverResponseReceived")
    c, cid = _cimd2_logged_in(s, rec, servers.clients)
    sent = []
    for tn in range(1, 301):
        nums = []
        if tn % 2:
            rc = s.cimd2SendDeliverMessage(cid, tn, "1234", "4412345", "hi", sm.EncodingEnum.et7BitText, "",
                                           sm.SubmitOption(0), TS, "", nums)
            assert nums == [tn]
        else:
            rc = s.cimd2SendDeliverStatusReport(cid, tn, TS, "1234", 4, 0, TS, "")
        assert rc == 0, "TransactionNumber %d: %s" % (tn, sm.error_text(rc))
        sent.append(tn)
        f = c.recv()
        op, num, _ = parse_cimd2(f)
        assert op in (20, 23) and num % 2 == 0 and num <= 254
        c.send(cimd2_packet(op + 50, num))
        # wait for each answer: a CIMD2 connection has 128 numbers in flight at most
        got = rec.wait("OnCimd2DeliverResponseReceived", tn)[tn - 1]
        assert got.TransactionNumber == tn
    assert [e.TransactionNumber for e in rec.args("OnCimd2DeliverResponseReceived")] == sent


# TransactionNumbers after a partial failure: the parts that went out.
def test_reference_transaction_numbers_list_the_parts_sent_before_a_failure(servers):
    s = servers(sm.SMSCserverCIMD2)
    rec = Recorder(s, "OnCimd2LoginReceived")
    c, cid = _cimd2_logged_in(s, rec, servers.clients)
    s.ThrottleRate = 2  # the second part waits: time to drop the connection
    nums = [99]
    result = []
    t = threading.Thread(target=lambda: result.append(
        s.cimd2SendDeliverMessage(cid, 20, "1234", "4412345", "x" * 400, 0, "", 0, TS, "", nums)))
    t.start()
    assert cimd2_num(c.recv()) == 20
    assert s.tcpCloseConnection(cid) == 0
    t.join(5)
    assert result == [E.SMSC_ERR_CONNECTION_CLOSED]
    assert nums == [20]


# "To translate the examples to other protocol this part has to be changed
# to ucp or cimd2": the CIMD2 shape of the status report call works on UCP.
def test_reference_examples_translate_by_changing_the_prefix(servers):
    s = servers(sm.SMSCserverUCP)
    s.OnUcpLoginReceived += lambda sender, e: sender.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
    rec = Recorder(s, "OnUcpLoginReceived")
    assert s.ucpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC") == 0
    c = RawSTX(s.LocalPort)
    servers.clients.append(c)
    c.send(ucp_login_frame(0, "emiuser", "secret"))
    c.recv()
    cid = rec.wait("OnUcpLoginReceived")[0].ClientID
    # cimd2SendDeliverStatusReport(ClientID, TransactionNumber, MessageTimeStamp, Destination, StatusCode,
    #                              StatusErrorCode, TimeStamp, ExtendedParameters) with the ucp prefix:
    assert s.ucpSendDeliverStatusReport(cid, 5, TS, "4412345", 0, 0, TS, "") == 0
    f = ucp_fields(c.recv())
    assert f[3] == "53" and f[4] == "emiuser" and f[5] == "4412345"  # AdC: the login's address
    assert s.ucpSendDeliverStatusReport(cid, 6, TS, "4412345", "1234", 0, 0, TS, "") == 0
    assert ucp_fields(c.recv())[4] == "1234"


# The reference's signatures name the options type SubmitOption.
def test_reference_submit_option_is_the_submit_option_enum():
    assert sm.SubmitOption is sm.SubmitOptionEnum
    o = sm.SubmitOption.soRequestStatusReport | sm.SubmitOptionEnum.soDirectDisplay
    assert int(o) == 0x3


# "Positive value means Network Error Code": the operating system's number.
def test_reference_positive_return_value_means_network_error_code(servers):
    import errno
    import socket

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    try:
        s = servers(sm.SMSCserverCIMD2)
        rc = s.cimd2InitializeServer("127.0.0.1", busy.getsockname()[1], "")
        assert rc == errno.EADDRINUSE
        assert sm.error_text(rc) == "address already in use"
    finally:
        busy.close()


# etISO88591/5/8 "may depend on SMSC configuration": UCS-2 by default on
# UCP and CIMD2, the charset's octets with iso-8859=8bit.
def test_reference_iso8859_goes_as_ucs2_or_as_octets_on_request(servers):
    s = servers(sm.SMSCserverCIMD2)
    rec = Recorder(s, "OnCimd2LoginReceived")
    c, cid = _cimd2_logged_in(s, rec, servers.clients)
    assert s.cimd2SendDeliverMessage(cid, 2, "1234", "4412345", "é", sm.EncodingEnum.etISO88591, "", 0, TS, "") == 0
    params = dict(parse_cimd2(c.recv())[2])
    assert (params["030"], params["034"]) == ("8", "00E9")
    assert s.cimd2SendDeliverMessage(cid, 4, "1234", "4412345", "é", sm.EncodingEnum.etISO88591, "", 0, TS,
                                     "iso-8859=8bit") == 0
    params = dict(parse_cimd2(c.recv())[2])
    assert (params["030"], params["034"]) == ("4", "E9")


# Event times: the reference gives local DateTime; Python gives aware UTC
# datetimes, which convert to local time without guessing.
def test_reference_event_times_are_aware_utc_datetimes(servers):
    s = servers(sm.SMSCserverCIMD2)
    s.OnCimd2SubmitMessageReceived += lambda sender, e: sender.cimd2SendSubmitMessageResponse(
        e.ClientID, e.TransactionNumber, "", None, 0, "")
    rec = Recorder(s, "OnCimd2LoginReceived", "OnCimd2SubmitMessageReceived")
    c, _ = _cimd2_logged_in(s, rec, servers.clients)
    c.send(cimd2_packet(3, 3, [("021", "4412345"), ("051", "261224183000"), ("033", "hi")]))
    (e,) = rec.wait("OnCimd2SubmitMessageReceived")
    assert e.ValidityPeriod.tzinfo is not None and e.ValidityPeriod.utcoffset() == timedelta(0)
    assert e.ValidityPeriod == datetime(2026, 12, 24, 18, 30, tzinfo=UTC)  # time-zone=UTC on the wire
    assert e.Options & sm.SubmitOptionEnum.soValidityPeriodAbsolute
    assert e.ValidityPeriod.astimezone().utcoffset() is not None  # local time, still the same instant
