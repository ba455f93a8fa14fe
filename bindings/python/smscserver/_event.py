"""Events of the server classes: the ``On<Event>`` descriptor and the ctypes
trampoline behind it.

* One ctypes trampoline per event kind, created when the class is defined and
  kept for the life of the process. ``userData`` is an integer key into a
  registry of live servers (:data:`_live`, filled by :mod:`smscserver._base`);
  the registry holds only a weak reference to the public object, so a server
  nobody references is garbage collected (and destroyed) even with live
  connections and with handlers that reference it.
* A handler exception is caught in the trampoline, logged on the
  ``smscserver`` logger, and turned into a non-zero return: the library then
  sends its no-handler default answer. Nothing escapes into ctypes.

The declarations themselves (which event, which C registration function,
which argument class) are generated from the C header into
:mod:`smscserver._events`.
"""

from __future__ import annotations

import inspect
import logging
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    Optional,
    Type,
    TypeVar,
    Union,
    overload,
)

from . import _cabi
from ._argsbase import EventArgs, RequestEventArgs

if TYPE_CHECKING:
    from ._base import SMSCserver, _State

__all__ = ["Event", "EventHook", "Handler"]

log = logging.getLogger("smscserver")

A = TypeVar("A", bound=EventArgs)

#: A handler: ``handler(sender, e)``; a coroutine function (``async def``) is
#: run on the server's event loop.
Handler = Callable[[Any, A], Any]

#: userData key -> state of every server not yet destroyed (see _base._State).
_live: "Dict[int, _State]" = {}


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
        self.name = setter[len("smscSet"):]
        self.on_failure = on_failure or FAILURE_HOOKS.get(self.name)
        self.__doc__ = doc or ("Event ``%s`` with :class:`%s`." % (self.name, args.__name__))
        # Kept for the life of the process: C may call it until the server
        # is destroyed, and classes live as long as their module.
        self.trampoline = _cabi.EVENT_CALLBACK(self._make_trampoline())

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


def _accept_on_failure(srv: "SMSCserver", e: Any) -> None:
    # A connection with a registered OnTcpConnected waits to be accepted, and
    # the no-handler default is "accept": a failed handler accepts (a handler
    # that already closed the connection makes this a harmless no-op).
    srv.tcpAcceptConnection(e.ClientID)


#: What an event does when its handlers fail, beyond the library's default
#: answer, by event name (the generated declarations are all alike).
FAILURE_HOOKS: Dict[str, Callable[["SMSCserver", Any], None]] = {"OnTcpConnected": _accept_on_failure}
