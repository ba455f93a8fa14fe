"""The asyncio adapter: ``async def`` handlers run on an event loop and answer
through the same methods; the package does the thread hand-off."""

from __future__ import annotations

import asyncio
import threading

import pytest
import smpplib.exceptions

import smscserver as sm
from conftest import WAIT, accept_all, smpp_bind, start
import smpplib.client


def _client(port):
    c = smpplib.client.Client("127.0.0.1", port, timeout=WAIT, allow_unknown_opt_params=True)
    c.connect()
    return c


def test_async_handlers_on_running_loop():
    seen = {}

    async def main():
        loop_thread = threading.current_thread()
        async with sm.SMSCserverSMPP() as s:
            accept_all(s)

            async def on_login(sender, e):
                await asyncio.sleep(0.01)  # e.g. an async password check
                seen["login_thread"] = threading.current_thread()
                sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "async-smsc")

            async def on_submit(sender, e):
                await asyncio.sleep(0)
                seen.setdefault("submits", []).append(e.Content)
                sender.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "a-" + e.Content, False)

            s.OnSmppLoginReceived += on_login  # loop taken from the running loop
            s.OnSmppSubmitMessageReceived += on_submit
            assert s.event_loop is asyncio.get_running_loop()
            port = start(s)

            def esme():
                c = _client(port)
                try:
                    assert smpp_bind(c).system_id == b"async-smsc"
                    ids = []
                    for i in range(10):
                        c.send_message(source_addr="1", destination_addr="2", short_message=b"m%d" % i)
                    for i in range(10):
                        ids.append(c.read_pdu().message_id)
                    return ids
                finally:
                    c.disconnect()

            ids = await asyncio.get_running_loop().run_in_executor(None, esme)
            assert sorted(ids) == sorted(b"a-m%d" % i for i in range(10))
            assert seen["login_thread"] is loop_thread
        assert s.closed

    asyncio.run(asyncio.wait_for(main(), 20))
    assert sorted(seen["submits"]) == sorted("m%d" % i for i in range(10))


def test_async_handler_on_loop_in_other_thread():
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()
    try:
        with sm.SMSCserverSMPP(loop=loop) as s:
            accept_all(s)
            threads = []

            async def on_login(sender, e):
                threads.append(threading.current_thread())
                sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")

            s.OnSmppLoginReceived += on_login
            port = start(s)
            c = _client(port)
            try:
                assert smpp_bind(c).status == 0
            finally:
                c.disconnect()
            assert threads == [t]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        t.join(5)
        loop.close()


def test_async_handler_exception_logged_and_default_after_response_timeout(expect_handler_errors):
    async def main():
        async with sm.SMSCserverSMPP() as s:
            accept_all(s)

            async def broken_login(sender, e):
                raise ValueError("async boom")

            s.OnSmppLoginReceived += broken_login
            port = start(s, "response-timeout=1")

            def esme():
                c = _client(port)
                try:
                    with pytest.raises(smpplib.exceptions.PDUError) as ei:
                        smpp_bind(c)
                    return ei.value.args[1]
                finally:
                    c.disconnect()

            return await asyncio.get_running_loop().run_in_executor(None, esme)

    status = asyncio.run(asyncio.wait_for(main(), 20))
    assert status == 0x0D  # ESME_RBINDFAIL from the library
    assert [str(r.exc_info[1]) for r in expect_handler_errors] == ["async boom"]


def test_async_handler_needs_a_loop(server):
    async def h(sender, e):
        pass

    with pytest.raises(RuntimeError, match="event loop"):
        server.OnSmppLoginReceived += h
    assert len(server.OnSmppLoginReceived) == 0


def test_closed_loop_falls_back_to_default(server, clients, expect_handler_errors):
    loop = asyncio.new_event_loop()
    loop.close()
    server.event_loop = loop
    accept_all(server)

    async def on_login(sender, e):
        sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")

    server.OnSmppLoginReceived += on_login
    port = start(server)
    with pytest.raises(smpplib.exceptions.PDUError) as ei:
        smpp_bind(clients(port))
    assert ei.value.args[1] == 0x0D  # at once, not after response-timeout
    [rec] = expect_handler_errors
    assert "OnSmppLoginReceived" in rec.getMessage() and isinstance(rec.exc_info[1], RuntimeError)


def test_mixed_sync_and_async_handlers():
    order = []

    async def main():
        async with sm.SMSCserverSMPP() as s:
            accept_all(s)
            s.OnSmppLoginReceived += lambda sender, e: order.append(("sync", threading.current_thread().name))

            async def a(sender, e):
                order.append(("async", threading.current_thread().name))
                sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "x")

            s.OnSmppLoginReceived += a
            port = start(s)

            def esme():
                c = _client(port)
                try:
                    return smpp_bind(c).status
                finally:
                    c.disconnect()

            assert await asyncio.get_running_loop().run_in_executor(None, esme) == 0

    asyncio.run(asyncio.wait_for(main(), 20))
    assert order[0][0] == "sync" and order[0][1].startswith("smscserver-dispatch")
    assert order[1] == ("async", threading.main_thread().name)
