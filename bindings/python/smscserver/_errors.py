"""Return codes: text for a code, and an optional exception-raising style.

The primary API returns the library's int codes exactly like the reference
(0 success, negative :class:`smscError`, positive errno). :func:`check` turns
a code into an exception for code that prefers that style::

    smscserver.check(s.smppInitializeServer("", 2775, ""))
"""

from __future__ import annotations

from . import _ffi
from ._enums import smscError

__all__ = ["error_text", "SmscError", "check", "version", "abi_version"]


def error_text(code: int) -> str:
    """The library's text for any return code (negative, 0 or errno)."""
    raw = _ffi.load().smscErrorText(int(code))
    return raw.decode("utf-8", "replace") if raw else ""


def version() -> str:
    """Version string of the loaded ``libsmscserver.so`` (e.g. ``"1.0.0"``)."""
    raw = _ffi.load().smscVersion()
    return raw.decode("ascii", "replace") if raw else ""


def abi_version() -> int:
    """``SMSCSERVER_ABI_VERSION`` of the loaded library."""
    return int(_ffi.load().smscAbiVersion())


class SmscError(Exception):
    """A failed library call. ``code`` is the return code; ``str()`` its text."""

    code: int

    def __init__(self, code: int, message: str = "") -> None:
        self.code = int(code)
        text = error_text(self.code)
        super().__init__("%s%s (%d)" % (message + ": " if message else "", text, self.code))

    @property
    def error(self) -> "smscError | None":
        """The code as :class:`smscError` when negative, else None (an errno)."""
        try:
            return smscError(self.code) if self.code < 0 else None
        except ValueError:
            return None


def check(code: int, message: str = "") -> None:
    """Raise :class:`SmscError` unless ``code`` is 0 (for the status-returning methods).

    Use it on Initialize, Finalize, Send and tcp* results: a negative code is a
    library error and a positive one an OS errno, both failures.
    """
    if code != 0:
        raise SmscError(code, message)
