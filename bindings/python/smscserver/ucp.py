"""``SMSCserverUCP``: the UCP/EMI (CMG EMI-UCP 4.x) server object."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional, Union

from ._base import SMSCserver, _b, _ms, _send_parts
from ._events import _UcpEvents

__all__ = ["SMSCserverUCP"]

Str = Union[str, bytes, None]
Time = Union[datetime, int, None]


class SMSCserverUCP(_UcpEvents, SMSCserver):
    """A UCP/EMI server: one object serves many client (SMT) connections.

    Methods have the reference's names and argument order (without the
    handle) and return its int codes: 0 success, negative
    :class:`smscserver.smscError`, positive an OS errno. On the wire
    transaction numbers are UCP TRNs, 00..99; the ``TransactionNumber`` of a
    delivery or notification is the host's own identifier, any value (0 = the
    library chooses), mapped to a free TRN and given back in the result's
    event. Times are :class:`datetime` (naive = local time) or
    None (= now)::

        s = SMSCserverUCP()
        s.OnUcpLoginReceived += lambda sender, e: sender.ucpSendLoginResponse(
            e.ClientID, e.TransactionNumber, 0 if e.Password == "secret" else 7, "")
        s.OnUcpSubmitMessageReceived += lambda sender, e: sender.ucpSendSubmitMessageResponse(
            e.ClientID, e.TransactionNumber, "", None, 0, "")
        s.ucpInitializeServer("", 5000, "")

    Requests the host does not handle get the library's defaults: an OT 60
    login gets NACK 07 and the connection is closed, a 51/01 submit NACK 55,
    other operations NACK 03; OT 31 keep-alives are always answered.
    """

    _CREATE = "ucpCreateServer"

    # ------------------------------------------------------------ methods

    def ucpInitializeServer(self, LocalHost: Str, LocalPort: int, ExtendedParameters: Str = "") -> int:
        """Start listening. ``LocalHost`` "" = all interfaces (IPv4 and IPv6);
        ``LocalPort`` 0 = a free port (read it from :attr:`LocalPort`).

        ``ExtendedParameters``: "key=value;..." with the common keys
        (max-connections, bind-timeout = login timeout, accept-timeout,
        response-timeout, max-pdu-size, reassembly-timeout, ...) plus
        ``ucp.login-required=true|false`` (default true: a session must log in
        with OT 60 before submitting) and ``ucp.time-zone=Local|UTC|<IANA name>``
        (the zone of SCTS and other times on the wire; default Local).
        """
        return self._lib.ucpInitializeServer(self._h, _b(LocalHost), int(LocalPort), _b(ExtendedParameters))

    def ucpFinalizeServer(self) -> int:
        """Stop listening; existing connections stay open."""
        return self._lib.ucpFinalizeServer(self._h)

    def ucpSendLoginResponse(self, ClientID: int, TransactionNumber: int, ErrorCode: int,
                             ErrorMessage: Str) -> int:
        """Answer an OT 60 login: ``ErrorCode`` 0 = positive result (``A//``), else
        NACK with that EC (e.g. 07 authentication failure) and ``ErrorMessage`` as
        SM. A NACK leaves the connection open: close it with ``tcpCloseConnection``
        if the client should go."""
        return self._lib.ucpSendLoginResponse(self._h, ClientID, TransactionNumber, ErrorCode,
                                              _b(ErrorMessage))

    def ucpSendSubmitMessageResponse(self, ClientID: int, TransactionNumber: int, Destination: Str,
                                     TimeStamp: Time, ErrorCode: int, ErrorMessage: Str) -> int:
        """Answer an OT 51 (or 01) submit. ``ErrorCode`` 0 = positive result carrying
        ``AdC:SCTS``: ``Destination`` "" = the submit's own AdC, ``TimeStamp`` (the
        SCTS, the message's identity for later notifications) None = now. Else
        NACK with that EC and ``ErrorMessage``."""
        return self._lib.ucpSendSubmitMessageResponse(self._h, ClientID, TransactionNumber, _b(Destination),
                                                      _ms(TimeStamp), ErrorCode, _b(ErrorMessage))

    def ucpSendDeliverMessage(self, ClientID: int, TransactionNumber: int, Destination: Str,
                              Originator: Str, Content: Str, Encoding: int, UserDataHeader: Str,
                              Options: int, TimeStamp: Time, ExtendedParameters: Str = "",
                              TransactionNumbers: Optional[List[int]] = None) -> int:
        """Deliver a message (OT 52), split into concatenated parts when long (UDH
        in XSer; ``long-messages=udh8|udh16``). The parts are identified by
        ``TransactionNumber``, +1, +2, ... (any values; 0 = the library numbers
        them); ``TimeStamp`` = SCTS (None = now).
        ``Encoding``: :class:`EncodingEnum`; ``Options``: :class:`SubmitOptionEnum`
        flags; ``UserDataHeader`` hex incl. UDHL. ``ExtendedParameters``:
        ``ucp.<field>=<value>`` overrides a field, ``iso-8859=8bit`` sends
        ISO-8859 text as its charset's octets.

        ``TransactionNumbers``: pass a list (the reference's ``ref List<uint>``)
        to receive the identifier of every part sent (also when a later part
        failed); it is cleared first.
        """
        return _send_parts(self._lib.ucpSendDeliverMessage, (
            self._h, ClientID, TransactionNumber, _b(Destination), _b(Originator), _b(Content), Encoding,
            _b(UserDataHeader), Options, _ms(TimeStamp), _b(ExtendedParameters)), TransactionNumbers)

    def ucpSendDeliverStatusReport(self, ClientID: int, TransactionNumber: int, MessageTimeStamp: Time,
                                   Destination: Str, Originator: Union[Str, int], StatusCode: int,
                                   StatusErrorCode: Union[int, Time], TimeStamp: Union[Time, Str] = None,
                                   ExtendedParameters: Str = "") -> int:
        """Deliver a notification (OT 53). ``MessageTimeStamp`` = the SCTS given in
        the submit's answer; ``Destination`` = the original recipient (OAdC of the
        53); ``Originator`` = the original sender (AdC of the 53); ``StatusCode`` =
        Dst (0 delivered, 1 buffered, 2 not delivered); ``StatusErrorCode`` = Rsn;
        ``TimeStamp`` = DSCTS (None = now). ``ExtendedParameters``
        ``text=<AMsg text>`` replaces the default text.

        The CIMD2 shape of this call, without ``Originator``
        (``ClientID, TransactionNumber, MessageTimeStamp, Destination,
        StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters``), works
        too, so that code translates between protocols by changing the prefix:
        an int where ``Originator`` stands is taken as that shape. ``Originator``
        "" (or that shape) addresses the 53 to the address the session logged
        in with, or to ``ucp.AdC=<address>`` from ``ExtendedParameters``."""
        if isinstance(Originator, int) and not isinstance(Originator, bool):
            Originator, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters = (
                "", Originator, int(StatusCode), StatusErrorCode, TimeStamp)  # type: ignore[assignment]
        return self._lib.ucpSendDeliverStatusReport(
            self._h, ClientID, TransactionNumber, _ms(MessageTimeStamp), _b(Destination), _b(Originator),  # type: ignore[arg-type]
            StatusCode, StatusErrorCode, _ms(TimeStamp), _b(ExtendedParameters))  # type: ignore[arg-type]

    def ucpSendRAW(self, ClientID: int, TransactionNumber: int, OperationType: int, Payload: Str) -> int:
        """Send any frame: ``Payload`` = the data part in hex. It goes out as a
        result when an operation with that TRN and OT awaits an answer, else as an
        operation."""
        return self._lib.ucpSendRAW(self._h, ClientID, TransactionNumber, OperationType, _b(Payload))
