"""A server's statistics (``smscGetStatistics``), as readable Python objects.

The C struct ``smscStatistics`` is mirrored in ``_cabi.py`` (generated from
the header); this module turns one filled struct into :class:`Statistics`.
"""

from __future__ import annotations

import ctypes
import math
from enum import IntEnum
from typing import Dict, List, Tuple, Type

from . import _enums
from ._cabi import smscStatistics

__all__ = ["Statistics", "LatencyHistogram"]

#: The enum naming the per-kind counters of each protocol.
_KIND_ENUMS: Dict[int, Type[IntEnum]] = {
    _enums.smscProtocolEnum.SMSC_PROTOCOL_SMPP: _enums.smppStatKindEnum,
    _enums.smscProtocolEnum.SMSC_PROTOCOL_UCP: _enums.ucpStatKindEnum,
    _enums.smscProtocolEnum.SMSC_PROTOCOL_CIMD2: _enums.cimd2StatKindEnum,
}

#: Members copied as plain ints.
_SCALARS = (
    "ConnectionsCurrent", "ConnectionsAccepted", "ConnectionsRefused",
    "LoginsCurrent", "LoginsAccepted", "LoginsRefused",
    "Malformed", "ErrorResponses", "WriteErrors",
    "ResponseTimeouts", "DeliverTimeouts", "SessionTimeouts",
    "EventQueue", "WriteQueueBytes", "PendingRequests", "OutstandingDeliveries",
)


class LatencyHistogram:
    """The host's answer times of one class of requests (logins, submits,
    others): from reading a request to queueing its answer.

    ``Buckets`` lists ``(upper_bound_seconds, count)`` in ascending order,
    the last bound ``math.inf``; a count is the answers of at most its bound
    and above the bound before (not cumulative)."""

    def __init__(self, count: int, sum_us: int, max_us: int, buckets: List[Tuple[float, int]]) -> None:
        #: Number of answers.
        self.Count = count
        #: Their answer times added up, in seconds.
        self.Sum = sum_us / 1e6
        #: The longest answer time, in seconds.
        self.Max = max_us / 1e6
        #: ``(upper_bound_seconds, count)`` per bucket.
        self.Buckets = buckets

    def __repr__(self) -> str:
        return "LatencyHistogram(Count=%d, Sum=%gs, Max=%gs)" % (self.Count, self.Sum, self.Max)


class Statistics:
    """A snapshot of one server's counters (docs/api.md, "Statistics").

    Counters count from the server's creation; the ``...Current``, queue and
    ``PendingRequests``/``OutstandingDeliveries`` members are the state when
    the snapshot was taken. ``PDUsIn`` and ``PDUsOut`` map every PDU kind of
    the server's protocol (an ``smppStatKindEnum``, ``ucpStatKindEnum`` or
    ``cimd2StatKindEnum`` member, usable as its int too) to its count."""

    Protocol: _enums.smscProtocolEnum
    PDUsIn: Dict[IntEnum, int]
    PDUsOut: Dict[IntEnum, int]
    LoginLatency: LatencyHistogram
    SubmitLatency: LatencyHistogram
    OtherLatency: LatencyHistogram

    def __init__(self, c: smscStatistics) -> None:
        self.Protocol = _enums.smscProtocolEnum(c.Protocol)
        for name in _SCALARS:
            setattr(self, name, int(getattr(c, name)))
        kinds = _KIND_ENUMS[self.Protocol]
        self.PDUsIn = {k: int(c.PDUsIn[k]) for k in kinds}
        self.PDUsOut = {k: int(c.PDUsOut[k]) for k in kinds}
        bounds = [math.inf if b == 2**64 - 1 else b / 1e6 for b in c.LatencyBoundsMicros]
        for cls in ("Login", "Submit", "Other"):
            buckets = getattr(c, cls + "LatencyBuckets")
            setattr(self, cls + "Latency", LatencyHistogram(
                int(getattr(c, cls + "LatencyCount")), int(getattr(c, cls + "LatencySumMicros")),
                int(getattr(c, cls + "LatencyMaxMicros")), [(b, int(n)) for b, n in zip(bounds, buckets)]))

    @staticmethod
    def _empty() -> smscStatistics:
        c = smscStatistics()
        c.StructSize = ctypes.sizeof(smscStatistics)
        return c

    def __repr__(self) -> str:
        nonzero = lambda d: {k.name: v for k, v in d.items() if v}  # noqa: E731
        return "Statistics(%s, connections=%d, logins=%d, in=%s, out=%s)" % (
            self.Protocol.name, self.ConnectionsCurrent, self.LoginsCurrent,
            nonzero(self.PDUsIn), nonzero(self.PDUsOut))
