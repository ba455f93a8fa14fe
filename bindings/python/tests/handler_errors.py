"""A handler that raises fails the test that caused it.

The binding catches every exception a handler raises (it must: nothing may
escape into ctypes) and logs it on the ``smscserver`` logger, so an
``assert`` inside a handler would otherwise fail nothing. While a test runs,
``handler_error_guard`` collects every ERROR record of that logger (handler
exceptions, sync and async, carry ``exc_info``; the dispatcher's own errors
do not, and count too). After the test body, collected errors turn a passing
test into a failing one; errors that arrive later, while fixtures close the
servers, fail the test's teardown.

A test that raises in handlers on purpose (to check the library's default
answer) asks for ``expect_handler_errors``: it gets the live list of records
to assert on, and fails if no handler error happened at all.

``conftest.py`` imports these names; a pytester conftest can do the same.
"""

from __future__ import annotations

import logging
import traceback
from typing import Iterator, List

import pytest

LOGGER = "smscserver"


class HandlerErrorGuard(logging.Handler):
    """Collects the ``smscserver`` logger's ERROR records during one test."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: List[logging.LogRecord] = []
        self.reported = 0  # records already turned into a failure
        self.expected = False

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)  # handlers run on the dispatcher thread; append is atomic

    def unreported(self) -> List[logging.LogRecord]:
        new = self.records[self.reported:]
        self.reported += len(new)
        return new


def describe(records: List[logging.LogRecord]) -> str:
    parts = []
    for r in records:
        text = r.getMessage()
        if r.exc_info:
            text += "\n" + "".join(traceback.format_exception(*r.exc_info)).rstrip()
        parts.append(text)
    return "%d error(s) logged by smscserver during the test (an exception in a handler is "\
           "only logged by the binding; ask for the expect_handler_errors fixture if the test "\
           "raises on purpose):\n\n%s" % (len(records), "\n\n".join(parts))


@pytest.fixture(autouse=True)
def handler_error_guard(request: pytest.FixtureRequest) -> Iterator[HandlerErrorGuard]:
    # Autouse fixtures are set up before the test's other fixtures and torn
    # down after them, so the servers those fixtures close are already
    # joined when the last check below runs.
    guard = HandlerErrorGuard()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(guard)
    try:
        yield guard
    finally:
        logger.removeHandler(guard)
    if guard.expected:
        if not guard.records:
            pytest.fail("the test asked for expect_handler_errors but no handler error was logged", pytrace=False)
        return
    late = guard.unreported()
    if late:
        pytest.fail("after the test body: " + describe(late), pytrace=False)


@pytest.fixture
def expect_handler_errors(handler_error_guard: HandlerErrorGuard) -> List[logging.LogRecord]:
    """Opt out of failing on handler errors; returns the live list of records
    (``r.exc_info[1]`` is the exception, ``r.getMessage()`` names the event)."""
    handler_error_guard.expected = True
    return handler_error_guard.records


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    # Checked right after the test body, so that the test itself is reported
    # as failed (not only its teardown), with the handler's traceback.
    guard = getattr(item, "funcargs", {}).get("handler_error_guard")
    if guard is None or guard.expected:
        return (yield)
    try:
        result = yield
    except BaseException:
        if guard.records:
            # The test failed on its own, most likely because a handler did
            # not answer: show why next to its failure.
            item.add_report_section("call", "handler errors", describe(guard.unreported()))
        raise
    errors = guard.unreported()
    if errors:
        pytest.fail(describe(errors), pytrace=False)
    return result
