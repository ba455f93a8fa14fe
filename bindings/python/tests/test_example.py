"""Runs examples/python/server_usage_overview.py (the replaced component's usage
overview flow in Python) as a separate process and drives it with smpplib."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading

import pytest
import smpplib.client

from conftest import WAIT


def _example() -> str:
    env = os.environ.get("SMSCSERVER_EXAMPLE")
    if env:
        return env
    d = os.path.dirname(os.path.abspath(__file__))
    for _ in range(6):
        p = os.path.join(d, "examples", "python", "server_usage_overview.py")
        if os.path.exists(p):
            return p
        d = os.path.dirname(d)
    pytest.fail("examples/python/server_usage_overview.py not found (set SMSCSERVER_EXAMPLE)")
    raise AssertionError


def test_usage_overview_example():
    proc = subprocess.Popen([sys.executable, _example(), "--host", "127.0.0.1", "--port", "0", "--once"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    out = []

    def pump():
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))

    pumper = threading.Thread(target=pump, daemon=True)
    pumper.start()

    def expect(prefix: str) -> str:
        while True:
            line = lines.get(timeout=WAIT)
            out.append(line)
            if line.startswith(prefix):
                return line

    try:
        port = int(expect("listening on port ").rsplit(" ", 1)[1])
        c = smpplib.client.Client("127.0.0.1", port, timeout=WAIT, allow_unknown_opt_params=True)
        c.connect()
        try:
            assert c.bind_transceiver(system_id="esme", password="pw").system_id == b"tops-smsc"
            sent = c.send_message(source_addr="48999123456", source_addr_ton=1, source_addr_npi=1,
                                  destination_addr="48999654321", dest_addr_ton=1, dest_addr_npi=1,
                                  registered_delivery=1, short_message=b"Hello SMSC")
            resp = c.read_pdu()
            assert resp.command == "submit_sm_resp" and resp.sequence == sent.sequence
            assert resp.message_id == b"msg-1"
            msg = c.read_pdu()
            assert msg.command == "deliver_sm" and msg.short_message == b"Hello from SMSC Server Library"
            assert (msg.destination_addr, msg.source_addr) == (b"48999123456", b"48999654321")
            c._message_received(msg)
            rpt = c.read_pdu()
            assert rpt.command == "deliver_sm" and rpt.esm_class == 0x04
            assert rpt.receipted_message_id == b"msg-1" and b"stat:DELIVRD" in rpt.short_message
            c._message_received(rpt)
            expect("OnSmppDeliverResponseReceived")
            expect("OnSmppDeliverResponseReceived")
            assert c.unbind().command == "unbind_resp"
        finally:
            c.disconnect()
        expect("OnTcpDisconnected")
        expect("server finalized")
        assert proc.wait(WAIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(WAIT)
        pumper.join(WAIT)  # the rest of the output, up to the process's exit
        if proc.stdout is not None:
            proc.stdout.close()
    while not lines.empty():
        out.append(lines.get_nowait())
    text = "\n".join(out)
    # The example's handlers run in its own process: an exception there is
    # only logged (on stderr, merged into the output), and must fail this test.
    assert "ERROR smscserver" not in text, text
    for name in ("OnTcpConnected", "OnSmppLoginReceived", "OnSmppSubmitMessageReceived",
                 "OnSmppSubmitMessageCompleted", "smppSendDeliverMessage", "smppSendDeliverStatusReport",
                 "OnSmppLogoutReceived"):
        assert name in text, name
    print(text)
