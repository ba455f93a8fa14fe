#!/usr/bin/env python3
"""Benchmark host: an SMPP server answering binds and submits from Python handlers.

    python bindings/python/bench/host.py [--async]

Prints ``port N``. Reads commands on stdin: ``mark`` prints
``events E cpu S`` (S = CPU seconds used so far by the thread that runs the
handlers: the package's dispatcher thread, or the asyncio loop's thread plus
the dispatcher with --async); ``quit`` or EOF stops. The handler does what a
real host must do per submit: build a message id and answer through
``smppSendSubmitMessageResponse``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time

import smscserver
from smscserver import SMSCserverSMPP


def thread_cpu(t: threading.Thread) -> float:
    return time.clock_gettime(time.pthread_getcpuclockid(t.ident))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--async", dest="use_async", action="store_true", help="answer submits from an async def handler")
    args = ap.parse_args()

    events = [0]
    s = SMSCserverSMPP()
    loop = None
    threads = [s.dispatcher_thread]

    def on_login(sender: SMSCserverSMPP, e: smscserver.smppLoginReceivedEventArgs) -> None:
        sender.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")

    s.OnSmppLoginReceived += on_login

    if args.use_async:
        loop = asyncio.new_event_loop()
        lt = threading.Thread(target=loop.run_forever, name="asyncio", daemon=True)
        lt.start()
        threads.append(lt)
        s.event_loop = loop

        async def on_submit_async(sender: SMSCserverSMPP, e: smscserver.smppSubmitMessageReceivedEventArgs) -> None:
            events[0] += 1
            sender.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, str(e.SequenceNumber), False)

        s.OnSmppSubmitMessageReceived += on_submit_async
    else:
        def on_submit(sender: SMSCserverSMPP, e: smscserver.smppSubmitMessageReceivedEventArgs) -> None:
            events[0] += 1
            sender.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, str(e.SequenceNumber), False)

        s.OnSmppSubmitMessageReceived += on_submit

    rc = s.smppInitializeServer("127.0.0.1", 0, "")
    if rc != 0:
        print("init failed: %s" % smscserver.error_text(rc), file=sys.stderr)
        return 1
    print("port %d" % s.LocalPort, flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "mark":
            print("events %d cpu %.6f" % (events[0], sum(thread_cpu(t) for t in threads)), flush=True)
        elif cmd == "quit":
            break
    s.close()
    if loop is not None:
        loop.call_soon_threadsafe(loop.stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
