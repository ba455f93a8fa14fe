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
    "ucpLoginReceivedEventArgs",
    "ucpSubmitMessageEventArgs",
    "ucpSubmitMessageReceivedEventArgs",
    "ucpSubmitMessageCompletedEventArgs",
    "ucpSubmitMessageIncompleteEventArgs",
    "ucpDeliverResponseReceivedEventArgs",
    "ucpRAWReceivedEventArgs",
    "ucpTraceProtocolEventArgs",
    "cimd2LoginReceivedEventArgs",
    "cimd2LogoutReceivedEventArgs",
    "cimd2SubmitMessageEventArgs",
    "cimd2SubmitMessageReceivedEventArgs",
    "cimd2SubmitMessageCompletedEventArgs",
    "cimd2SubmitMessageIncompleteEventArgs",
    "cimd2DeliverResponseReceivedEventArgs",
    "cimd2RAWReceivedEventArgs",
    "cimd2TraceProtocolEventArgs",
    "cimd2TraceProtocolCallbackArgs",
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


# ------------------------------------------------------------ UCP/EMI events


def _times(p: Any, n: int) -> List[Optional[datetime]]:
    """A C int64_t[] of Unix ms (0 = not set) to a list of datetimes."""
    return [_time(v) for v in p[:n]] if n and p else []


class ucpLoginReceivedEventArgs(RequestEventArgs):
    """``OnUcpLoginReceived``: an OT 60 session management (login); answer with
    ``ucpSendLoginResponse``."""

    __slots__ = ("ClientID", "TransactionNumber", "UserIdentity", "Originator", "Password",
                 "NewPassword", "OTON", "ONPI", "STYP", "VERS", "OPID", "ExtendedParameters")

    def __init__(self, ClientID: int, TransactionNumber: int, UserIdentity: str, Originator: str,
                 Password: str, NewPassword: str, OTON: int, ONPI: int, STYP: int, VERS: str,
                 OPID: str, ExtendedParameters: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber  #: TRN 00..99
        self.UserIdentity: str = UserIdentity  #: OAdC
        self.Originator: str = Originator  #: the same OAdC
        self.Password: str = Password  #: PWD decoded from IRA hex
        self.NewPassword: str = NewPassword  #: NPWD decoded
        self.OTON: int = OTON
        self.ONPI: int = ONPI
        self.STYP: int = STYP  #: 1 = open session
        self.VERS: str = VERS
        self.OPID: str = OPID
        self.ExtendedParameters: str = ExtendedParameters


def _ucp_login(p: int) -> ucpLoginReceivedEventArgs:
    s = _ffi.ucpLoginReceivedEventArgs.from_address(p)
    return ucpLoginReceivedEventArgs(
        s.ClientID, s.TransactionNumber, _str(s.UserIdentity), _str(s.Originator), _str(s.Password),
        _str(s.NewPassword), s.OTON, s.ONPI, s.STYP, _str(s.VERS), _str(s.OPID),
        _str(s.ExtendedParameters))


class ucpSubmitMessageEventArgs(RequestEventArgs):
    """Fields shared by ``OnUcpSubmitMessageReceived`` and ``...Completed``."""

    __slots__ = ("ClientID", "TransactionNumber", "Destination", "Originator", "Content", "Encoding",
                 "Options", "UserDataHeader", "DeliveryTime", "ValidityPeriod", "ExtendedParameters",
                 "TransactionNumbers", "TimeStamps")

    def __init__(self, ClientID: int, TransactionNumber: int, Destination: str, Originator: str,
                 Content: str, Encoding: "EncodingEnum | int", Options: SubmitOptionEnum,
                 UserDataHeader: str, DeliveryTime: Optional[datetime],
                 ValidityPeriod: Optional[datetime], ExtendedParameters: str,
                 TransactionNumbers: List[int], TimeStamps: List[Optional[datetime]]) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber  #: TRN 00..99 of this (or the last) part
        self.Destination: str = Destination  #: AdC
        self.Originator: str = Originator  #: OAdC; an alphanumeric OAdC decoded
        self.Content: str = Content  #: decoded text; hex for binary data
        self.Encoding: "EncodingEnum | int" = Encoding
        self.Options: SubmitOptionEnum = Options
        self.UserDataHeader: str = UserDataHeader  #: hex incl. UDHL (XSer 01), "" when none
        self.DeliveryTime: Optional[datetime] = DeliveryTime
        self.ValidityPeriod: Optional[datetime] = ValidityPeriod
        #: "ucp.OT=51;ucp.NRq=1;..."
        self.ExtendedParameters: str = ExtendedParameters
        #: Completed: TRNs of the parts in part order; Received: []
        self.TransactionNumbers: List[int] = TransactionNumbers
        #: Completed: the SCTS answered for each part (None if not answered positively
        #: yet), the identity for ``ucpSendDeliverStatusReport``; Received: []
        self.TimeStamps: List[Optional[datetime]] = TimeStamps


class ucpSubmitMessageReceivedEventArgs(ucpSubmitMessageEventArgs):
    """``OnUcpSubmitMessageReceived``: every submitted part (OT 51 or 01); answer with
    ``ucpSendSubmitMessageResponse``."""

    __slots__ = ()


class ucpSubmitMessageCompletedEventArgs(ucpSubmitMessageEventArgs):
    """``OnUcpSubmitMessageCompleted``: the whole message once all parts arrived
    (single-part messages too), with ``TransactionNumbers`` and ``TimeStamps`` of
    its parts. Not a request: the parts were answered in ``...Received``."""

    __slots__ = ()


def _ucp_submit(cls: type, p: int) -> Any:
    s = _ffi.ucpSubmitMessageEventArgs.from_address(p)
    n = s.PartCount
    enc = s.Encoding
    return cls(
        s.ClientID, s.TransactionNumber, _str(s.Destination), _str(s.Originator), _str(s.Content),
        _ENCODINGS[enc] if 0 <= enc < len(_ENCODINGS) else enc, _options(s.Options),
        _str(s.UserDataHeader), _time(s.DeliveryTime), _time(s.ValidityPeriod),
        _str(s.ExtendedParameters), s.TransactionNumbers[:n] if n else [], _times(s.TimeStamps, n))


def _ucp_submit_received(p: int) -> ucpSubmitMessageReceivedEventArgs:
    e: ucpSubmitMessageReceivedEventArgs = _ucp_submit(ucpSubmitMessageReceivedEventArgs, p)
    return e


def _ucp_submit_completed(p: int) -> ucpSubmitMessageCompletedEventArgs:
    e: ucpSubmitMessageCompletedEventArgs = _ucp_submit(ucpSubmitMessageCompletedEventArgs, p)
    return e


class ucpSubmitMessageIncompleteEventArgs(EventArgs):
    """``OnUcpSubmitMessageIncomplete``: a multipart message dropped because parts
    were missing after reassembly-timeout or when the connection ended."""

    __slots__ = ("ClientID", "Originator", "Destination", "Reference", "Total", "Received",
                 "TransactionNumbers", "TimeStamps")

    def __init__(self, ClientID: int, Originator: str, Destination: str, Reference: int, Total: int,
                 Received: int, TransactionNumbers: List[int],
                 TimeStamps: List[Optional[datetime]]) -> None:
        self.ClientID: int = ClientID
        self.Originator: str = Originator
        self.Destination: str = Destination
        self.Reference: int = Reference  #: concatenation reference number
        self.Total: int = Total  #: parts announced
        self.Received: int = Received  #: parts that arrived
        self.TransactionNumbers: List[int] = TransactionNumbers  #: of the parts that arrived
        self.TimeStamps: List[Optional[datetime]] = TimeStamps  #: SCTS answered for them


def _ucp_submit_incomplete(p: int) -> ucpSubmitMessageIncompleteEventArgs:
    s = _ffi.ucpSubmitMessageIncompleteEventArgs.from_address(p)
    n = s.PartCount
    return ucpSubmitMessageIncompleteEventArgs(
        s.ClientID, _str(s.Originator), _str(s.Destination), s.Reference, s.Total, s.Received,
        s.TransactionNumbers[:n] if n else [], _times(s.TimeStamps, n))


class ucpDeliverResponseReceivedEventArgs(EventArgs):
    """``OnUcpDeliverResponseReceived``: the client's result to an OT 52 (deliver)
    or 53 (notification); match it through ``TransactionNumber``."""

    __slots__ = ("ClientID", "TransactionNumber", "OperationType", "ErrorCode", "ErrorMessage",
                 "ExtendedParameters")

    def __init__(self, ClientID: int, TransactionNumber: int, OperationType: int, ErrorCode: int,
                 ErrorMessage: str, ExtendedParameters: str) -> None:
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber
        self.OperationType: int = OperationType  #: 52 or 53
        self.ErrorCode: int = ErrorCode  #: 0 for a positive result (A), else the EC
        self.ErrorMessage: str = ErrorMessage  #: the result's SM field
        self.ExtendedParameters: str = ExtendedParameters


def _ucp_deliver_response(p: int) -> ucpDeliverResponseReceivedEventArgs:
    s = _ffi.ucpDeliverResponseReceivedEventArgs.from_address(p)
    return ucpDeliverResponseReceivedEventArgs(s.ClientID, s.TransactionNumber, s.OperationType,
                                               s.ErrorCode, _str(s.ErrorMessage),
                                               _str(s.ExtendedParameters))


class ucpRAWReceivedEventArgs(RequestEventArgs):
    """``OnUcpRAWReceived``: a frame no other event decodes; answer operations with
    ``ucpSendRAW``."""

    __slots__ = ("ClientID", "TransactionNumber", "OperationType", "IsResult", "Payload")

    def __init__(self, ClientID: int, TransactionNumber: int, OperationType: int, IsResult: bool,
                 Payload: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber
        self.OperationType: int = OperationType  #: OT
        self.IsResult: bool = IsResult  #: True = a result (R), False = an operation (O)
        self.Payload: str = Payload  #: the data part, hex


def _ucp_raw(p: int) -> ucpRAWReceivedEventArgs:
    s = _ffi.ucpRAWReceivedEventArgs.from_address(p)
    return ucpRAWReceivedEventArgs(s.ClientID, s.TransactionNumber, s.OperationType, bool(s.IsResult),
                                   _str(s.Payload))


class ucpTraceProtocolEventArgs(EventArgs):
    """``OnUcpTraceProtocol``: every frame in both directions, hex (STX..ETX)."""

    __slots__ = ("ClientID", "FromAddress", "ToAddress", "Operation", "OperationType", "PDU")

    def __init__(self, ClientID: int, FromAddress: str, ToAddress: str, Operation: int,
                 OperationType: int, PDU: str) -> None:
        self.ClientID: int = ClientID
        self.FromAddress: str = FromAddress  #: "ip:port"
        self.ToAddress: str = ToAddress
        self.Operation: int = Operation  #: OT
        self.OperationType: int = OperationType  #: TRN
        self.PDU: str = PDU  #: the whole frame incl. STX/ETX, hex


def _ucp_trace(p: int) -> ucpTraceProtocolEventArgs:
    s = _ffi.ucpTraceProtocolEventArgs.from_address(p)
    return ucpTraceProtocolEventArgs(s.ClientID, _str(s.FromAddress), _str(s.ToAddress), s.Operation,
                                     s.OperationType, _str(s.PDU))


# -------------------------------------------------------------- CIMD2 events


class cimd2LoginReceivedEventArgs(RequestEventArgs):
    """``OnCimd2LoginReceived``: a login (01); answer with ``cimd2SendLoginResponse``."""

    __slots__ = ("ClientID", "TransactionNumber", "UserIdentity", "Password", "ExtendedParameters")

    def __init__(self, ClientID: int, TransactionNumber: int, UserIdentity: str, Password: str,
                 ExtendedParameters: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber  #: packet number (odd)
        self.UserIdentity: str = UserIdentity  #: 010
        self.Password: str = Password  #: 011
        self.ExtendedParameters: str = ExtendedParameters


def _cimd2_login(p: int) -> cimd2LoginReceivedEventArgs:
    s = _ffi.cimd2LoginReceivedEventArgs.from_address(p)
    return cimd2LoginReceivedEventArgs(s.ClientID, s.TransactionNumber, _str(s.UserIdentity),
                                       _str(s.Password), _str(s.ExtendedParameters))


class cimd2LogoutReceivedEventArgs(EventArgs):
    """``OnCimd2LogoutReceived``: a logout (02), already answered by the library
    (beyond the reference)."""

    __slots__ = ("ClientID", "TransactionNumber")

    def __init__(self, ClientID: int, TransactionNumber: int) -> None:
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber


def _cimd2_logout(p: int) -> cimd2LogoutReceivedEventArgs:
    s = _ffi.cimd2LogoutReceivedEventArgs.from_address(p)
    return cimd2LogoutReceivedEventArgs(s.ClientID, s.TransactionNumber)


class cimd2SubmitMessageEventArgs(RequestEventArgs):
    """Fields shared by ``OnCimd2SubmitMessageReceived`` and ``...Completed``."""

    __slots__ = ("ClientID", "TransactionNumber", "Destination", "Originator", "Content", "Encoding",
                 "Options", "UserDataHeader", "DeliveryTime", "ValidityPeriod", "ExtendedParameters",
                 "TransactionNumbers", "TimeStamps")

    def __init__(self, ClientID: int, TransactionNumber: int, Destination: str, Originator: str,
                 Content: str, Encoding: "EncodingEnum | int", Options: SubmitOptionEnum,
                 UserDataHeader: str, DeliveryTime: Optional[datetime],
                 ValidityPeriod: Optional[datetime], ExtendedParameters: str,
                 TransactionNumbers: List[int], TimeStamps: List[Optional[datetime]]) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber  #: packet number of this (or the last) part
        self.Destination: str = Destination  #: 021
        self.Originator: str = Originator  #: 023 (or alphanumeric 027)
        self.Content: str = Content  #: decoded text; hex for binary data
        self.Encoding: "EncodingEnum | int" = Encoding
        self.Options: SubmitOptionEnum = Options
        self.UserDataHeader: str = UserDataHeader  #: hex incl. UDHL (032), "" when none
        self.DeliveryTime: Optional[datetime] = DeliveryTime
        self.ValidityPeriod: Optional[datetime] = ValidityPeriod
        #: "cimd2.<NNN>=<value>;..."
        self.ExtendedParameters: str = ExtendedParameters
        #: Completed: packet numbers of the parts in part order; Received: []
        self.TransactionNumbers: List[int] = TransactionNumbers
        #: Completed: the 060 answered for each part (None if not answered positively
        #: yet), the identity for ``cimd2SendDeliverStatusReport``; Received: []
        self.TimeStamps: List[Optional[datetime]] = TimeStamps


class cimd2SubmitMessageReceivedEventArgs(cimd2SubmitMessageEventArgs):
    """``OnCimd2SubmitMessageReceived``: every submitted part (03); answer with
    ``cimd2SendSubmitMessageResponse``."""

    __slots__ = ()


class cimd2SubmitMessageCompletedEventArgs(cimd2SubmitMessageEventArgs):
    """``OnCimd2SubmitMessageCompleted``: the whole message once all parts arrived
    (single-part messages too), with ``TransactionNumbers`` and ``TimeStamps`` of
    its parts. Not a request: the parts were answered in ``...Received``."""

    __slots__ = ()


def _cimd2_submit(cls: type, p: int) -> Any:
    s = _ffi.cimd2SubmitMessageEventArgs.from_address(p)
    n = s.PartCount
    enc = s.Encoding
    return cls(
        s.ClientID, s.TransactionNumber, _str(s.Destination), _str(s.Originator), _str(s.Content),
        _ENCODINGS[enc] if 0 <= enc < len(_ENCODINGS) else enc, _options(s.Options),
        _str(s.UserDataHeader), _time(s.DeliveryTime), _time(s.ValidityPeriod),
        _str(s.ExtendedParameters), s.TransactionNumbers[:n] if n else [], _times(s.TimeStamps, n))


def _cimd2_submit_received(p: int) -> cimd2SubmitMessageReceivedEventArgs:
    e: cimd2SubmitMessageReceivedEventArgs = _cimd2_submit(cimd2SubmitMessageReceivedEventArgs, p)
    return e


def _cimd2_submit_completed(p: int) -> cimd2SubmitMessageCompletedEventArgs:
    e: cimd2SubmitMessageCompletedEventArgs = _cimd2_submit(cimd2SubmitMessageCompletedEventArgs, p)
    return e


class cimd2SubmitMessageIncompleteEventArgs(EventArgs):
    """``OnCimd2SubmitMessageIncomplete``: a multipart message dropped because parts
    were missing after reassembly-timeout or when the connection ended."""

    __slots__ = ("ClientID", "Originator", "Destination", "Reference", "Total", "Received",
                 "TransactionNumbers")

    def __init__(self, ClientID: int, Originator: str, Destination: str, Reference: int, Total: int,
                 Received: int, TransactionNumbers: List[int]) -> None:
        self.ClientID: int = ClientID
        self.Originator: str = Originator
        self.Destination: str = Destination
        self.Reference: int = Reference  #: concatenation reference number
        self.Total: int = Total  #: parts announced
        self.Received: int = Received  #: parts that arrived
        self.TransactionNumbers: List[int] = TransactionNumbers  #: of the parts that arrived


def _cimd2_submit_incomplete(p: int) -> cimd2SubmitMessageIncompleteEventArgs:
    s = _ffi.cimd2SubmitMessageIncompleteEventArgs.from_address(p)
    n = s.PartCount
    return cimd2SubmitMessageIncompleteEventArgs(
        s.ClientID, _str(s.Originator), _str(s.Destination), s.Reference, s.Total, s.Received,
        s.TransactionNumbers[:n] if n else [])


class cimd2DeliverResponseReceivedEventArgs(EventArgs):
    """``OnCimd2DeliverResponseReceived``: the client's answer to a deliver message
    (20) or status report (23); match it through ``TransactionNumber``."""

    __slots__ = ("ClientID", "TransactionNumber", "ErrorCode", "Code", "ErrorMessage",
                 "ExtendedParameters")

    def __init__(self, ClientID: int, TransactionNumber: int, ErrorCode: int, Code: int,
                 ErrorMessage: str, ExtendedParameters: str) -> None:
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber
        self.ErrorCode: int = ErrorCode  #: 900, 0 when none
        self.Code: int = Code  #: 70, 73, 98 or 99
        self.ErrorMessage: str = ErrorMessage  #: 901
        self.ExtendedParameters: str = ExtendedParameters


def _cimd2_deliver_response(p: int) -> cimd2DeliverResponseReceivedEventArgs:
    s = _ffi.cimd2DeliverResponseReceivedEventArgs.from_address(p)
    return cimd2DeliverResponseReceivedEventArgs(s.ClientID, s.TransactionNumber, s.ErrorCode, s.Code,
                                                 _str(s.ErrorMessage), _str(s.ExtendedParameters))


class cimd2RAWReceivedEventArgs(RequestEventArgs):
    """``OnCimd2RAWReceived``: a packet no other event decodes; answer requests with
    ``cimd2SendRAW``."""

    __slots__ = ("ClientID", "TransactionNumber", "Code", "Payload")

    def __init__(self, ClientID: int, TransactionNumber: int, Code: int, Payload: str) -> None:
        self._declined = False
        self.ClientID: int = ClientID
        self.TransactionNumber: int = TransactionNumber
        self.Code: int = Code  #: operation code
        self.Payload: str = Payload  #: parameter area ("PPP:value<TAB>..."), hex


def _cimd2_raw(p: int) -> cimd2RAWReceivedEventArgs:
    s = _ffi.cimd2RAWReceivedEventArgs.from_address(p)
    return cimd2RAWReceivedEventArgs(s.ClientID, s.TransactionNumber, s.Code, _str(s.Payload))


class cimd2TraceProtocolEventArgs(EventArgs):
    """``OnCimd2TraceProtocol``: every packet in both directions, hex (STX..ETX)
    (the reference's ``cimd2TraceProtocolCallbackArgs``)."""

    __slots__ = ("ClientID", "FromAddress", "ToAddress", "Operation", "OperationType", "PDU")

    def __init__(self, ClientID: int, FromAddress: str, ToAddress: str, Operation: int,
                 OperationType: int, PDU: str) -> None:
        self.ClientID: int = ClientID
        self.FromAddress: str = FromAddress  #: "ip:port"
        self.ToAddress: str = ToAddress
        self.Operation: int = Operation  #: operation code
        self.OperationType: int = OperationType  #: packet number
        self.PDU: str = PDU  #: the whole packet STX..ETX, hex


#: The reference's name of the trace event's arguments.
cimd2TraceProtocolCallbackArgs = cimd2TraceProtocolEventArgs


def _cimd2_trace(p: int) -> cimd2TraceProtocolEventArgs:
    s = _ffi.cimd2TraceProtocolEventArgs.from_address(p)
    return cimd2TraceProtocolEventArgs(s.ClientID, _str(s.FromAddress), _str(s.ToAddress), s.Operation,
                                       s.OperationType, _str(s.PDU))
