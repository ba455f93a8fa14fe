"""ctypes declarations of ``include/smscserver.h`` (ABI version 1).

Everything here mirrors the header one to one; the public classes live in
:mod:`smscserver._base`, :mod:`smscserver.smpp`, :mod:`smscserver.ucp` and
:mod:`smscserver.cimd2`. The library is loaded
lazily (on the first server, or the first :func:`smscserver.error_text`), so
importing the package starts no Go runtime: a process that forks after import
but before creating a server stays safe (abi-notes 2.6).

Which file is loaded: ``$SMSCSERVER_LIB`` when set (development against a
``make lib BUILD=...`` tree), otherwise the ``libsmscserver.so`` bundled in this
package by the wheel build. The library is never unloaded (Go does not
support ``dlclose``).
"""

from __future__ import annotations

import ctypes
import os
import threading
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint8,
    c_uint16,
    c_uint32,
    c_void_p,
)
from typing import Dict, List, Optional, Tuple

from ._version import ABI_VERSION

__all__ = ["load", "library_path", "EVENT_CALLBACK", "STRUCTS"]

#: Every event callback has the C type ``int (*)(void *userData, const Args *e)``.
#: One ctypes prototype serves them all: the args pointer arrives as an
#: integer address and is read through the matching Structure.
EVENT_CALLBACK = CFUNCTYPE(c_int, c_void_p, c_void_p)
#: A NULL callback (unregisters an event).
NULL_CALLBACK = EVENT_CALLBACK()

# ------------------------------------------------------------------ structs


class tcpConnectedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("RemoteHost", c_char_p),
        ("RemotePort", c_int32),
    ]


class tcpDisconnectedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("Reason", c_int32),
        ("ReasonText", c_char_p),
    ]


class smppLoginReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("SystemID", c_char_p),
        ("Password", c_char_p),
        ("SystemType", c_char_p),
        ("InterfaceVersion", c_uint8),
        ("AddressTON", c_uint8),
        ("AddressNPI", c_uint8),
        ("AddressRange", c_char_p),
        ("BindMode", c_int32),
    ]


class smppLogoutReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
    ]


class smppSubmitMessageEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("Destination", c_char_p),
        ("DestinationTON", c_uint8),
        ("DestinationNPI", c_uint8),
        ("Originator", c_char_p),
        ("OriginatorTON", c_uint8),
        ("OriginatorNPI", c_uint8),
        ("Content", c_char_p),
        ("Encoding", c_int32),
        ("UserDataHeader", c_char_p),
        ("Options", c_uint32),
        ("DeliveryTime", c_int64),
        ("ValidityPeriod", c_int64),
        ("ServiceType", c_char_p),
        ("ProtocolID", c_uint8),
        ("Priority", c_uint8),
        ("DataCoding", c_uint8),
        ("RegisteredDelivery", c_uint8),
        ("EsmClass", c_uint8),
        ("ExtendedParameters", c_char_p),
        ("SequenceNumbers", POINTER(c_uint32)),
        ("SequenceNumberCount", c_size_t),
    ]


class smppSubmitMessageIncompleteEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("Originator", c_char_p),
        ("Destination", c_char_p),
        ("Reference", c_uint16),
        ("Total", c_int32),
        ("Received", c_int32),
        ("SequenceNumbers", POINTER(c_uint32)),
        ("SequenceNumberCount", c_size_t),
    ]


class smppDeliverResponseReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("Status", c_uint32),
        ("MessageID", c_char_p),
        ("ExtendedParameters", c_char_p),
    ]


class smppRAWReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("CommandID", c_uint32),
        ("CommandStatus", c_uint32),
        ("Payload", c_char_p),
    ]


class smppTraceProtocolEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("FromAddress", c_char_p),
        ("ToAddress", c_char_p),
        ("Operation", c_uint32),
        ("OperationType", c_uint32),
        ("PDU", c_char_p),
    ]


class smppQueryReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("MessageID", c_char_p),
        ("Originator", c_char_p),
        ("OriginatorTON", c_uint8),
        ("OriginatorNPI", c_uint8),
    ]


class smppCancelReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("ServiceType", c_char_p),
        ("MessageID", c_char_p),
        ("Originator", c_char_p),
        ("OriginatorTON", c_uint8),
        ("OriginatorNPI", c_uint8),
        ("Destination", c_char_p),
        ("DestinationTON", c_uint8),
        ("DestinationNPI", c_uint8),
    ]


class smppReplaceReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("SequenceNumber", c_uint32),
        ("MessageID", c_char_p),
        ("Originator", c_char_p),
        ("OriginatorTON", c_uint8),
        ("OriginatorNPI", c_uint8),
        ("DeliveryTime", c_int64),
        ("ValidityPeriod", c_int64),
        ("Options", c_uint32),
        ("RegisteredDelivery", c_uint8),
        ("DefaultMessageID", c_uint8),
        ("Content", c_char_p),
    ]


# ------------------------------------------------------------------ UCP/EMI


class ucpLoginReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("UserIdentity", c_char_p),
        ("Originator", c_char_p),
        ("Password", c_char_p),
        ("NewPassword", c_char_p),
        ("OTON", c_uint8),
        ("ONPI", c_uint8),
        ("STYP", c_uint8),
        ("VERS", c_char_p),
        ("OPID", c_char_p),
        ("ExtendedParameters", c_char_p),
    ]


class ucpSubmitMessageEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("Destination", c_char_p),
        ("Originator", c_char_p),
        ("Content", c_char_p),
        ("Encoding", c_int32),
        ("Options", c_uint32),
        ("UserDataHeader", c_char_p),
        ("DeliveryTime", c_int64),
        ("ValidityPeriod", c_int64),
        ("ExtendedParameters", c_char_p),
        ("TransactionNumbers", POINTER(c_uint32)),
        ("TimeStamps", POINTER(c_int64)),
        ("PartCount", c_size_t),
    ]


class ucpSubmitMessageIncompleteEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("Originator", c_char_p),
        ("Destination", c_char_p),
        ("Reference", c_uint16),
        ("Total", c_int32),
        ("Received", c_int32),
        ("TransactionNumbers", POINTER(c_uint32)),
        ("TimeStamps", POINTER(c_int64)),
        ("PartCount", c_size_t),
    ]


class ucpDeliverResponseReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("OperationType", c_uint32),
        ("ErrorCode", c_uint32),
        ("ErrorMessage", c_char_p),
        ("ExtendedParameters", c_char_p),
    ]


class ucpRAWReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("OperationType", c_uint32),
        ("IsResult", c_int32),
        ("Payload", c_char_p),
    ]


class ucpTraceProtocolEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("FromAddress", c_char_p),
        ("ToAddress", c_char_p),
        ("Operation", c_uint32),
        ("OperationType", c_uint32),
        ("PDU", c_char_p),
    ]


# -------------------------------------------------------------------- CIMD2


class cimd2LoginReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("UserIdentity", c_char_p),
        ("Password", c_char_p),
        ("ExtendedParameters", c_char_p),
    ]


class cimd2LogoutReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
    ]


class cimd2SubmitMessageEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("Destination", c_char_p),
        ("Originator", c_char_p),
        ("Content", c_char_p),
        ("Encoding", c_int32),
        ("Options", c_uint32),
        ("UserDataHeader", c_char_p),
        ("DeliveryTime", c_int64),
        ("ValidityPeriod", c_int64),
        ("ExtendedParameters", c_char_p),
        ("TransactionNumbers", POINTER(c_uint32)),
        ("TimeStamps", POINTER(c_int64)),
        ("PartCount", c_size_t),
    ]


class cimd2SubmitMessageIncompleteEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("Originator", c_char_p),
        ("Destination", c_char_p),
        ("Reference", c_uint16),
        ("Total", c_int32),
        ("Received", c_int32),
        ("TransactionNumbers", POINTER(c_uint32)),
        ("PartCount", c_size_t),
    ]


class cimd2DeliverResponseReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("ErrorCode", c_uint32),
        ("Code", c_int32),
        ("ErrorMessage", c_char_p),
        ("ExtendedParameters", c_char_p),
    ]


class cimd2RAWReceivedEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("TransactionNumber", c_uint32),
        ("Code", c_int32),
        ("Payload", c_char_p),
    ]


class cimd2TraceProtocolEventArgs(Structure):
    _fields_ = [
        ("ClientID", c_int32),
        ("FromAddress", c_char_p),
        ("ToAddress", c_char_p),
        ("Operation", c_uint32),
        ("OperationType", c_uint32),
        ("PDU", c_char_p),
    ]


#: C struct name -> ctypes Structure (the layout test compiles the header and
#: compares every offset against these).
STRUCTS: Dict[str, type] = {
    cls.__name__: cls
    for cls in (
        tcpConnectedEventArgs,
        tcpDisconnectedEventArgs,
        smppLoginReceivedEventArgs,
        smppLogoutReceivedEventArgs,
        smppSubmitMessageEventArgs,
        smppSubmitMessageIncompleteEventArgs,
        smppDeliverResponseReceivedEventArgs,
        smppRAWReceivedEventArgs,
        smppTraceProtocolEventArgs,
        smppQueryReceivedEventArgs,
        smppCancelReceivedEventArgs,
        smppReplaceReceivedEventArgs,
        ucpLoginReceivedEventArgs,
        ucpSubmitMessageEventArgs,
        ucpSubmitMessageIncompleteEventArgs,
        ucpDeliverResponseReceivedEventArgs,
        ucpRAWReceivedEventArgs,
        ucpTraceProtocolEventArgs,
        cimd2LoginReceivedEventArgs,
        cimd2LogoutReceivedEventArgs,
        cimd2SubmitMessageEventArgs,
        cimd2SubmitMessageIncompleteEventArgs,
        cimd2DeliverResponseReceivedEventArgs,
        cimd2RAWReceivedEventArgs,
        cimd2TraceProtocolEventArgs,
    )
}

# --------------------------------------------------------------- functions

_H = c_void_p  # SMSCserver *
_S = c_char_p  # const char * (UTF-8, borrowed)
_u32 = c_uint32

#: name -> (restype, argtypes), in header order (SMPP, then UCP/EMI, then CIMD2).
PROTOTYPES: Dict[str, Tuple[object, List[object]]] = {
    "smscErrorText": (c_char_p, [c_int]),
    "smscAbiVersion": (c_int, []),
    "smscVersion": (c_char_p, []),
    "smppCreateServer": (_H, []),
    "smscDestroyServer": (c_int, [_H]),
    "smscSetDispatchMode": (c_int, [_H, c_int]),
    "smscDispatchEvents": (c_int, [_H, c_int, c_int]),
    "smscWakeDispatcher": (c_int, [_H]),
    "smppInitializeServer": (c_int, [_H, _S, c_int, _S]),
    "smppFinalizeServer": (c_int, [_H]),
    "smscGetLocalPort": (c_int, [_H]),
    "smscGetConnectionCount": (c_int, [_H]),
    "smscGetKeepAliveInterval": (c_int, [_H]),
    "smscSetKeepAliveInterval": (c_int, [_H, c_int]),
    "smscGetThrottleRate": (c_int, [_H]),
    "smscSetThrottleRate": (c_int, [_H, c_int]),
    "tcpAcceptConnection": (c_int, [_H, c_int]),
    "tcpCloseConnection": (c_int, [_H, c_int]),
    "tcpCloseAllConnections": (c_int, [_H]),
    "smppSendLoginResponse": (c_int, [_H, c_int, _u32, c_int, _u32, _S]),
    "smppSendLogoutResponse": (c_int, [_H, c_int, _u32, _u32]),
    "smppSendSubmitMessageResponse": (c_int, [_H, c_int, _u32, _u32, _S, c_int]),
    "smppSendSubmitMultiMessageResponse": (c_int, [_H, c_int, _u32, _u32, _S, _S]),
    "smppSendDeliverMessage": (
        c_int,
        [_H, c_int, _u32, _S, c_int, c_int, _S, c_int, c_int, _S, c_int, _S, _u32, _S, _S,
         POINTER(c_uint32), c_size_t, POINTER(c_size_t)],
    ),
    "smppSendDeliverStatusReport": (
        c_int,
        [_H, c_int, _u32, _S, c_int, c_int, _S, c_int, c_int, c_int, _S, _S, c_int, c_int,
         c_int64, c_int64, c_int, c_int, _S, _S],
    ),
    "smppSendRAW": (c_int, [_H, c_int, _u32, _u32, _u32, _S]),
    "smppSendQueryResponse": (c_int, [_H, c_int, _u32, _u32, _S, c_int64, c_int, c_int]),
    "smppSendCancelResponse": (c_int, [_H, c_int, _u32, _u32]),
    "smppSendReplaceResponse": (c_int, [_H, c_int, _u32, _u32]),
    # UCP/EMI
    "ucpCreateServer": (_H, []),
    "ucpInitializeServer": (c_int, [_H, _S, c_int, _S]),
    "ucpFinalizeServer": (c_int, [_H]),
    "ucpSendLoginResponse": (c_int, [_H, c_int, _u32, _u32, _S]),
    "ucpSendSubmitMessageResponse": (c_int, [_H, c_int, _u32, _S, c_int64, _u32, _S]),
    "ucpSendDeliverMessage": (
        c_int,
        [_H, c_int, _u32, _S, _S, _S, c_int, _S, _u32, c_int64, _S, POINTER(c_uint32), c_size_t,
         POINTER(c_size_t)],
    ),
    "ucpSendDeliverStatusReport": (c_int, [_H, c_int, _u32, c_int64, _S, _S, c_int, c_int, c_int64, _S]),
    "ucpSendRAW": (c_int, [_H, c_int, _u32, _u32, _S]),
    # CIMD2
    "cimd2CreateServer": (_H, []),
    "cimd2InitializeServer": (c_int, [_H, _S, c_int, _S]),
    "cimd2FinalizeServer": (c_int, [_H]),
    "cimd2SendRAW": (c_int, [_H, c_int, _u32, _u32, _S]),
    "cimd2SendLoginResponse": (c_int, [_H, c_int, _u32, _u32, _S]),
    "cimd2SendDeliverMessage": (
        c_int,
        [_H, c_int, _u32, _S, _S, _S, c_int, _S, _u32, c_int64, _S, POINTER(c_uint32), c_size_t,
         POINTER(c_size_t)],
    ),
    "cimd2SendDeliverStatusReport": (c_int, [_H, c_int, _u32, c_int64, _S, c_int, c_int, c_int64, _S]),
    "cimd2SendSubmitMessageResponse": (c_int, [_H, c_int, _u32, _S, c_int64, _u32, _S]),
}

#: Event registration functions: smscSetOn<Event>(h, cb, userData).
EVENT_SETTERS = [
    "smscSetOnTcpConnected",
    "smscSetOnTcpDisconnected",
    "smscSetOnSmppLoginReceived",
    "smscSetOnSmppLogoutReceived",
    "smscSetOnSmppSubmitMessageReceived",
    "smscSetOnSmppSubmitMessageCompleted",
    "smscSetOnSmppSubmitMessageIncomplete",
    "smscSetOnSmppDeliverResponseReceived",
    "smscSetOnSmppRAWReceived",
    "smscSetOnSmppTraceProtocol",
    "smscSetOnSmppQueryReceived",
    "smscSetOnSmppCancelReceived",
    "smscSetOnSmppReplaceReceived",
    "smscSetOnUcpLoginReceived",
    "smscSetOnUcpSubmitMessageReceived",
    "smscSetOnUcpSubmitMessageCompleted",
    "smscSetOnUcpSubmitMessageIncomplete",
    "smscSetOnUcpDeliverResponseReceived",
    "smscSetOnUcpRAWReceived",
    "smscSetOnUcpTraceProtocol",
    "smscSetOnCimd2LoginReceived",
    "smscSetOnCimd2LogoutReceived",
    "smscSetOnCimd2SubmitMessageReceived",
    "smscSetOnCimd2SubmitMessageCompleted",
    "smscSetOnCimd2SubmitMessageIncomplete",
    "smscSetOnCimd2DeliverResponseReceived",
    "smscSetOnCimd2RAWReceived",
    "smscSetOnCimd2TraceProtocol",
]
for _name in EVENT_SETTERS:
    PROTOTYPES[_name] = (c_int, [_H, EVENT_CALLBACK, c_void_p])

#: Names bound only when the loaded library exports them (none today: every
#: function of ABI version 1, SMPP, UCP/EMI and CIMD2, is required).
OPTIONAL: "set[str]" = set()

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_path: Optional[str] = None
#: Names of PROTOTYPES the loaded library does not export (only OPTIONAL ones).
missing: List[str] = []


def library_path() -> str:
    """The path :func:`load` uses: ``$SMSCSERVER_LIB`` or the bundled file."""
    env = os.environ.get("SMSCSERVER_LIB")
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "libsmscserver.so")


def load() -> ctypes.CDLL:
    """Load ``libsmscserver.so`` once, declare every prototype, check the ABI."""
    global _lib, _path
    lib = _lib
    if lib is not None:
        return lib
    with _lock:
        if _lib is not None:
            return _lib
        path = library_path()
        if not os.path.exists(path):
            raise ImportError(
                "smscserver: libsmscserver.so not found at %s. Install the wheel built by "
                "`make wheel` (it bundles the library), or point SMSCSERVER_LIB at a library "
                "built with `make lib`." % path
            )
        lib = ctypes.CDLL(path)
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(lib, name)
            except AttributeError:
                if name in OPTIONAL:
                    missing.append(name)
                    continue
                raise ImportError("smscserver: %s does not export %s" % (path, name))
            fn.restype = restype
            fn.argtypes = argtypes
        abi = lib.smscAbiVersion()
        if abi != ABI_VERSION:
            raise ImportError(
                "smscserver: %s has ABI version %d, this package needs %d" % (path, abi, ABI_VERSION)
            )
        _path = path
        _lib = lib
        return lib


def has(name: str) -> bool:
    """Whether the loaded library exports the C function ``name``."""
    return hasattr(load(), name)
