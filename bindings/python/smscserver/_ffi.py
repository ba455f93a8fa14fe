"""Loading ``libsmscserver.so`` and binding the prototypes of the header.

The ctypes mirrors of ``include/smscserver.h`` (structures, prototypes) are
generated into :mod:`smscserver._cabi`; the public classes live in
:mod:`smscserver._base`, :mod:`smscserver.smpp`, :mod:`smscserver.ucp` and
:mod:`smscserver.cimd2`. The library is loaded lazily (on the first server,
or the first :func:`smscserver.error_text`), so importing the package starts
no Go runtime: a process that forks after import but before creating a
server stays safe (docs/abi.md, "Signals when loaded into Python, .NET or a JVM").

Which file is loaded: ``$SMSCSERVER_LIB`` when set (development against a
``make lib BUILD=...`` tree), otherwise the ``libsmscserver.so`` bundled in this
package by the wheel build. The library is never unloaded (Go does not
support ``dlclose``).
"""

from __future__ import annotations

import ctypes
import os
import threading
from typing import List, Optional

from ._cabi import EVENT_CALLBACK, EVENT_SETTERS, NULL_CALLBACK, PROTOTYPES, STRUCTS
from ._version import ABI_VERSION

__all__ = ["load", "library_path", "EVENT_CALLBACK", "NULL_CALLBACK", "EVENT_SETTERS", "PROTOTYPES", "STRUCTS"]

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
