"""Protocol-independent server machinery: lifetime, events, dispatcher thread.

Design (docs/dispatch.md; docs/abi.md, Python):

* Every server is created in pumped dispatch mode, and a daemon
  ``threading.Thread`` owned by this package loops on ``smscDispatchEvents``.
  ctypes releases the GIL while that call blocks; callbacks therefore run on
  a Python-owned thread (about 10x cheaper than on a Go-owned one) and in
  per-connection order.
* One ctypes trampoline per event kind, created when the class is defined and
  kept for the life of the process. ``userData`` is an integer key into a
  registry of live servers; the registry holds only a weak reference to the
  public object, so a server nobody references is garbage collected (and
  destroyed) even with live connections and with handlers that reference it.
* A handler exception is caught in the trampoline, logged on the
  ``smscserver`` logger, and turned into a non-zero return: the library then
  sends its no-handler default answer. Nothing escapes into ctypes.
* ``close()``, ``with``, garbage collection and interpreter exit all end in
  one idempotent destroy (``weakref.finalize``).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import inspect
import itertools
import logging
import threading
import time
import weakref
from datetime import datetime
from typing import (
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    overload,
)

from . import _ffi
from ._args import EventArgs, RequestEventArgs, _tcp_connected, _tcp_disconnected
from ._args import tcpConnectedEventArgs, tcpDisconnectedEventArgs
from ._enums import smscDispatchMode, smscError
from ._errors import SmscError

__all__ = ["SMSCserver", "Event", "EventHook", "Handler"]

log = logging.getLogger("smscserver")

A = TypeVar("A", bound=EventArgs)
S = TypeVar("S", bound="SMSCserver")

#: A handler: ``handler(sender, e)``; a coroutine function (``async def``) is
#: run on the server's event loop.
Handler = Callable[[Any, A], Any]

_ERR_DESTROYED = int(smscError.SMSC_ERR_SERVER_DESTROYED)
_ERR_INVALID_HANDLE = int(smscError.SMSC_ERR_INVALID_HANDLE)

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
#: userData key -> state of every server not yet destroyed.
_live: Dict[int, _State] = {}


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


# -------------------------------------------------------------------- events


def _log_handler_error(srv: "SMSCserver", event: str, fn: Any, e: Any, exc: Optional[BaseException] = None) -> None:
    try:
        log.error(
            "%s handler %r raised; the library answers with its default (ClientID %s)",
            event, fn, getattr(e, "ClientID", "?"),
            exc_info=exc if exc is not None else True,
        )
    except BaseException:  # logging must never take the dispatcher down
        pass


def _async_done(event: str, fn: Any, e: Any, fut: "Any") -> None:
    if fut.cancelled():
        return
    exc = fut.exception()
    if exc is not None:
        try:
            log.error(
                "async %s handler %r raised (ClientID %s); an unanswered request gets the "
                "library's default answer after response-timeout",
                event, fn, getattr(e, "ClientID", "?"), exc_info=exc,
            )
        except BaseException:
            pass


def _is_async_callable(fn: Any) -> bool:
    if inspect.iscoroutinefunction(fn):
        return True
    call = getattr(fn, "__call__", None)
    return call is not None and not inspect.isfunction(fn) and inspect.iscoroutinefunction(call)


class Event(Generic[A]):
    """Descriptor behind ``server.On<Event>``: supports ``+=`` and ``-=``.

    ``server.OnSmppLoginReceived += handler`` registers ``handler(sender, e)``;
    several handlers run in the order they were added. Adding the first
    handler registers the C callback; removing the last one unregisters it,
    which restores the library's default behaviour for that event.
    Assigning a callable replaces all handlers; assigning ``None`` removes them.
    """

    def __init__(self, setter: str, build: Callable[[int], A], args: Type[A], doc: str = "",
                 on_failure: Optional[Callable[["SMSCserver", A], None]] = None) -> None:
        self.setter = setter
        self.build = build
        self.args = args
        self.request = issubclass(args, RequestEventArgs)
        self.on_failure = on_failure
        self.name = setter[len("smscSet"):]
        self.__doc__ = doc or ("Event ``%s`` with :class:`%s`." % (self.name, args.__name__))
        # Kept for the life of the process: C may call it until the server
        # is destroyed, and classes live as long as their module.
        self.trampoline = _ffi.EVENT_CALLBACK(self._make_trampoline())

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _make_trampoline(self) -> Callable[[Optional[int], Optional[int]], int]:
        ev = self
        build = self.build
        request = self.request
        live = _live

        def trampoline(ud: Optional[int], p: Optional[int]) -> int:
            try:
                st = live.get(ud)  # type: ignore[arg-type]
                if st is None:
                    return 1
                srv = st.ref()
                if srv is None or not p:
                    return 1
                hs = srv._handlers.get(ev.name)
                if not hs:  # removed while the C callback was still registered
                    if ev.on_failure is not None:
                        ev.on_failure(srv, build(p))
                    return 1
                e = build(p)  # copy now: C memory is freed when we return
                rc = 0
                for fn in hs:
                    try:
                        r = fn(srv, e)
                        if r is not None and inspect.iscoroutine(r):
                            if not srv._schedule(r, ev.name, fn, e):
                                rc = 1
                    except BaseException:
                        _log_handler_error(srv, ev.name, fn, e)
                        rc = 1
                if request and e._declined:  # type: ignore[attr-defined]
                    rc = 1
                if rc and ev.on_failure is not None:
                    ev.on_failure(srv, e)
                return rc
            except BaseException:
                try:
                    log.exception("smscserver: internal error in the %s trampoline", ev.name)
                except BaseException:
                    pass
                return 1

        return trampoline

    @overload
    def __get__(self, inst: None, owner: type) -> "Event[A]": ...

    @overload
    def __get__(self, inst: "SMSCserver", owner: type) -> "EventHook[A]": ...

    def __get__(self, inst: Optional["SMSCserver"], owner: type) -> "Union[Event[A], EventHook[A]]":
        if inst is None:
            return self
        return EventHook(inst, self)

    # Overloads (not a Union) so that type checkers accept ``server.OnX += handler``.
    @overload
    def __set__(self, inst: "SMSCserver", value: "EventHook[A]") -> None: ...

    @overload
    def __set__(self, inst: "SMSCserver", value: "Handler[A]") -> None: ...

    @overload
    def __set__(self, inst: "SMSCserver", value: None) -> None: ...

    def __set__(self, inst: "SMSCserver", value: Any) -> None:
        if isinstance(value, EventHook):
            if value._server is inst and value._event is self:
                return  # the result of += / -=
            raise TypeError("cannot assign the handlers of another event")
        inst._set_handlers(self, () if value is None else (value,))


class EventHook(Generic[A]):
    """What ``server.On<Event>`` returns: add with ``+=``, remove with ``-=``."""

    __slots__ = ("_server", "_event")

    def __init__(self, server: "SMSCserver", event: Event[A]) -> None:
        self._server = server
        self._event = event

    def __iadd__(self, handler: "Handler[A]") -> "EventHook[A]":
        self._server._add_handler(self._event, handler)
        return self

    def __isub__(self, handler: "Handler[A]") -> "EventHook[A]":
        self._server._remove_handler(self._event, handler)
        return self

    def add(self, handler: "Handler[A]") -> "Handler[A]":
        """Add ``handler`` and return it (usable as a decorator)."""
        self._server._add_handler(self._event, handler)
        return handler

    def remove(self, handler: "Handler[A]") -> None:
        """Remove the last registration of ``handler`` (no error if absent)."""
        self._server._remove_handler(self._event, handler)

    def clear(self) -> None:
        """Remove every handler (the library's default applies again)."""
        self._server._set_handlers(self._event, ())

    def __iter__(self) -> Iterator["Handler[A]"]:
        return iter(self._server._handlers.get(self._event.name, ()))

    def __len__(self) -> int:
        return len(self._server._handlers.get(self._event.name, ()))

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "<%s handlers of %s: %d>" % (self._event.name, type(self._server).__name__, len(self))


def _accept_on_failure(srv: "SMSCserver", e: tcpConnectedEventArgs) -> None:
    # The C ABI ignores OnTcpConnected's return value, and a connection with a
    # registered OnTcpConnected waits to be accepted. The no-handler default
    # is "accept", so a failed handler accepts (a handler that already closed
    # the connection makes this a harmless no-op).
    srv.tcpAcceptConnection(e.ClientID)


# -------------------------------------------------------------------- helpers


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


class SMSCserver:
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

    OnTcpConnected: Event[tcpConnectedEventArgs] = Event(
        "smscSetOnTcpConnected", _tcp_connected, tcpConnectedEventArgs,
        "A client connected (``tcpConnectedEventArgs``). With a handler, every connection must "
        "be accepted (``tcpAcceptConnection``) or closed (``tcpCloseConnection``); without one, "
        "connections are accepted. A handler that raises accepts the connection (the default).",
        on_failure=_accept_on_failure)
    OnTcpDisconnected: Event[tcpDisconnectedEventArgs] = Event(
        "smscSetOnTcpDisconnected", _tcp_disconnected, tcpDisconnectedEventArgs,
        "A connection ended (``tcpDisconnectedEventArgs``); its last event.")

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
        """Messages per second sent to one client (0 = unlimited); the Send methods
        wait for their slot. Setting a bad value raises SmscError."""
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


_names = itertools.count(1)
