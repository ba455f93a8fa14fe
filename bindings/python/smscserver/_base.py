"""Protocol-independent server machinery: lifetime, events, dispatcher thread.

Design (docs/dispatch.md; docs/abi.md, Python):

* Every server is created in pumped dispatch mode, and a daemon
  ``threading.Thread`` owned by this package loops on ``smscDispatchEvents``.
  ctypes releases the GIL while that call blocks; callbacks therefore run on
  a Python-owned thread (about 10x cheaper than on a Go-owned one) and in
  per-connection order.
* Events, their trampolines and the handler-error rules are in
  :mod:`smscserver._event`; the ``On<Event>`` declarations are generated into
  :mod:`smscserver._events` from the C header.
* ``close()``, ``with``, garbage collection and interpreter exit all end in
  one idempotent destroy (``weakref.finalize``).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import itertools
import threading
import time
import weakref
from ctypes import byref, c_size_t, c_uint32
from datetime import datetime
from typing import (
    Any,
    Callable,
    Dict,
    List,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

from . import _ffi
from ._enums import smscDispatchMode, smscError
from ._errors import SmscError
from ._statistics import Statistics
from ._event import Event, EventHook, Handler, _async_done, _is_async_callable, _live, _log_handler_error, log
from ._events import _TcpEvents

__all__ = ["SMSCserver", "Event", "EventHook", "Handler"]

S = TypeVar("S", bound="SMSCserver")

_ERR_DESTROYED = int(smscError.SMSC_ERR_SERVER_DESTROYED)
_ERR_INVALID_HANDLE = int(smscError.SMSC_ERR_INVALID_HANDLE)
_ERR_BUFFER_TOO_SMALL = int(smscError.SMSC_ERR_BUFFER_TOO_SMALL)

#: Events run per smscDispatchEvents call before the loop checks in again.
DISPATCH_BATCH = 256

# ------------------------------------------------------------------ registry


class _State:
    """What the C side may reach: the handle, the dispatcher, a weak owner.

    It never references the public server object strongly, so the server's
    lifetime is the user's business alone.
    """

    __slots__ = ("id", "handle", "lib", "ref", "thread", "lock", "destroyed", "name", "__weakref__")

    def __init__(self, lib: Any, handle: int, name: str) -> None:
        self.id = next(_ids)
        self.handle = handle
        self.lib = lib
        self.ref: Callable[[], Optional["SMSCserver"]] = lambda: None
        self.thread: Optional[threading.Thread] = None
        self.lock = threading.Lock()
        self.destroyed = False
        self.name = name

    def destroy(self) -> int:
        """smscDestroyServer once, then join the dispatcher (not from itself)."""
        with self.lock:
            if self.destroyed:
                return 0
            self.destroyed = True
        rc = 0
        try:
            self.lib.smscWakeDispatcher(self.handle)
            rc = self.lib.smscDestroyServer(self.handle)
            if rc == int(smscError.SMSC_ERR_TIMEOUT):
                log.warning("%s: handlers still running 10 s after destroy", self.name)
            t = self.thread
            if t is not None and t is not threading.current_thread() and t.is_alive():
                t.join(15.0)
                if t.is_alive():
                    log.warning("%s: dispatcher thread did not stop", self.name)
        finally:
            _live.pop(self.id, None)
        return rc


# userData keys start above 4096: with older builds of the C ABI, Go saw
# userData as a pointer and the runtime rejects small non-zero "pointers"
# ("invalid pointer found on stack"). Keys are never reused.
_ids = itertools.count(0x10001)


def _dispatch_loop(st: _State) -> None:
    """Body of the dispatcher thread: run queued events until destroyed."""
    dispatch = st.lib.smscDispatchEvents
    h = st.handle
    failures = 0
    while True:
        n = dispatch(h, -1, DISPATCH_BATCH)
        if n < 0:
            if n in (_ERR_DESTROYED, _ERR_INVALID_HANDLE) or st.destroyed:
                return
            # e.g. SMSC_ERR_INTERNAL (a caught library bug): keep the server
            # served, but do not spin or flood the log
            if failures % 1000 == 0:
                log.error("%s: smscDispatchEvents returned %d (%d times)", st.name, n, failures + 1)
            failures += 1
            time.sleep(0.01)


# -------------------------------------------------------------------- helpers


#: At most 255 parts per message, so this many part numbers always fit.
_MAX_PARTS = 255


def _send_parts(fn: Any, args: Tuple[Any, ...], numbers: Optional[List[int]]) -> int:
    """Call one of the ``*SendDeliverMessage`` functions, whose last three C
    parameters are an out array of part numbers, its capacity and the count.

    ``numbers`` (the reference's ``ref List<uint>``) is cleared and receives
    the number of every part sent, also when a later part failed (the
    answers of those still come); None passes NULL (the numbers are not
    wanted)."""
    if numbers is None:
        return fn(*args, None, 0, None)
    buf = (c_uint32 * _MAX_PARTS)()
    count = c_size_t(0)
    rc = fn(*args, buf, _MAX_PARTS, byref(count))
    del numbers[:]
    if rc != _ERR_BUFFER_TOO_SMALL:
        numbers.extend(buf[: min(count.value, _MAX_PARTS)])
    return rc


def _b(s: "Union[str, bytes, None]") -> Optional[bytes]:
    """A borrowed const char* argument: UTF-8 bytes (None stays NULL = "")."""
    if s is None:
        return None
    if isinstance(s, str):
        return s.encode("utf-8")
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    return str(s).encode("utf-8")


def _ms(t: "Union[datetime, int, float, None]") -> int:
    """A time argument: datetime (naive = local time) -> Unix ms; None -> 0."""
    if t is None:
        return 0
    if isinstance(t, datetime):
        return int(round(t.timestamp() * 1000.0))
    if isinstance(t, (int, float)):
        return int(t)
    raise TypeError("expected datetime, None or Unix milliseconds, got %r" % (t,))


# --------------------------------------------------------------- base class


class SMSCserver(_TcpEvents):
    """Base of :class:`SMSCserverSMPP`, :class:`SMSCserverUCP` and :class:`SMSCserverCIMD2`.

    Holds what every protocol shares: the TCP events, ``tcpAcceptConnection``,
    ``tcpCloseConnection``, ``tcpCloseAllConnections``, ``KeepAliveInterval``,
    ``ThrottleRate``, the dispatcher thread and the object's lifetime.
    Subclasses name their C constructor in ``_CREATE``.

    Threads: every method may be called from any thread, including from
    inside handlers. Sync handlers run on the dispatcher thread, one event at
    a time; ``async def`` handlers run on :attr:`event_loop`.
    """

    #: Name of the C function creating this protocol's server object.
    _CREATE = ""

    def __init__(self, loop: Optional[asyncio.AbstractEventLoop] = None) -> None:
        """Create the server object (not listening yet) and its dispatcher thread.

        ``loop``: the asyncio event loop ``async def`` handlers run on. When
        omitted, the running loop at the time the first async handler is added
        is used.
        """
        if not self._CREATE:
            raise TypeError("SMSCserver is abstract: use SMSCserverSMPP, SMSCserverUCP or SMSCserverCIMD2")
        lib = _ffi.load()
        self._handlers: Dict[str, Tuple[Any, ...]] = {}
        self._hlock = threading.Lock()
        self._loop = loop
        self._aq: "collections.deque[Tuple[Any, str, Any, Any]]" = collections.deque()
        self._aq_armed = False
        self._lib = lib
        h = getattr(lib, self._CREATE)()
        if not h:
            raise MemoryError("%s returned NULL" % self._CREATE)
        self._h: int = h
        st = _State(lib, h, "%s#%d" % (type(self).__name__, next(_names)))
        rc = lib.smscSetDispatchMode(h, int(smscDispatchMode.SMSC_DISPATCH_PUMPED))
        if rc != 0:
            lib.smscDestroyServer(h)
            raise SmscError(rc, "smscSetDispatchMode")
        self._state = st
        st.ref = weakref.ref(self)
        _live[st.id] = st
        self._finalizer = weakref.finalize(self, st.destroy)
        t = threading.Thread(target=_dispatch_loop, args=(st,), name="smscserver-dispatch-%s" % st.name,
                             daemon=True)
        st.thread = t
        t.start()

    # ----------------------------------------------------------- lifetime

    def close(self) -> None:
        """Finalize the server, close every connection and free it (idempotent).

        Waits (up to 10 s) for a handler running on the dispatcher thread to
        finish, then joins that thread. Safe from inside a handler: it then
        does not wait for itself. Every method returns
        ``SMSC_ERR_INVALID_HANDLE`` afterwards.
        """
        self._finalizer()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran (or the object was finalized)."""
        return self._state.destroyed

    def __enter__(self: S) -> S:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    async def __aenter__(self: S) -> S:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # destroy may wait for a running sync handler: keep the loop free
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "port %d" % self.LocalPort if self.LocalPort > 0 else "idle"
        return "<%s %s>" % (type(self).__name__, state)

    @property
    def handle(self) -> int:
        """The raw ``SMSCserver*`` (for calling the C API directly)."""
        return self._h

    @property
    def dispatcher_thread(self) -> threading.Thread:
        """The package-owned thread that runs the sync handlers."""
        t = self._state.thread
        assert t is not None
        return t

    @property
    def event_loop(self) -> Optional[asyncio.AbstractEventLoop]:
        """The asyncio loop ``async def`` handlers run on (settable)."""
        return self._loop

    @event_loop.setter
    def event_loop(self, loop: Optional[asyncio.AbstractEventLoop]) -> None:
        self._loop = loop

    # ----------------------------------------------------------- handlers

    def _set_handlers(self, ev: Event[Any], hs: Tuple[Any, ...]) -> None:
        for fn in hs:
            if not callable(fn):
                raise TypeError("%s handler must be callable, got %r" % (ev.name, fn))
            if _is_async_callable(fn) and self._loop is None:
                try:
                    self._loop = asyncio.get_running_loop()
                except RuntimeError:
                    raise RuntimeError(
                        "async %s handler needs an event loop: create the server with loop=..., set "
                        "server.event_loop, or add the handler from inside a running loop" % ev.name
                    ) from None
        with self._hlock:
            had = bool(self._handlers.get(ev.name))
            self._handlers[ev.name] = hs
            if hs and not had:
                getattr(self._lib, ev.setter)(self._h, ev.trampoline, self._state.id)
            elif had and not hs:
                getattr(self._lib, ev.setter)(self._h, _ffi.NULL_CALLBACK, None)

    def _add_handler(self, ev: Event[Any], fn: Any) -> None:
        self._set_handlers(ev, self._handlers.get(ev.name, ()) + (fn,))

    def _remove_handler(self, ev: Event[Any], fn: Any) -> None:
        hs = list(self._handlers.get(ev.name, ()))
        for i in range(len(hs) - 1, -1, -1):
            if hs[i] == fn:
                del hs[i]
                self._set_handlers(ev, tuple(hs))
                return

    def _schedule(self, coro: Any, event: str, fn: Any, e: Any) -> bool:
        """Hand a handler's coroutine to the event loop; False if impossible.

        Runs on the dispatcher thread. Coroutines queue in a deque and one
        ``call_soon_threadsafe`` wakes the loop per batch (not per event), so
        they start on the loop in arrival order.
        """
        loop = self._loop
        try:
            if loop is None or loop.is_closed():
                raise RuntimeError("no open event loop for async handlers")
            self._aq.append((coro, event, fn, e))
            if not self._aq_armed:
                self._aq_armed = True
                loop.call_soon_threadsafe(self._drain_async)
        except BaseException as exc:
            self._aq_armed = False
            coro.close()
            while self._aq:
                self._aq.pop()[0].close()
            _log_handler_error(self, event, fn, e, exc)
            return False
        return True

    def _drain_async(self) -> None:
        """On the loop: start every queued coroutine as a task."""
        self._aq_armed = False  # first, so a coroutine queued from now on re-arms
        q = self._aq
        loop = self._loop
        while q:
            coro, event, fn, e = q.popleft()
            try:
                task = loop.create_task(coro)  # type: ignore[union-attr]
            except BaseException as exc:
                coro.close()
                _log_handler_error(self, event, fn, e, exc)
                continue
            task.add_done_callback(functools.partial(_async_done, event, fn, e))

    # ------------------------------------------------- common C functions

    def tcpAcceptConnection(self, ClientID: int) -> int:
        """Let a connection announced by ``OnTcpConnected`` start its session.

        Returns 0, or a negative ``smscError`` (e.g. unknown client).
        """
        return self._lib.tcpAcceptConnection(self._h, ClientID)

    def tcpCloseConnection(self, ClientID: int) -> int:
        """Close a connection now; ``OnTcpDisconnected`` follows with Reason -1."""
        return self._lib.tcpCloseConnection(self._h, ClientID)

    def tcpCloseAllConnections(self) -> int:
        """Close every connection of this server."""
        return self._lib.tcpCloseAllConnections(self._h)

    @property
    def KeepAliveInterval(self) -> int:
        """Seconds of silence after which the server sends a keep-alive and closes a
        client that does not answer (0 = off). Setting a bad value raises SmscError."""
        return self._lib.smscGetKeepAliveInterval(self._h)

    @KeepAliveInterval.setter
    def KeepAliveInterval(self, seconds: int) -> None:
        rc = self._lib.smscSetKeepAliveInterval(self._h, int(seconds))
        if rc != 0:
            raise SmscError(rc, "KeepAliveInterval")

    @property
    def ThrottleRate(self) -> int:
        """The most messages per second the server sends for the host (0 =
        unlimited), counted over all its connections together (per connection
        with ``throttle-scope=connection`` in the InitializeServer
        ExtendedParameters). Deliveries (each part), status reports and submit
        responses count: those Send methods wait on the calling thread for their
        slot. The library's own answers do not count. Setting a bad value raises
        SmscError."""
        return self._lib.smscGetThrottleRate(self._h)

    @ThrottleRate.setter
    def ThrottleRate(self, messagesPerSecond: int) -> None:
        rc = self._lib.smscSetThrottleRate(self._h, int(messagesPerSecond))
        if rc != 0:
            raise SmscError(rc, "ThrottleRate")

    @property
    def LocalPort(self) -> int:
        """The listening port (> 0), or a negative error (not initialized)."""
        return self._lib.smscGetLocalPort(self._h)

    @property
    def ConnectionCount(self) -> int:
        """Number of live connections (>= 0), or a negative error."""
        return self._lib.smscGetConnectionCount(self._h)

    def GetStatistics(self) -> "Statistics":
        """A snapshot of the server's statistics: connections, logins, PDUs in
        and out by kind, errors, queue depths and the host's answer times
        (:class:`Statistics`). Cheap enough to call at any rate, from any
        thread, inside handlers too. Raises SmscError (a destroyed server)."""
        c = Statistics._empty()
        rc = self._lib.smscGetStatistics(self._h, byref(c))
        if rc != 0:
            raise SmscError(rc, "GetStatistics")
        return Statistics(c)


_names = itertools.count(1)
