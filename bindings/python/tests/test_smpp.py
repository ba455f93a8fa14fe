"""Every SMPP method and event over real TCP: smpplib (PyPI) as the ESME, and a
raw-socket client for the PDUs smpplib cannot send."""

from __future__ import annotations

import struct
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import smpplib.consts
import smpplib.exceptions
import smpplib.gsm
import smpplib.smpp

import smscserver as sm
from conftest import Recorder, accept_all, login_ok, smpp_bind, start, submit_ok, wait_for
import rawsmpp
from rawsmpp import split_cstr

E = sm.smscError


def _login_client(smsc, rec, clients, mode="transceiver"):
    c = clients(smsc.port)
    smpp_bind(c, mode)
    e = rec.wait("OnSmppLoginReceived")[-1]
    return c, e.ClientID


# ------------------------------------------------------------- connections


def test_tcp_connected_accept_and_reject(server, clients, raw_clients):
    rec = Recorder(server, "OnTcpConnected", "OnTcpDisconnected")
    n = {"conns": 0}

    def gate(sender, e):
        n["conns"] += 1
        if n["conns"] == 1:
            assert sender.tcpAcceptConnection(e.ClientID) == 0
        else:
            assert sender.tcpCloseConnection(e.ClientID) == 0

    server.OnTcpConnected += gate
    login_ok(server)
    port = start(server)
    c = clients(port)
    assert smpp_bind(c).status == 0
    (e,) = rec.wait("OnTcpConnected")
    assert isinstance(e, sm.tcpConnectedEventArgs)
    assert e.RemoteHost == "127.0.0.1"
    assert e.RemotePort == c._socket.getsockname()[1]
    assert e.ClientID > 0
    assert e.ExtendedParameters == ""  # plain TCP: no tls.* keys
    r = raw_clients(port)
    assert r.wait_closed()
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.ClientID == rec.args("OnTcpConnected")[1].ClientID
    assert d.Reason == -1 and d.ReasonText
    assert server.tcpAcceptConnection(123456) == E.SMSC_ERR_UNKNOWN_CLIENT
    assert server.tcpCloseConnection(123456) == E.SMSC_ERR_UNKNOWN_CLIENT


def test_tcp_disconnected_by_peer(smsc, clients):
    rec = Recorder(smsc, "OnTcpDisconnected", "OnSmppLoginReceived")
    c, cid = _login_client(smsc, rec, clients)
    c.disconnect()
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.ClientID == cid and d.Reason == 0


def test_close_all_connections(smsc, raw_clients):
    rec = Recorder(smsc, "OnTcpDisconnected")
    conns = [raw_clients(smsc.port) for _ in range(3)]
    wait_for(lambda: smsc.ConnectionCount == 3)
    assert smsc.tcpCloseAllConnections() == 0
    for c in conns:
        assert c.wait_closed()
    assert len(rec.wait("OnTcpDisconnected", 3)) == 3
    wait_for(lambda: smsc.ConnectionCount == 0)


# ------------------------------------------------------------------- login


@pytest.mark.parametrize("mode,expected", [
    ("transmitter", sm.smppBindModeEnum.bmTransmitter),
    ("receiver", sm.smppBindModeEnum.bmReceiver),
    ("transceiver", sm.smppBindModeEnum.bmTransceiver),
])
def test_login_fields(server, clients, mode, expected):
    accept_all(server)
    login_ok(server, "tops-smsc")
    rec = Recorder(server, "OnSmppLoginReceived")
    port = start(server)
    c = clients(port)
    resp = getattr(c, "bind_" + mode)(system_id="esme1", password="secret", system_type="VMA",
                                      addr_ton=1, addr_npi=1, address_range="^44")
    assert resp.status == 0 and resp.system_id == b"tops-smsc"
    (e,) = rec.wait("OnSmppLoginReceived")
    assert isinstance(e, sm.smppLoginReceivedEventArgs)
    assert (e.SystemID, e.Password, e.SystemType) == ("esme1", "secret", "VMA")
    assert (e.InterfaceVersion, e.AddressTON, e.AddressNPI, e.AddressRange) == (0x34, 1, 1, "^44")
    assert e.BindMode is expected
    assert e.SequenceNumber == c.sequence


def test_login_rejected_by_host(server, clients):
    accept_all(server)
    rec = Recorder(server, "OnTcpDisconnected")

    def reject(sender, e):
        assert sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0x0E, "") == 0
        cids.append(e.ClientID)

    cids = []
    server.OnSmppLoginReceived += reject
    port = start(server)
    c = clients(port)
    with pytest.raises(smpplib.exceptions.PDUError) as ei:
        smpp_bind(c)
    assert ei.value.args[1] == 0x0E  # ESME_RINVPASWD
    # closed once the client has the answer (tcpCloseConnection right after
    # smppSendLoginResponse can drop the queued bind_resp: see the report)
    assert server.tcpCloseConnection(cids[0]) == 0
    assert rec.wait("OnTcpDisconnected")[0].Reason == -1


def test_logout(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppLogoutReceived", "OnTcpDisconnected")
    smsc.OnSmppLogoutReceived += lambda sender, e: sender.smppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0)
    c, cid = _login_client(smsc, rec, clients)
    resp = c.unbind()
    assert resp.command == "unbind_resp" and resp.status == 0
    (e,) = rec.wait("OnSmppLogoutReceived")
    assert isinstance(e, sm.smppLogoutReceivedEventArgs)
    assert e.ClientID == cid and e.SequenceNumber == resp.sequence
    # The connection stays open until the client or the host closes it.
    time.sleep(0.3)
    assert rec.args("OnTcpDisconnected") == []
    assert smsc.tcpCloseConnection(cid) == 0
    (d,) = rec.wait("OnTcpDisconnected")
    assert d.ClientID == cid and d.Reason == -1


# ------------------------------------------------------------------ submit


def test_submit_fields_and_response(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppSubmitMessageReceived", "OnSmppSubmitMessageCompleted")
    c, cid = _login_client(smsc, rec, clients)
    sent = c.send_message(
        service_type="CMT", source_addr_ton=1, source_addr_npi=1, source_addr="447700900123",
        dest_addr_ton=2, dest_addr_npi=8, destination_addr="1234", esm_class=0, protocol_id=0x3F,
        priority_flag=1, registered_delivery=1, data_coding=0, short_message=b"Hello world")
    resp = c.read_pdu()
    assert resp.command == "submit_sm_resp" and resp.status == 0
    assert resp.message_id == ("m%d" % sent.sequence).encode()
    (e,) = rec.wait("OnSmppSubmitMessageReceived")
    assert isinstance(e, sm.smppSubmitMessageReceivedEventArgs)
    assert (e.ClientID, e.SequenceNumber) == (cid, sent.sequence)
    assert (e.Originator, e.OriginatorTON, e.OriginatorNPI) == ("447700900123", 1, 1)
    assert (e.Destination, e.DestinationTON, e.DestinationNPI) == ("1234", 2, 8)
    assert e.Content == "Hello world" and e.Encoding is sm.EncodingEnum.et7BitText
    assert e.Options & sm.SubmitOptionEnum.soRequestStatusReport
    assert isinstance(e.Options, sm.SubmitOptionEnum)
    assert (e.ServiceType, e.ProtocolID, e.Priority, e.DataCoding, e.RegisteredDelivery, e.EsmClass) == (
        "CMT", 0x3F, 1, 0, 1, 0)
    assert e.UserDataHeader == "" and e.DeliveryTime is None and e.ValidityPeriod is None
    assert "smpp.command=submit_sm" in e.ExtendedParameters
    assert e.SequenceNumbers == []
    (done,) = rec.wait("OnSmppSubmitMessageCompleted")
    assert isinstance(done, sm.smppSubmitMessageCompletedEventArgs)
    assert done.SequenceNumbers == [sent.sequence] and done.Content == "Hello world"


def test_submit_ucs2_and_times(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppSubmitMessageReceived")
    c, _ = _login_client(smsc, rec, clients)
    c.send_message(source_addr="1", destination_addr="2", data_coding=8,
                   schedule_delivery_time="300101120000000+", validity_period="000001000000000R",
                   short_message="Привет €".encode("utf-16-be"))
    assert c.read_pdu().status == 0
    (e,) = rec.wait("OnSmppSubmitMessageReceived")
    assert e.Content == "Привет €" and e.Encoding is sm.EncodingEnum.etUCS2Text and e.DataCoding == 8
    assert e.DeliveryTime == datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert e.DeliveryTime.tzinfo is not None
    assert e.ValidityPeriod is not None
    assert timedelta(0) < e.ValidityPeriod - datetime.now(timezone.utc) <= timedelta(days=1, minutes=1)
    assert e.Options & sm.SubmitOptionEnum.soDeliveryTimeAbsolute
    assert e.Options & sm.SubmitOptionEnum.soValidityPeriodRelative


def test_long_message_parts_and_completed(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppSubmitMessageReceived", "OnSmppSubmitMessageCompleted")
    c, _ = _login_client(smsc, rec, clients)
    text = "The quick brown fox jumps over the lazy dog. " * 8
    parts, coding, esm = smpplib.gsm.make_parts(text)
    assert len(parts) > 1
    seqs = []
    for p in parts:
        seqs.append(c.send_message(source_addr="1", destination_addr="2", esm_class=esm,
                                   data_coding=coding, short_message=p).sequence)
    for _ in parts:
        assert c.read_pdu().status == 0
    got = rec.wait("OnSmppSubmitMessageReceived", len(parts))
    assert all(g.UserDataHeader.startswith("0500") for g in got)
    (done,) = rec.wait("OnSmppSubmitMessageCompleted")
    assert done.SequenceNumbers == seqs
    assert done.Content == text


def test_submit_incomplete(server, clients):
    accept_all(server)
    login_ok(server)
    submit_ok(server)
    rec = Recorder(server, "OnSmppLoginReceived", "OnSmppSubmitMessageIncomplete", "OnSmppSubmitMessageCompleted")
    server.port = start(server, "reassembly-timeout=1")
    c, cid = _login_client(server, rec, clients)
    udh = bytes([5, 0, 3, 0x42, 2, 1])  # part 1 of 2, reference 0x42
    sent = c.send_message(source_addr="111", destination_addr="222", esm_class=0x40, short_message=udh + b"first")
    assert c.read_pdu().status == 0
    (e,) = rec.wait("OnSmppSubmitMessageIncomplete", timeout=8)
    assert isinstance(e, sm.smppSubmitMessageIncompleteEventArgs)
    assert (e.ClientID, e.Originator, e.Destination) == (cid, "111", "222")
    assert (e.Reference, e.Total, e.Received, e.SequenceNumbers) == (0x42, 2, 1, [sent.sequence])
    assert rec.args("OnSmppSubmitMessageCompleted") == []


def test_submit_multi(smsc, raw_clients):
    smsc.OnSmppSubmitMessageReceived.clear()  # replace submit_ok's answer

    def answer(sender, e):
        assert sender.smppSendSubmitMultiMessageResponse(e.ClientID, e.SequenceNumber, 0, "multi-1", "333:0x0B") == 0

    smsc.OnSmppSubmitMessageReceived += answer
    rec = Recorder(smsc, "OnSmppSubmitMessageReceived")
    c = raw_clients(smsc.port)
    assert c.bind().status == 0
    seq = c.send(rawsmpp.SUBMIT_MULTI, rawsmpp.submit_multi_body("111", ["222", "333"], b"hello all"))
    p = c.recv_cmd(rawsmpp.SUBMIT_MULTI | rawsmpp.RESP)
    assert p.seq == seq and p.status == 0
    mid, off = split_cstr(p.body)
    assert mid == "multi-1" and p.body[off] == 1  # no_unsuccess
    assert (p.body[off + 1], p.body[off + 2]) == (1, 1)  # ton, npi
    addr, off = split_cstr(p.body, off + 3)
    assert addr == "333" and struct.unpack(">I", p.body[off:off + 4])[0] == 0x0B
    (e,) = rec.wait("OnSmppSubmitMessageReceived")
    assert e.Destination == "222;333" and "smpp.command=submit_multi" in e.ExtendedParameters
    assert e.Content == "hello all"


def test_data_sm(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppSubmitMessageReceived")
    c, _ = _login_client(smsc, rec, clients)
    p = smpplib.smpp.make_pdu("data_sm", client=c, source_addr="1", destination_addr="2",
                              message_payload=b"payload text", data_coding=0, esm_class=0, registered_delivery=0)
    c.send_pdu(p)
    resp = c.read_pdu()
    assert resp.command == "data_sm_resp" and resp.status == 0 and resp.sequence == p.sequence
    (e,) = rec.wait("OnSmppSubmitMessageReceived")
    assert "smpp.command=data_sm" in e.ExtendedParameters and e.Content == "payload text"


# ----------------------------------------------------------------- deliver


def test_deliver_message_and_response(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppDeliverResponseReceived")
    c, cid = _login_client(smsc, rec, clients, "receiver")
    seqs = [99]  # cleared by the call
    rc = smsc.smppSendDeliverMessage(cid, 0, "447700900123", 1, 1, "1234", 3, 0,
                                     "Hello from SMSC Server Library", sm.EncodingEnum.et7BitText,
                                     "", 0, "", "", seqs)
    assert rc == 0 and len(seqs) == 1 and seqs[0] > 0
    d = c.read_pdu()
    assert d.command == "deliver_sm" and d.sequence == seqs[0]
    assert d.short_message == b"Hello from SMSC Server Library"
    assert (d.destination_addr, d.source_addr, d.source_addr_ton) == (b"447700900123", b"1234", 3)
    c._message_received(d)  # smpplib answers deliver_sm_resp
    (r,) = rec.wait("OnSmppDeliverResponseReceived")
    assert isinstance(r, sm.smppDeliverResponseReceivedEventArgs)
    assert (r.ClientID, r.SequenceNumber, r.Status) == (cid, seqs[0], 0)


def test_deliver_long_message_numbers_parts(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppDeliverResponseReceived")
    c, cid = _login_client(smsc, rec, clients, "transceiver")
    seqs = []
    text = "x" * 400
    assert smsc.smppSendDeliverMessage(cid, 500, "1", 1, 1, "2", 1, 1, text, 0, "", 0, "", "", seqs) == 0
    assert seqs == [500, 501, 502]
    got = b""
    for s in seqs:
        d = c.read_pdu()
        assert d.sequence == s and d.esm_class & 0x40
        got += d.short_message[6:]
        c._message_received(d)
    assert got.decode() == text
    assert sorted(r.SequenceNumber for r in rec.wait("OnSmppDeliverResponseReceived", 3)) == seqs


def test_deliver_ucs2_and_errors(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived")
    c, cid = _login_client(smsc, rec, clients, "receiver")
    assert smsc.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "Привет", sm.EncodingEnum.etUCS2Text,
                                       "", sm.SubmitOptionEnum.soDirectDisplay, "", "") == 0
    d = c.read_pdu()
    assert d.data_coding & 0x08 and d.short_message.decode("utf-16-be") == "Привет"
    assert smsc.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "x", 99, "", 0, "", "") == E.SMSC_ERR_INVALID_ARGUMENT
    assert smsc.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "Привет", 0, "", 0, "", "") == E.SMSC_ERR_ENCODING_FAILED
    assert smsc.smppSendDeliverMessage(4242, 0, "1", 1, 1, "2", 1, 1, "x", 0, "", 0, "", "") == E.SMSC_ERR_UNKNOWN_CLIENT


def test_deliver_to_transmitter_is_wrong_state(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived")
    _, cid = _login_client(smsc, rec, clients, "transmitter")
    seqs = [1, 2]
    assert smsc.smppSendDeliverMessage(cid, 0, "1", 1, 1, "2", 1, 1, "x", 0, "", 0, "", "", seqs) == E.SMSC_ERR_WRONG_STATE
    assert seqs == []


def test_deliver_status_report(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppDeliverResponseReceived")
    c, cid = _login_client(smsc, rec, clients)
    submitted = datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc)
    done = submitted + timedelta(minutes=1)
    rc = smsc.smppSendDeliverStatusReport(cid, 77, "447700900123", 1, 1, "1234", 1, 1,
                                          sm.smppReportTypeEnum.rtFinal, "msg-1", "", 1, 1, submitted, done,
                                          sm.smppMessageStateEnum.msDelivered, 0, "Hello", "")
    assert rc == 0
    d = c.read_pdu()
    assert d.command == "deliver_sm" and d.sequence == 77 and d.esm_class == 0x04
    text = d.short_message.decode()
    assert text.startswith("id:msg-1 sub:001 dlvrd:001 submit date:2405060708 done date:2405060709")
    assert "stat:DELIVRD" in text and "text:Hello" in text
    assert d.receipted_message_id == b"msg-1" and d.message_state == 2
    c._message_received(d)
    assert rec.wait("OnSmppDeliverResponseReceived")[0].SequenceNumber == 77
    # None dates mean "now"; an intermediate report
    assert smsc.smppSendDeliverStatusReport(cid, 0, "1", 1, 1, "2", 1, 1, sm.smppReportTypeEnum.rtIntermediate,
                                            "msg-2", "", 1, 0, None, None, sm.smppMessageStateEnum.msEnroute,
                                            0, "", "") == 0
    d2 = c.read_pdu()
    assert d2.esm_class == 0x20 and b"stat:ENROUTE" in d2.short_message


# -------------------------------------------------- query / cancel / replace


def test_query_cancel_replace_typed(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppQueryReceived", "OnSmppCancelReceived", "OnSmppReplaceReceived")
    final = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    smsc.OnSmppQueryReceived += lambda s, e: s.smppSendQueryResponse(
        e.ClientID, e.SequenceNumber, 0, e.MessageID, final, sm.smppMessageStateEnum.msDelivered, 0)
    smsc.OnSmppCancelReceived += lambda s, e: s.smppSendCancelResponse(e.ClientID, e.SequenceNumber, 0x11)
    smsc.OnSmppReplaceReceived += lambda s, e: s.smppSendReplaceResponse(e.ClientID, e.SequenceNumber, 0)
    c = raw_clients(smsc.port)
    assert c.bind().status == 0

    seq = c.send(rawsmpp.QUERY_SM, rawsmpp.query_body("msg-7", "111"))
    p = c.recv_cmd(rawsmpp.QUERY_SM | rawsmpp.RESP)
    assert p.seq == seq and p.status == 0
    mid, off = split_cstr(p.body)
    fdate, off = split_cstr(p.body, off)
    assert mid == "msg-7" and fdate.startswith("240102030405") and p.body[off] == 2
    (q,) = rec.wait("OnSmppQueryReceived")
    assert isinstance(q, sm.smppQueryReceivedEventArgs)
    assert (q.MessageID, q.Originator, q.OriginatorTON, q.OriginatorNPI, q.SequenceNumber) == ("msg-7", "111", 1, 1, seq)

    seq = c.send(rawsmpp.CANCEL_SM, rawsmpp.cancel_body("msg-8", "111", "222", "CMT"))
    p = c.recv_cmd(rawsmpp.CANCEL_SM | rawsmpp.RESP)
    assert p.seq == seq and p.status == 0x11
    (k,) = rec.wait("OnSmppCancelReceived")
    assert (k.ServiceType, k.MessageID, k.Originator, k.Destination, k.DestinationTON) == ("CMT", "msg-8", "111", "222", 2)

    seq = c.send(rawsmpp.REPLACE_SM, rawsmpp.replace_body("msg-9", "111", b"new text"))
    p = c.recv_cmd(rawsmpp.REPLACE_SM | rawsmpp.RESP)
    assert p.seq == seq and p.status == 0
    (r,) = rec.wait("OnSmppReplaceReceived")
    assert (r.MessageID, r.Originator, r.RegisteredDelivery) == ("msg-9", "111", 1)
    assert bytes.fromhex(r.Content) == b"new text"
    assert r.DeliveryTime is None and isinstance(r.Options, sm.SubmitOptionEnum)


def test_raw_received_and_send_raw(smsc, raw_clients):
    rec = Recorder(smsc, "OnSmppRAWReceived")

    def raw(sender, e):
        if e.CommandID == rawsmpp.QUERY_SM:  # no typed query handler: it arrives here
            body = "6D73672D3700 00 02 00"  # message_id "msg-7", final_date "", state 2, error 0
            assert sender.smppSendRAW(e.ClientID, e.SequenceNumber, 0x80000003, 0, body) == 0
        else:
            assert sender.smppSendRAW(e.ClientID, e.SequenceNumber, 0x80000000, 0x03, "") == 0

    smsc.OnSmppRAWReceived += raw
    c = raw_clients(smsc.port)
    assert c.bind().status == 0
    seq = c.send(rawsmpp.QUERY_SM, rawsmpp.query_body("msg-7", "111"))
    p = c.recv_cmd(rawsmpp.QUERY_SM | rawsmpp.RESP)
    assert p.seq == seq and p.body == b"msg-7\0\0\x02\0"
    (e,) = rec.wait("OnSmppRAWReceived")
    assert isinstance(e, sm.smppRAWReceivedEventArgs)
    assert (e.CommandID, e.CommandStatus, e.SequenceNumber) == (rawsmpp.QUERY_SM, 0, seq)
    assert bytes.fromhex(e.Payload) == rawsmpp.query_body("msg-7", "111")
    seq = c.send(0x00000123, b"\x01\x02")  # a command id nobody decodes
    p = c.recv_cmd(rawsmpp.GENERIC_NACK)
    assert p.seq == seq and p.status == 0x03
    assert rec.wait("OnSmppRAWReceived", 2)[1].Payload == "0102"


def test_late_answer_is_not_pending(server, raw_clients):
    accept_all(server)
    login_ok(server)
    held = []
    server.OnSmppSubmitMessageReceived += lambda s, e: held.append(e)  # no answer
    port = start(server, "response-timeout=1")
    c = raw_clients(port)
    assert c.bind().status == 0
    body = rawsmpp.cstr("") + bytes([1, 1]) + rawsmpp.cstr("1") + bytes([1, 1]) + rawsmpp.cstr("2") + \
        bytes([0, 0, 0]) + rawsmpp.cstr("") + rawsmpp.cstr("") + bytes([0, 0, 0, 0, 2]) + b"hi"
    c.send(0x04, body)
    p = c.recv_cmd(0x80000004)  # the library's default after response-timeout
    assert p.status == 0x08
    e = wait_for(lambda: held)[0]
    assert server.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "late", False) == E.SMSC_ERR_NOT_PENDING


# -------------------------------------------------------------------- trace


def test_trace_protocol_both_ways(smsc, clients):
    rec = Recorder(smsc, "OnSmppLoginReceived", "OnSmppTraceProtocol")
    c, cid = _login_client(smsc, rec, clients)
    traces = rec.wait("OnSmppTraceProtocol", 2)
    bind, resp = traces[0], traces[1]
    assert isinstance(bind, sm.smppTraceProtocolEventArgs)
    assert (bind.Operation, resp.Operation) == (0x09, 0x80000009)
    assert bind.OperationType == resp.OperationType == c.sequence
    local = "127.0.0.1:%d" % smsc.port
    assert bind.ToAddress == local and resp.FromAddress == local
    assert bind.FromAddress == "127.0.0.1:%d" % c._socket.getsockname()[1]
    assert bind.PDU.lower().startswith("%08x00000009" % (len(bytes.fromhex(bind.PDU))))
    assert bind.ClientID == cid
