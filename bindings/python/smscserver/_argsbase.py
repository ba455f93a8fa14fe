"""What the generated event-argument classes (_args.py) build on: the base
classes and the conversions of C values to Python ones."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from ._enums import EncodingEnum, SubmitOptionEnum, smppBindModeEnum

__all__ = ["EventArgs", "RequestEventArgs"]

_UTC = timezone.utc
_ENCODINGS: Tuple[EncodingEnum, ...] = tuple(EncodingEnum)
_BIND_MODES: Tuple[smppBindModeEnum, ...] = tuple(smppBindModeEnum)
_OPTIONS: Dict[int, SubmitOptionEnum] = {}


def _time(ms: int) -> Optional[datetime]:
    """Unix milliseconds (0 = not set) to an aware UTC datetime."""
    if not ms:
        return None
    return datetime.fromtimestamp(ms / 1000.0, _UTC)


def _times(p: Any, n: int) -> List[Optional[datetime]]:
    """A C int64_t[] of Unix ms (0 = not set) to a list of datetimes."""
    return [_time(v) for v in p[:n]] if n and p else []


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
