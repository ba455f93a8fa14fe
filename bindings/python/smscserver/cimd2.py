"""``SMSCserverCIMD2``: the CIMD2 (Nokia CIMD 2.0) server object."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional, Union

from ._base import SMSCserver, _b, _ms, _send_parts
from ._events import _Cimd2Events

__all__ = ["SMSCserverCIMD2"]

Str = Union[str, bytes, None]
Time = Union[datetime, int, None]


class SMSCserverCIMD2(_Cimd2Events, SMSCserver):
    """A CIMD2 server: one object serves many client (application) connections.

    Methods have the reference's names and argument order (without the
    handle) and return its int codes: 0 success, negative
    :class:`smscserver.smscError`, positive an OS errno. On the wire the
    server's packet numbers are even and the client's odd; the
    ``TransactionNumber`` of a delivery or status report is the host's own
    identifier, any value (0 = the library chooses), mapped to a free packet
    number and given back in the answer's event. Times are :class:`datetime` (naive = local
    time) or None (= now)::

        s = SMSCserverCIMD2()
        s.OnCimd2LoginReceived += lambda sender, e: sender.cimd2SendLoginResponse(
            e.ClientID, e.TransactionNumber, 0 if e.Password == "secret" else 100, "Invalid login")
        s.OnCimd2SubmitMessageReceived += lambda sender, e: sender.cimd2SendSubmitMessageResponse(
            e.ClientID, e.TransactionNumber, e.Destination, None, 0, "")
        s.cimd2InitializeServer("", 9971, "")

    Requests the host does not handle get the library's defaults: a login
    gets 900:100 and the connection is closed, a submit 900:6; alive (40) and
    logout (02) are always answered.
    """

    _CREATE = "cimd2CreateServer"

    # ------------------------------------------------------------ methods

    def cimd2InitializeServer(self, LocalHost: Str, LocalPort: int, ExtendedParameters: Str = "") -> int:
        """Start listening. ``LocalHost`` "" = all interfaces (IPv4 and IPv6);
        ``LocalPort`` 0 = a free port (read it from :attr:`LocalPort`).

        ``ExtendedParameters``: "key=value;..." with the common keys
        (max-connections, bind-timeout, accept-timeout, response-timeout,
        max-pdu-size (default 4096 for CIMD2), reassembly-timeout, ...) plus
        ``time-zone=Local|UTC|<IANA name>`` (times on the wire; default Local).
        """
        return self._lib.cimd2InitializeServer(self._h, _b(LocalHost), int(LocalPort), _b(ExtendedParameters))

    def cimd2FinalizeServer(self) -> int:
        """Stop listening; existing connections stay open."""
        return self._lib.cimd2FinalizeServer(self._h)

    def cimd2SendRAW(self, ClientID: int, TransactionNumber: int, OperationCode: int, Payload: Str) -> int:
        """Send any packet: ``Payload`` = the parameter area ("PPP:value<TAB>...") in
        hex."""
        return self._lib.cimd2SendRAW(self._h, ClientID, TransactionNumber, OperationCode, _b(Payload))

    def cimd2SendLoginResponse(self, ClientID: int, TransactionNumber: int, ErrorCode: int,
                               ErrorMessage: Str) -> int:
        """Answer a login: ``ErrorCode`` 0 accepts (51 without parameters), else 51
        with 900:ErrorCode and 901:ErrorMessage. A rejection leaves the
        connection open: close it with ``tcpCloseConnection`` if it should go."""
        return self._lib.cimd2SendLoginResponse(self._h, ClientID, TransactionNumber, ErrorCode,
                                                _b(ErrorMessage))

    def cimd2SendDeliverMessage(self, ClientID: int, TransactionNumber: int, Destination: Str,
                                Originator: Str, Content: Str, Encoding: int, UserDataHeader: Str,
                                Options: int, TimeStamp: Time, ExtendedParameters: Str = "",
                                TransactionNumbers: Optional[List[int]] = None) -> int:
        """Deliver a message (20), split into concatenated parts when long
        (``long-messages=udh8|udh16``). The parts are identified by
        ``TransactionNumber``, +2, +4, ... (any values; 0 = the library numbers
        them); ``TimeStamp`` = 060 (None = now).
        ``Encoding``: :class:`EncodingEnum`; ``Options``: :class:`SubmitOptionEnum`
        flags; ``UserDataHeader`` hex incl. UDHL. ``ExtendedParameters``:
        ``cimd2.<NNN>=<value>`` sets or (empty value) removes a parameter,
        ``iso-8859=8bit`` sends ISO-8859 text as its charset's octets.

        ``TransactionNumbers``: pass a list (the reference's ``ref List<uint>``)
        to receive the identifier of every part sent (also when a later part
        failed); it is cleared first.
        """
        return _send_parts(self._lib.cimd2SendDeliverMessage, (
            self._h, ClientID, TransactionNumber, _b(Destination), _b(Originator), _b(Content), Encoding,
            _b(UserDataHeader), Options, _ms(TimeStamp), _b(ExtendedParameters)), TransactionNumbers)

    def cimd2SendDeliverStatusReport(self, ClientID: int, TransactionNumber: int, MessageTimeStamp: Time,
                                     Destination: Str, StatusCode: int, StatusErrorCode: int,
                                     TimeStamp: Time, ExtendedParameters: Str = "") -> int:
        """Deliver a status report (23): ``MessageTimeStamp`` = the 060 of the
        submit's answer, ``Destination`` = the original recipient, ``StatusCode``
        061, ``StatusErrorCode`` 062 (sent when not 0), ``TimeStamp`` 063
        discharge time (None = now)."""
        return self._lib.cimd2SendDeliverStatusReport(
            self._h, ClientID, TransactionNumber, _ms(MessageTimeStamp), _b(Destination), StatusCode,
            StatusErrorCode, _ms(TimeStamp), _b(ExtendedParameters))

    def cimd2SendSubmitMessageResponse(self, ClientID: int, TransactionNumber: int, Destination: Str,
                                       TimeStamp: Time, ErrorCode: int, ErrorMessage: Str) -> int:
        """Answer a submit: ``ErrorCode`` 0 = 53 with 021 (``Destination``) and 060
        (``TimeStamp``, None = a fresh unique second, the message's identity for
        status reports); else 53 with 900:ErrorCode and 901:ErrorMessage."""
        return self._lib.cimd2SendSubmitMessageResponse(self._h, ClientID, TransactionNumber, _b(Destination),
                                                        _ms(TimeStamp), ErrorCode, _b(ErrorMessage))
