"""``SMSCserverSMPP``: the SMPP 3.3/3.4/5.0 server object."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional, Union

from ._base import SMSCserver, _b, _ms, _send_parts
from ._events import _SmppEvents

__all__ = ["SMSCserverSMPP"]

Str = Union[str, bytes, None]
Time = Union[datetime, int, None]


class SMSCserverSMPP(_SmppEvents, SMSCserver):
    """An SMPP server: one object serves many client (ESME) connections.

    The methods have the names, argument order and int return codes of the
    reference component: 0 success, negative :class:`smscserver.smscError`,
    positive an OS errno (:func:`smscserver.error_text` gives the text). Events
    take handlers with ``+=``::

        s = SMSCserverSMPP()
        s.OnSmppLoginReceived += lambda sender, e: sender.smppSendLoginResponse(
            e.ClientID, e.SequenceNumber, e.BindMode, 0, "my-smsc")
        s.smppInitializeServer("", 2775, "")

    Requests the host does not handle get the library's defaults: binds are
    rejected, submits get ESME_RSYSERR, enquire_link is always answered.
    """

    _CREATE = "smppCreateServer"

    # ------------------------------------------------------------ methods

    def smppInitializeServer(self, LocalHost: Str, LocalPort: int, ExtendedParameters: Str = "") -> int:
        """Start listening. ``LocalHost`` "" = all interfaces (IPv4 and IPv6);
        ``LocalPort`` 0 = a free port (read it from :attr:`LocalPort`).

        ``ExtendedParameters``: "key=value;..." with max-connections, bind-timeout,
        accept-timeout, response-timeout, max-pdu-size, reassembly-timeout,
        reassembly-max-messages, write-timeout, send-queue-bytes, system-id.
        """
        return self._lib.smppInitializeServer(self._h, _b(LocalHost), int(LocalPort), _b(ExtendedParameters))

    def smppFinalizeServer(self) -> int:
        """Stop listening; existing connections stay open."""
        return self._lib.smppFinalizeServer(self._h)

    def smppSendLoginResponse(self, ClientID: int, SequenceNumber: int, BindMode: int, Status: int,
                              SystemID: Str) -> int:
        """Answer a bind. Status 0 binds in the mode the client asked for; another
        status (e.g. 0x0E ESME_RINVPASWD) leaves it unbound: close the connection
        with ``tcpCloseConnection`` if it should go. ``SystemID`` "" = the
        server's system-id; at most 15 characters."""
        return self._lib.smppSendLoginResponse(self._h, ClientID, SequenceNumber, BindMode, Status, _b(SystemID))

    def smppSendLogoutResponse(self, ClientID: int, SequenceNumber: int, Status: int) -> int:
        """Answer an unbind. With Status 0 the session is unbound and the
        connection stays open (requests get ESME_RINVBNDSTS) until the client
        closes it, or you do with ``tcpCloseConnection`` after giving the client
        some time; ``unbind-close-timeout`` in the InitializeServer
        ExtendedParameters lets the library close it."""
        return self._lib.smppSendLogoutResponse(self._h, ClientID, SequenceNumber, Status)

    def smppSendSubmitMessageResponse(self, ClientID: int, SequenceNumber: int, Status: int,
                                      MessageID: Str, MultipleDestinations: bool = False) -> int:
        """Answer submit_sm, submit_multi or data_sm (the library knows which).
        ``MessageID`` at most 64 characters; a non-zero Status sends the header
        only. ``MultipleDestinations`` is accepted for compatibility."""
        return self._lib.smppSendSubmitMessageResponse(self._h, ClientID, SequenceNumber, Status,
                                                       _b(MessageID), 1 if MultipleDestinations else 0)

    def smppSendSubmitMultiMessageResponse(self, ClientID: int, SequenceNumber: int, Status: int,
                                           MessageID: Str, UnsuccessfulDestinations: Str) -> int:
        """Answer a submit_multi naming failed destinations:
        ``"address:status;address:status"`` (status decimal or 0x hex)."""
        return self._lib.smppSendSubmitMultiMessageResponse(self._h, ClientID, SequenceNumber, Status,
                                                            _b(MessageID), _b(UnsuccessfulDestinations))

    def smppSendDeliverMessage(self, ClientID: int, SequenceNumber: int, Destination: Str,
                               DestinationTON: int, DestinationNPI: int, Originator: Str,
                               OriginatorTON: int, OriginatorNPI: int, Content: Str, Encoding: int,
                               UserDataHeader: Str, Options: int, ServiceType: Str,
                               ExtendedParameters: Str, SequenceNumbers: Optional[List[int]] = None) -> int:
        """Deliver a message (deliver_sm) to a receiver or transceiver session.

        Content longer than one message is split into concatenated parts
        (ExtendedParameters ``long-messages=udh8|udh16|sar|payload``, udh8 by
        default). Parts use SequenceNumber, SequenceNumber+1, ...; 0 lets the
        library number them. ``Encoding``: :class:`EncodingEnum`; ``Options``:
        :class:`SubmitOptionEnum` flags; ``UserDataHeader`` hex incl. UDHL.

        ``SequenceNumbers``: pass a list (the reference's ``ref List<uint>``) to
        receive the sequence number of every part sent; it is cleared first.
        Other ExtendedParameters: smpp.esm_class, smpp.protocol_id,
        smpp.priority_flag, smpp.registered_delivery, smpp.data_coding,
        smpp.tlvs=<hex>, smpp.tlv.<name|0xTAG>=<hex>.
        """
        return _send_parts(self._lib.smppSendDeliverMessage, (
            self._h, ClientID, SequenceNumber, _b(Destination), DestinationTON, DestinationNPI,
            _b(Originator), OriginatorTON, OriginatorNPI, _b(Content), Encoding, _b(UserDataHeader),
            Options, _b(ServiceType), _b(ExtendedParameters)), SequenceNumbers)

    def smppSendDeliverStatusReport(self, ClientID: int, SequenceNumber: int, Destination: Str,
                                    DestinationTON: int, DestinationNPI: int, Originator: Str,
                                    OriginatorTON: int, OriginatorNPI: int, ReportType: int,
                                    MessageID: Str, ServiceType: Str, Submitted: int, Delivered: int,
                                    SubmitDate: Time, DoneDate: Time, MessageState: int, ErrorCode: int,
                                    Text: Str, ExtendedParameters: Str = "") -> int:
        """Deliver a status report: deliver_sm with esm_class 0x04 (``rtFinal``) or
        0x20 (``rtIntermediate``), the receipt text ``id:... sub:... dlvrd:...
        submit date:... done date:... stat:... err:... text:...`` and, for 3.4+
        clients, the receipted_message_id, message_state and network_error_code
        TLVs. ``Destination`` is the original sender, ``Originator`` the original
        recipient. Dates: :class:`datetime` (naive = local time) or None (= now).
        """
        return self._lib.smppSendDeliverStatusReport(
            self._h, ClientID, SequenceNumber, _b(Destination), DestinationTON, DestinationNPI,
            _b(Originator), OriginatorTON, OriginatorNPI, ReportType, _b(MessageID), _b(ServiceType),
            Submitted, Delivered, _ms(SubmitDate), _ms(DoneDate), MessageState, ErrorCode, _b(Text),
            _b(ExtendedParameters))

    def smppSendRAW(self, ClientID: int, SequenceNumber: int, CommandID: int, CommandStatus: int,
                    Payload: Str) -> int:
        """Send any PDU: header from the arguments, ``Payload`` = body in hex (spaces
        allowed). A response command id answering a pending request counts as its answer."""
        return self._lib.smppSendRAW(self._h, ClientID, SequenceNumber, CommandID, CommandStatus, _b(Payload))

    def smppSendQueryResponse(self, ClientID: int, SequenceNumber: int, Status: int, MessageID: Str,
                              FinalDate: Time, MessageState: int, ErrorCode: int) -> int:
        """Answer query_sm. ``FinalDate`` None sends an empty final_date."""
        return self._lib.smppSendQueryResponse(self._h, ClientID, SequenceNumber, Status, _b(MessageID),
                                               _ms(FinalDate), MessageState, ErrorCode)

    def smppSendCancelResponse(self, ClientID: int, SequenceNumber: int, Status: int) -> int:
        """Answer cancel_sm."""
        return self._lib.smppSendCancelResponse(self._h, ClientID, SequenceNumber, Status)

    def smppSendReplaceResponse(self, ClientID: int, SequenceNumber: int, Status: int) -> int:
        """Answer replace_sm."""
        return self._lib.smppSendReplaceResponse(self._h, ClientID, SequenceNumber, Status)
