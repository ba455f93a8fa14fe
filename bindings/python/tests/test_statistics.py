"""GetStatistics over real TCP: an smpplib client binds and submits, a raw
UCP client logs in and sends a frame with a wrong checksum; the counts,
kinds and answer-time histograms the library reports are checked exactly."""

from __future__ import annotations

import math

import pytest

import smscserver as sm
from conftest import WAIT, smpp_bind, wait_for
from rawstx import RawSTX

K = sm.smppStatKindEnum
U = sm.ucpStatKindEnum
N = 4


def test_smpp_statistics(smsc, clients):
    st = smsc.GetStatistics()
    assert st.Protocol == sm.smscProtocolEnum.SMSC_PROTOCOL_SMPP
    assert st.ConnectionsAccepted == 0 and sum(st.PDUsIn.values()) == 0

    c = clients(smsc.port)
    smpp_bind(c)
    for i in range(N):
        c.send_message(source_addr="1", destination_addr="2", short_message=b"hi")
        c.read_pdu()  # submit_sm_resp

    st = smsc.GetStatistics()
    assert st.ConnectionsCurrent == 1 and st.ConnectionsAccepted == 1 and st.ConnectionsRefused == 0
    assert st.LoginsCurrent == 1 and st.LoginsAccepted == 1 and st.LoginsRefused == 0
    assert {k.name: v for k, v in st.PDUsIn.items() if v} == {"skSmppBind": 1, "skSmppSubmitSm": N}
    assert {k.name: v for k, v in st.PDUsOut.items() if v} == {"skSmppBindResp": 1, "skSmppSubmitSmResp": N}
    assert st.PDUsIn[5] == N  # the kind's int works as the key too
    assert st.Malformed == 0 and st.ErrorResponses == 0 and st.PendingRequests == 0
    assert st.EventQueue == 0  # the binding's dispatcher keeps up
    h = st.SubmitLatency
    assert h.Count == N
    assert sum(n for _, n in h.Buckets) == N
    assert 0 <= h.Max <= h.Sum < WAIT * N
    assert h.Buckets[0][0] == pytest.approx(0.0001) and h.Buckets[-1][0] == math.inf
    assert len(h.Buckets) == 17
    assert st.LoginLatency.Count == 1 and st.OtherLatency.Count == 0
    assert "skSmppSubmitSm" in repr(st)

    c.unbind()  # answered by the library (no logout handler), which closes
    c.disconnect()
    wait_for(lambda: smsc.GetStatistics().ConnectionsCurrent == 0, what="the connection to end")
    st = smsc.GetStatistics()
    assert st.LoginsCurrent == 0 and st.PDUsIn[K.skSmppUnbind] == 1 and st.OtherLatency.Count == 1


def test_ucp_statistics_count_a_malformed_frame():
    s = sm.SMSCserverUCP()
    try:
        s.OnUcpLoginReceived += lambda sender, e: sender.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
        assert s.ucpInitializeServer("127.0.0.1", 0, "") == 0
        c = RawSTX(s.LocalPort)
        try:
            c.send("00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2")  # Kannel's login
            assert c.recv() == "00/00019/R/60/A//6D"
            c.send("00/00029/O/31/emiuser/0539/00")  # wrong checksum: NACK 01
            assert "/R/31/N/01/" in c.recv()
            st = s.GetStatistics()
            assert st.Protocol == sm.smscProtocolEnum.SMSC_PROTOCOL_UCP
            assert st.PDUsIn[U.skUcp60] == 1 and st.PDUsOut[U.skUcp60Ack] == 1
            assert st.PDUsIn[U.skUcp31] == 1 and st.PDUsOut[U.skUcp31Nack] == 1
            assert st.Malformed == 1 and st.ErrorResponses == 1
            assert st.LoginLatency.Count == 1
        finally:
            c.close()
    finally:
        s.close()


def test_statistics_of_a_closed_server_raise():
    s = sm.SMSCserverCIMD2()
    assert s.GetStatistics().Protocol == sm.smscProtocolEnum.SMSC_PROTOCOL_CIMD2
    s.close()
    with pytest.raises(sm.SmscError):
        s.GetStatistics()
