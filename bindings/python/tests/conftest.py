"""Fixtures: servers on 127.0.0.1 port 0, smpplib clients, event recorders.

Every wait is bounded (``WAIT`` seconds); nothing listens beyond loopback.
A handler that raises fails the test that caused it (``handler_errors.py``);
tests that raise on purpose ask for ``expect_handler_errors``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

import pytest
import smpplib.client
import smpplib.consts

import smscserver as sm

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# Fixtures and hook: importing them here registers them for every test.
from handler_errors import expect_handler_errors, handler_error_guard, pytest_runtest_call  # noqa: E402,F401

WAIT = 5.0


def wait_for(pred: Callable[[], Any], timeout: float = WAIT, what: str = "condition") -> Any:
    """Poll ``pred`` until it is truthy; fail the test after ``timeout`` s."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError("timed out after %.1f s waiting for %s" % (timeout, what))
        time.sleep(0.005)


class Recorder:
    """Records events of a server: ``rec.events["OnTcpConnected"]`` is a list of
    ``(sender, e, thread)``; ``rec.wait(name, n)`` blocks until n arrived."""

    def __init__(self, server: sm.SMSCserver, *names: str) -> None:
        self.events: Dict[str, List[Any]] = {n: [] for n in names}
        self.cond = threading.Condition()
        for n in names:
            getattr(server, n).add(self._make(n))

    def _make(self, name: str) -> Callable[[Any, Any], None]:
        def record(sender: Any, e: Any) -> None:
            with self.cond:
                self.events[name].append((sender, e, threading.current_thread()))
                self.cond.notify_all()
        record.__name__ = "record_" + name
        return record

    def wait(self, name: str, n: int = 1, timeout: float = WAIT) -> List[Any]:
        with self.cond:
            ok = self.cond.wait_for(lambda: len(self.events[name]) >= n, timeout)
        if not ok:
            raise AssertionError("timed out waiting for %d x %s (got %d)" % (n, name, len(self.events[name])))
        return [e for (_, e, _) in self.events[name]]

    def args(self, name: str) -> List[Any]:
        with self.cond:
            return [e for (_, e, _) in self.events[name]]


def accept_all(s: sm.SMSCserver) -> None:
    s.OnTcpConnected += lambda sender, e: sender.tcpAcceptConnection(e.ClientID)


def login_ok(s: sm.SMSCserverSMPP, system_id: str = "test-smsc") -> None:
    s.OnSmppLoginReceived += lambda sender, e: sender.smppSendLoginResponse(
        e.ClientID, e.SequenceNumber, e.BindMode, 0, system_id)


def submit_ok(s: sm.SMSCserverSMPP, prefix: str = "m") -> None:
    s.OnSmppSubmitMessageReceived += lambda sender, e: sender.smppSendSubmitMessageResponse(
        e.ClientID, e.SequenceNumber, 0, "%s%d" % (prefix, e.SequenceNumber), False)


def start(s: sm.SMSCserverSMPP, ext: str = "") -> int:
    rc = s.smppInitializeServer("127.0.0.1", 0, ext)
    assert rc == 0, sm.error_text(rc)
    port = s.LocalPort
    assert port > 0
    return port


@pytest.fixture
def server():
    s = sm.SMSCserverSMPP()
    yield s
    s.close()


@pytest.fixture
def clients():
    """Factory of connected smpplib clients; all are closed at teardown."""
    made: List[smpplib.client.Client] = []

    def connect(port: int, timeout: float = WAIT) -> smpplib.client.Client:
        c = smpplib.client.Client("127.0.0.1", port, timeout=timeout, allow_unknown_opt_params=True)
        c.connect()
        made.append(c)
        return c

    yield connect
    for c in made:
        try:
            if c._socket is not None:
                c.disconnect()
        except Exception:
            pass


@pytest.fixture
def raw_clients():
    """Factory of raw-socket SMPP clients (tests/rawsmpp.py); closed at teardown."""
    from rawsmpp import RawSMPP

    made: List[RawSMPP] = []

    def connect(port: int, timeout: float = WAIT) -> RawSMPP:
        c = RawSMPP(port, timeout)
        made.append(c)
        return c

    yield connect
    for c in made:
        c.close()


@pytest.fixture
def smsc(server: sm.SMSCserverSMPP):
    """A started server that accepts, binds and acknowledges submits."""
    accept_all(server)
    login_ok(server)
    submit_ok(server)
    server.port = start(server)  # type: ignore[attr-defined]
    return server


def smpp_bind(c: smpplib.client.Client, mode: str = "transceiver", system_id: str = "esme1",
              password: str = "secret") -> Any:
    return getattr(c, "bind_" + mode)(system_id=system_id, password=password)


ESME_ROK = smpplib.consts.SMPP_ESME_ROK
