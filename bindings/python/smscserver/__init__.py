"""smscserver: the server side of an SMS centre (SMSC) for Python.

A ctypes binding of ``libsmscserver.so`` (bundled in the wheel) with the class,
method and event names of the SMSC server component it replaces::

    import smscserver

    s = smscserver.SMSCserverSMPP()
    s.OnSmppLoginReceived += lambda sender, e: sender.smppSendLoginResponse(
        e.ClientID, e.SequenceNumber, e.BindMode, 0, "my-smsc")
    s.OnSmppSubmitMessageReceived += lambda sender, e: sender.smppSendSubmitMessageResponse(
        e.ClientID, e.SequenceNumber, 0, "msg-1", False)
    if s.smppInitializeServer("", 2775, "") != 0:
        raise SystemExit("cannot listen")

Handlers are called as ``handler(sender, e)`` on a dispatcher thread owned by
this package (``async def`` handlers on an asyncio loop). Methods return the
library's int codes; :func:`error_text` explains one, :func:`check` raises
:class:`SmscError` for a non-zero one. Log output goes to the ``smscserver``
logger.

Process rules inherited from the Go runtime inside the library: load one Go
shared library per process, and do not ``fork()`` after the first server was
created (use ``multiprocessing`` with the "spawn" start method).
"""

from __future__ import annotations

from typing import Any

from ._args import (
    EventArgs,
    RequestEventArgs,
    smppCancelReceivedEventArgs,
    smppDeliverResponseReceivedEventArgs,
    smppLoginReceivedEventArgs,
    smppLogoutReceivedEventArgs,
    smppQueryReceivedEventArgs,
    smppRAWReceivedEventArgs,
    smppReplaceReceivedEventArgs,
    smppSubmitMessageCompletedEventArgs,
    smppSubmitMessageEventArgs,
    smppSubmitMessageIncompleteEventArgs,
    smppSubmitMessageReceivedEventArgs,
    smppTraceProtocolEventArgs,
    tcpConnectedEventArgs,
    tcpDisconnectedEventArgs,
)
from ._base import Event, EventHook, Handler, SMSCserver
from ._enums import (
    EncodingEnum,
    SubmitOptionEnum,
    smppBindModeEnum,
    smppMessageStateEnum,
    smppReportTypeEnum,
    smscDispatchMode,
    smscError,
)
from ._errors import SmscError, abi_version, check, error_text, version
from ._version import __version__
from .smpp import SMSCserverSMPP

__all__ = [
    "__version__",
    "SMSCserver",
    "SMSCserverSMPP",
    "Event",
    "EventHook",
    "Handler",
    "SmscError",
    "check",
    "error_text",
    "version",
    "abi_version",
    "smscError",
    "EncodingEnum",
    "SubmitOptionEnum",
    "smppBindModeEnum",
    "smppReportTypeEnum",
    "smppMessageStateEnum",
    "smscDispatchMode",
    "EventArgs",
    "RequestEventArgs",
    "tcpConnectedEventArgs",
    "tcpDisconnectedEventArgs",
    "smppLoginReceivedEventArgs",
    "smppLogoutReceivedEventArgs",
    "smppSubmitMessageEventArgs",
    "smppSubmitMessageReceivedEventArgs",
    "smppSubmitMessageCompletedEventArgs",
    "smppSubmitMessageIncompleteEventArgs",
    "smppDeliverResponseReceivedEventArgs",
    "smppRAWReceivedEventArgs",
    "smppTraceProtocolEventArgs",
    "smppQueryReceivedEventArgs",
    "smppCancelReceivedEventArgs",
    "smppReplaceReceivedEventArgs",
]

_PENDING = {
    "SMSCserverUCP": "ucpCreateServer",
    "SMSCserverCIMD2": "cimd2CreateServer",
}


def __getattr__(name: str) -> Any:
    if name in _PENDING:
        raise AttributeError(
            "smscserver.%s is not available yet: the C API does not export %s in this version "
            "(UCP/EMI and CIMD2 are being added to libsmscserver)" % (name, _PENDING[name])
        )
    raise AttributeError("module 'smscserver' has no attribute %r" % name)
