"""smscserver: the server side of an SMS centre (SMSC) for Python.

A ctypes binding of ``libsmscserver.so`` (bundled in the wheel) with the class,
method and event names of the SMSC server component it replaces:
:class:`SMSCserverSMPP`, :class:`SMSCserverUCP` (UCP/EMI) and
:class:`SMSCserverCIMD2`, all built on :class:`SMSCserver`::

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

# The event-argument classes and the enums are exported under the names
# their modules list in __all__, so the lists are kept in one place.
from . import _args, _enums
from ._args import *  # noqa: F401,F403
from ._base import SMSCserver
from ._event import Event, EventHook, Handler
from ._enums import *  # noqa: F401,F403
from ._statistics import LatencyHistogram, Statistics
from ._errors import SmscError, abi_version, check, error_text, version
from ._version import __version__
from .cimd2 import SMSCserverCIMD2
from .smpp import SMSCserverSMPP
from .ucp import SMSCserverUCP

#: The reference's signatures name the options type ``SubmitOption`` beside
#: the ``SubmitOptionEnum`` whose members they list: both names are the
#: same flag type here.
SubmitOption = SubmitOptionEnum  # noqa: F405

__all__ = [
    "__version__",
    "SMSCserver",
    "SMSCserverSMPP",
    "SMSCserverUCP",
    "SMSCserverCIMD2",
    "Event",
    "EventHook",
    "Handler",
    "SmscError",
    "check",
    "error_text",
    "version",
    "abi_version",
    "SubmitOption",
    "Statistics",
    "LatencyHistogram",
] + _enums.__all__ + _args.__all__
