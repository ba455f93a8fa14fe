"""Event-argument classes (field names as in the header and the reference).

Every instance is a copy made inside the C callback: it stays valid after the
handler returns and may be kept or passed to another thread. Times are
timezone-aware UTC :class:`datetime.datetime` objects, or ``None`` when the
PDU did not set them. Strings are ``str``; binary contents stay hex ``str`` as
in the C API.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from . import _ffi
from ._enums import EncodingEnum, SubmitOptionEnum, smppBindModeEnum

__all__ = [
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

_UTC = timezone.utc
_ENCODINGS: Tuple[EncodingEnum, ...] = tuple(EncodingEnum)
_BIND_MODES: Tuple[smppBindModeEnum, ...] = tuple(smppBindModeEnum)
_OPTIONS: Dict[int, SubmitOptionEnum] = {}


def _str(b: Optional[bytes]) -> str:
    return b.decode("utf-8", "replace") if b else ""


def _time(ms: int) -> Optional[datetime]:
    """Unix milliseconds (0 = not set) to an aware UTC datetime."""
    if not ms:
        return None
    return datetime.fromtimestamp(ms / 1000.0, _UTC)


def _encoding(v: int) -> "EncodingEnum | int":
    return _ENCODINGS[v] if 0 <= v < len(_ENCODINGS) else v


def _bind_mode(v: int) -> "smppBindModeEnum | int":
    return _BIND_MODES[v] if 0 <= v < len(_BIND_MODES) else v


def _options(v: int) -> SubmitOptionEnum:
    o = _OPTIONS.get(v)
    if o is None:
        o = SubmitOptionEnum(v)
        if len(_OPTIONS) < 4096:
            _OPTIONS[v] = o
    return o


class EventArgs:
    """Base of every event-argument class."""

    __slots__: Tuple[str, ...] = ()

    def _fields(self) -> List[str]:
        names: List[str] = []
        for cls in reversed(type(self).__mro__):
            for n in getattr(cls, "__slots__", ()):
                if not n.startswith("_"):
                    names.append(n)
        return names

    def __repr__(self) -> str:
        body = ", ".join("%s=%r" % (n, getattr(self, n, None)) for n in self._fields())
        return "%s(%s)" % (type(self).__name__, body)

    def as_dict(self) -> Dict[str, Any]:
        """The fields as a dict (for logging or JSON)."""
        return {n: getattr(self, n, None) for n in self._fields()}


class RequestEventArgs(EventArgs):
    """Arguments of a request the host answers (login, logout, submit, RAW, query, ...).

    ``Decline()`` hands the request back: when the handler returns, the
    library sends its default answer, exactly as if no handler were
    registered (a handler raising an exception has the same effect).
    """

    __slots__ = ("_declined",)

    def __init__(self) -> None:
        self._declined = False

    def Decline(self) -> None:
        """Ask for the library's default answer once the handler returns."""
        self._declined = True

    @property
    def Declined(self) -> bool:
        """Whether :meth:`Decline` was called."""
        return self._declined


# ----------------------------------------------------------------- TCP events


class tcpConnectedEventArgs(EventArgs):
    """``OnTcpConnected``: a client connected; accept it with ``tcpAcceptConnection``
    or reject it with ``tcpCloseConnection``."""

    __slots__ = ("ClientID", "RemoteHost", "RemotePort")

    def __init__(self, ClientID: int, RemoteHost: str, RemotePort: int) -> None:
        self.ClientID: int = ClientID  #: connection identifier used by every method
        self.RemoteHost: str = RemoteHost  #: "127.0.0.1", "::1"
        self.RemotePort: int = RemotePort


def _tcp_connected(p: int) -> tcpConnectedEventArgs:
    s = _ffi.tcpConnectedEventArgs.from_address(p)
    return tcpConnectedEventArgs(s.ClientID, _str(s.RemoteHost), s.RemotePort)


class tcpDisconnectedEventArgs(EventArgs):
    """``OnTcpDisconnected``: the last event of a connection."""

    __slots__ = ("ClientID", "Reason", "ReasonText")

    def __init__(self, ClientID: int, Reason: int, ReasonText: str) -> None:
        self.ClientID: int = ClientID
        #: 0 closed by the peer, -1 by the library or host, > 0 an errno
        self.Reason: int = Reason
        self.ReasonText: str = ReasonText  #: why, in words


def _tcp_disconnected(p: int) -> tcpDisconnectedEventArgs:
    s = _ffi.tcpDisconnectedEventArgs.from_address(p)
    return tcpDisconnectedEventArgs(s.ClientID, s.Reason, _str(s.ReasonText))


# ---------------------------------------------------------------- SMPP events


class smppLoginReceivedEventArgs(RequestEventArgs):
    """``OnSmppLoginReceived``: a bind; answer with ``smppSendLoginResponse``."""

    __slots__ = ("ClientID", "SequenceNumber", "SystemID", "Password", "SystemType",
                 "InterfaceVersion", "AddressTON", "AddressNPI", "AddressRange", "BindMode")

    def __init__(self, ClientID: int, SequenceNumber: int, SystemID: str, Password: str,
                 SystemType: str, InterfaceVersion: int, AddressTON: int, AddressNPI: int,
                 AddressRange: str, BindMode: "smppBindModeEnum | int") -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        self.SystemID: str = SystemID
        self.Password: str = Password
        self.SystemType: str = SystemType
        #: 0x33 and lower = 3.3, 0x34 = 3.4, 0x50 = 5.0
        self.InterfaceVersion: int = InterfaceVersion
        self.AddressTON: int = AddressTON
        self.AddressNPI: int = AddressNPI
        self.AddressRange: str = AddressRange
        self.BindMode: "smppBindModeEnum | int" = BindMode


def _smpp_login(p: int) -> smppLoginReceivedEventArgs:
    s = _ffi.smppLoginReceivedEventArgs.from_address(p)
    return smppLoginReceivedEventArgs(
        s.ClientID, s.SequenceNumber, _str(s.SystemID), _str(s.Password), _str(s.SystemType),
        s.InterfaceVersion, s.AddressTON, s.AddressNPI, _str(s.AddressRange), _bind_mode(s.BindMode))


class smppLogoutReceivedEventArgs(RequestEventArgs):
    """``OnSmppLogoutReceived``: an unbind; answer with ``smppSendLogoutResponse``."""

    __slots__ = ("ClientID", "SequenceNumber")

    def __init__(self, ClientID: int, SequenceNumber: int) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber


def _smpp_logout(p: int) -> smppLogoutReceivedEventArgs:
    s = _ffi.smppLogoutReceivedEventArgs.from_address(p)
    return smppLogoutReceivedEventArgs(s.ClientID, s.SequenceNumber)


class smppSubmitMessageEventArgs(RequestEventArgs):
    """Fields shared by ``OnSmppSubmitMessageReceived`` and ``...Completed``."""

    __slots__ = ("ClientID", "SequenceNumber", "Destination", "DestinationTON", "DestinationNPI",
                 "Originator", "OriginatorTON", "OriginatorNPI", "Content", "Encoding",
                 "UserDataHeader", "Options", "DeliveryTime", "ValidityPeriod", "ServiceType",
                 "ProtocolID", "Priority", "DataCoding", "RegisteredDelivery", "EsmClass",
                 "ExtendedParameters", "SequenceNumbers")

    def __init__(self, ClientID: int, SequenceNumber: int, Destination: str, DestinationTON: int,
                 DestinationNPI: int, Originator: str, OriginatorTON: int, OriginatorNPI: int,
                 Content: str, Encoding: "EncodingEnum | int", UserDataHeader: str,
                 Options: SubmitOptionEnum, DeliveryTime: Optional[datetime],
                 ValidityPeriod: Optional[datetime], ServiceType: str, ProtocolID: int,
                 Priority: int, DataCoding: int, RegisteredDelivery: int, EsmClass: int,
                 ExtendedParameters: str, SequenceNumbers: List[int]) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        #: submit_multi: all destinations joined by ';'
        self.Destination: str = Destination
        self.DestinationTON: int = DestinationTON
        self.DestinationNPI: int = DestinationNPI
        self.Originator: str = Originator
        self.OriginatorTON: int = OriginatorTON
        self.OriginatorNPI: int = OriginatorNPI
        self.Content: str = Content  #: decoded text; hex for binary data
        self.Encoding: "EncodingEnum | int" = Encoding
        self.UserDataHeader: str = UserDataHeader  #: hex incl. UDHL, "" when none
        self.Options: SubmitOptionEnum = Options
        self.DeliveryTime: Optional[datetime] = DeliveryTime
        self.ValidityPeriod: Optional[datetime] = ValidityPeriod
        self.ServiceType: str = ServiceType
        self.ProtocolID: int = ProtocolID
        self.Priority: int = Priority
        self.DataCoding: int = DataCoding
        self.RegisteredDelivery: int = RegisteredDelivery
        self.EsmClass: int = EsmClass
        #: "smpp.command=submit_sm;smpp.tlv.<name>=<hex>;..."
        self.ExtendedParameters: str = ExtendedParameters
        #: Completed: sequence numbers of the parts in part order; Received: []
        self.SequenceNumbers: List[int] = SequenceNumbers


class smppSubmitMessageReceivedEventArgs(smppSubmitMessageEventArgs):
    """``OnSmppSubmitMessageReceived``: every submitted part (submit_sm, submit_multi,
    data_sm); answer with ``smppSendSubmitMessageResponse``."""

    __slots__ = ()


class smppSubmitMessageCompletedEventArgs(smppSubmitMessageEventArgs):
    """``OnSmppSubmitMessageCompleted``: the whole message once all parts arrived
    (single-part messages too), with ``SequenceNumbers`` of its parts. Not a
    request: the parts were answered in ``OnSmppSubmitMessageReceived``."""

    __slots__ = ()


def _submit(cls: type, p: int) -> Any:
    # The hottest builder (one per submitted part): strings and times inlined.
    s = _ffi.smppSubmitMessageEventArgs.from_address(p)
    n = s.SequenceNumberCount
    dest, orig, content, udh, st, ext = (s.Destination, s.Originator, s.Content, s.UserDataHeader,
                                         s.ServiceType, s.ExtendedParameters)
    dt, vp, enc = s.DeliveryTime, s.ValidityPeriod, s.Encoding
    return cls(
        s.ClientID, s.SequenceNumber, dest.decode("utf-8", "replace") if dest else "",
        s.DestinationTON, s.DestinationNPI, orig.decode("utf-8", "replace") if orig else "",
        s.OriginatorTON, s.OriginatorNPI, content.decode("utf-8", "replace") if content else "",
        _ENCODINGS[enc] if 0 <= enc < 7 else enc, udh.decode("utf-8", "replace") if udh else "",
        _options(s.Options), _time(dt) if dt else None,
        _time(vp) if vp else None, st.decode("utf-8", "replace") if st else "", s.ProtocolID,
        s.Priority, s.DataCoding, s.RegisteredDelivery, s.EsmClass,
        ext.decode("utf-8", "replace") if ext else "", s.SequenceNumbers[:n] if n else [])


def _smpp_submit_received(p: int) -> smppSubmitMessageReceivedEventArgs:
    e: smppSubmitMessageReceivedEventArgs = _submit(smppSubmitMessageReceivedEventArgs, p)
    return e


def _smpp_submit_completed(p: int) -> smppSubmitMessageCompletedEventArgs:
    e: smppSubmitMessageCompletedEventArgs = _submit(smppSubmitMessageCompletedEventArgs, p)
    return e


class smppSubmitMessageIncompleteEventArgs(EventArgs):
    """``OnSmppSubmitMessageIncomplete``: a multipart message dropped because parts
    were missing after reassembly-timeout or when the connection ended."""

    __slots__ = ("ClientID", "Originator", "Destination", "Reference", "Total", "Received",
                 "SequenceNumbers")

    def __init__(self, ClientID: int, Originator: str, Destination: str, Reference: int,
                 Total: int, Received: int, SequenceNumbers: List[int]) -> None:
        self.ClientID: int = ClientID
        self.Originator: str = Originator
        self.Destination: str = Destination
        self.Reference: int = Reference  #: concatenation reference number
        self.Total: int = Total  #: parts announced
        self.Received: int = Received  #: parts that arrived
        self.SequenceNumbers: List[int] = SequenceNumbers  #: of the parts that arrived


def _smpp_submit_incomplete(p: int) -> smppSubmitMessageIncompleteEventArgs:
    s = _ffi.smppSubmitMessageIncompleteEventArgs.from_address(p)
    n = s.SequenceNumberCount
    return smppSubmitMessageIncompleteEventArgs(
        s.ClientID, _str(s.Originator), _str(s.Destination), s.Reference, s.Total, s.Received,
        s.SequenceNumbers[:n] if n else [])


class smppDeliverResponseReceivedEventArgs(EventArgs):
    """``OnSmppDeliverResponseReceived``: the client's answer to a deliver_sm
    (match it through ``SequenceNumber``)."""

    __slots__ = ("ClientID", "SequenceNumber", "Status", "MessageID", "ExtendedParameters")

    def __init__(self, ClientID: int, SequenceNumber: int, Status: int, MessageID: str,
                 ExtendedParameters: str) -> None:
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber  #: of the deliver_sm it answers
        self.Status: int = Status  #: command_status (also of a generic_nack)
        self.MessageID: str = MessageID
        self.ExtendedParameters: str = ExtendedParameters


def _smpp_deliver_response(p: int) -> smppDeliverResponseReceivedEventArgs:
    s = _ffi.smppDeliverResponseReceivedEventArgs.from_address(p)
    return smppDeliverResponseReceivedEventArgs(
        s.ClientID, s.SequenceNumber, s.Status, _str(s.MessageID), _str(s.ExtendedParameters))


class smppRAWReceivedEventArgs(RequestEventArgs):
    """``OnSmppRAWReceived``: a PDU no other event decodes (answer requests with
    ``smppSendRAW``)."""

    __slots__ = ("ClientID", "SequenceNumber", "CommandID", "CommandStatus", "Payload")

    def __init__(self, ClientID: int, SequenceNumber: int, CommandID: int, CommandStatus: int,
                 Payload: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        self.CommandID: int = CommandID
        self.CommandStatus: int = CommandStatus
        self.Payload: str = Payload  #: body after the header, hex


def _smpp_raw(p: int) -> smppRAWReceivedEventArgs:
    s = _ffi.smppRAWReceivedEventArgs.from_address(p)
    return smppRAWReceivedEventArgs(s.ClientID, s.SequenceNumber, s.CommandID, s.CommandStatus,
                                    _str(s.Payload))


class smppTraceProtocolEventArgs(EventArgs):
    """``OnSmppTraceProtocol``: every PDU in both directions, hex."""

    __slots__ = ("ClientID", "FromAddress", "ToAddress", "Operation", "OperationType", "PDU")

    def __init__(self, ClientID: int, FromAddress: str, ToAddress: str, Operation: int,
                 OperationType: int, PDU: str) -> None:
        self.ClientID: int = ClientID
        self.FromAddress: str = FromAddress  #: "ip:port"
        self.ToAddress: str = ToAddress
        self.Operation: int = Operation  #: command_id
        self.OperationType: int = OperationType  #: sequence_number
        self.PDU: str = PDU  #: the whole PDU, hex


def _smpp_trace(p: int) -> smppTraceProtocolEventArgs:
    s = _ffi.smppTraceProtocolEventArgs.from_address(p)
    return smppTraceProtocolEventArgs(s.ClientID, _str(s.FromAddress), _str(s.ToAddress),
                                      s.Operation, s.OperationType, _str(s.PDU))


class smppQueryReceivedEventArgs(RequestEventArgs):
    """``OnSmppQueryReceived``: query_sm; answer with ``smppSendQueryResponse``."""

    __slots__ = ("ClientID", "SequenceNumber", "MessageID", "Originator", "OriginatorTON",
                 "OriginatorNPI")

    def __init__(self, ClientID: int, SequenceNumber: int, MessageID: str, Originator: str,
                 OriginatorTON: int, OriginatorNPI: int) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        self.MessageID: str = MessageID
        self.Originator: str = Originator
        self.OriginatorTON: int = OriginatorTON
        self.OriginatorNPI: int = OriginatorNPI


def _smpp_query(p: int) -> smppQueryReceivedEventArgs:
    s = _ffi.smppQueryReceivedEventArgs.from_address(p)
    return smppQueryReceivedEventArgs(s.ClientID, s.SequenceNumber, _str(s.MessageID),
                                      _str(s.Originator), s.OriginatorTON, s.OriginatorNPI)


class smppCancelReceivedEventArgs(RequestEventArgs):
    """``OnSmppCancelReceived``: cancel_sm; answer with ``smppSendCancelResponse``."""

    __slots__ = ("ClientID", "SequenceNumber", "ServiceType", "MessageID", "Originator",
                 "OriginatorTON", "OriginatorNPI", "Destination", "DestinationTON",
                 "DestinationNPI")

    def __init__(self, ClientID: int, SequenceNumber: int, ServiceType: str, MessageID: str,
                 Originator: str, OriginatorTON: int, OriginatorNPI: int, Destination: str,
                 DestinationTON: int, DestinationNPI: int) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        self.ServiceType: str = ServiceType
        self.MessageID: str = MessageID
        self.Originator: str = Originator
        self.OriginatorTON: int = OriginatorTON
        self.OriginatorNPI: int = OriginatorNPI
        self.Destination: str = Destination
        self.DestinationTON: int = DestinationTON
        self.DestinationNPI: int = DestinationNPI


def _smpp_cancel(p: int) -> smppCancelReceivedEventArgs:
    s = _ffi.smppCancelReceivedEventArgs.from_address(p)
    return smppCancelReceivedEventArgs(
        s.ClientID, s.SequenceNumber, _str(s.ServiceType), _str(s.MessageID), _str(s.Originator),
        s.OriginatorTON, s.OriginatorNPI, _str(s.Destination), s.DestinationTON, s.DestinationNPI)


class smppReplaceReceivedEventArgs(RequestEventArgs):
    """``OnSmppReplaceReceived``: replace_sm; answer with ``smppSendReplaceResponse``."""

    __slots__ = ("ClientID", "SequenceNumber", "MessageID", "Originator", "OriginatorTON",
                 "OriginatorNPI", "DeliveryTime", "ValidityPeriod", "Options",
                 "RegisteredDelivery", "DefaultMessageID", "Content")

    def __init__(self, ClientID: int, SequenceNumber: int, MessageID: str, Originator: str,
                 OriginatorTON: int, OriginatorNPI: int, DeliveryTime: Optional[datetime],
                 ValidityPeriod: Optional[datetime], Options: SubmitOptionEnum,
                 RegisteredDelivery: int, DefaultMessageID: int, Content: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.SequenceNumber: int = SequenceNumber
        self.MessageID: str = MessageID
        self.Originator: str = Originator
        self.OriginatorTON: int = OriginatorTON
        self.OriginatorNPI: int = OriginatorNPI
        self.DeliveryTime: Optional[datetime] = DeliveryTime
        self.ValidityPeriod: Optional[datetime] = ValidityPeriod
        self.Options: SubmitOptionEnum = Options
        self.RegisteredDelivery: int = RegisteredDelivery
        self.DefaultMessageID: int = DefaultMessageID
        #: new short_message, hex (replace_sm has no data_coding)
        self.Content: str = Content


def _smpp_replace(p: int) -> smppReplaceReceivedEventArgs:
    s = _ffi.smppReplaceReceivedEventArgs.from_address(p)
    return smppReplaceReceivedEventArgs(
        s.ClientID, s.SequenceNumber, _str(s.MessageID), _str(s.Originator), s.OriginatorTON,
        s.OriginatorNPI, _time(s.DeliveryTime), _time(s.ValidityPeriod), _options(s.Options),
        s.RegisteredDelivery, s.DefaultMessageID, _str(s.Content))
