"""Enumerations of ``smscserver.h`` with the header's names and values."""

from __future__ import annotations

from enum import IntEnum, IntFlag

__all__ = [
    "smscError",
    "EncodingEnum",
    "SubmitOptionEnum",
    "smppBindModeEnum",
    "smppReportTypeEnum",
    "smppMessageStateEnum",
    "smscDispatchMode",
]


class smscError(IntEnum):
    """Negative return codes of the library (0 is success, positive is an errno)."""

    SMSC_OK = 0
    SMSC_ERR_INVALID_HANDLE = -1
    SMSC_ERR_NOT_INITIALIZED = -2
    SMSC_ERR_ALREADY_INITIALIZED = -3
    SMSC_ERR_UNKNOWN_CLIENT = -4
    SMSC_ERR_INVALID_ARGUMENT = -5
    SMSC_ERR_ENCODING_FAILED = -6
    SMSC_ERR_CONTENT_TOO_LONG = -7
    SMSC_ERR_WRONG_STATE = -8
    SMSC_ERR_BUFFER_TOO_SMALL = -9
    SMSC_ERR_NOT_PENDING = -10
    SMSC_ERR_SEND_QUEUE_FULL = -11
    SMSC_ERR_CONNECTION_CLOSED = -12
    SMSC_ERR_INTERNAL = -13
    SMSC_ERR_SERVER_DESTROYED = -14
    SMSC_ERR_TIMEOUT = -15
    SMSC_ERR_UNSUPPORTED = -16


class EncodingEnum(IntEnum):
    """How ``Content`` is converted to the message's alphabet."""

    et7BitText = 0  #: GSM 03.38 default alphabet with extension table
    et8BitHexadecimal = 1  #: binary; Content is hex, two digits per octet
    etUCS2Text = 2  #: UCS-2/UTF-16BE, surrogate pairs kept together
    etISO88591 = 3
    etISO88595 = 4
    etISO88598 = 5
    etWAPPushOrMMS = 6  #: binary (hex Content) with DCS 0xF5


class SubmitOptionEnum(IntFlag):
    """Message option bit flags (``Options`` arguments and event fields)."""

    soRequestStatusReport = 0x0001
    soDirectDisplay = 0x0002  #: flash SMS
    soDeliveryTimeRelative = 0x0004
    soDeliveryTimeAbsolute = 0x0008
    soValidityPeriodRelative = 0x0010
    soValidityPeriodAbsolute = 0x0020
    soMessageClass0 = 0x0040
    soMessageClass1 = 0x0080
    soMessageClass2 = 0x0100
    soMessageClass3 = 0x0200
    soZeroSMS = 0x0400


class smppBindModeEnum(IntEnum):
    """SMPP bind mode of a login."""

    bmTransmitter = 0
    bmReceiver = 1
    bmTransceiver = 2


class smppReportTypeEnum(IntEnum):
    """Kind of status report sent by ``smppSendDeliverStatusReport``."""

    rtFinal = 0  #: esm_class 0x04
    rtIntermediate = 1  #: esm_class 0x20


class smppMessageStateEnum(IntEnum):
    """SMPP message_state values."""

    msScheduled = 0  #: SMPP 5.0
    msEnroute = 1
    msDelivered = 2
    msExpired = 3
    msDeleted = 4
    msUndeliverable = 5
    msAccepted = 6
    msUnknown = 7
    msRejected = 8
    msSkipped = 9  #: SMPP 5.0


class smscDispatchMode(IntEnum):
    """Event dispatch mode. The binding always uses ``SMSC_DISPATCH_PUMPED``."""

    SMSC_DISPATCH_DIRECT = 0
    SMSC_DISPATCH_PUMPED = 1
