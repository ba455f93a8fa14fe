"""The test helper of handler_errors.py: a handler that raises fails the test
that caused it, unless the test asked for ``expect_handler_errors``.

Inner tests run in this process with pytester (about a second), using the
same fixtures through their own conftest. Their handler errors also reach
this test's own guard, so the outer tests ask for expect_handler_errors and
check what arrived.
"""

from __future__ import annotations

import os
import textwrap

pytest_plugins = ["pytester"]

HERE = os.path.dirname(os.path.abspath(__file__))

CONFTEST = """
from handler_errors import expect_handler_errors, handler_error_guard, pytest_runtest_call
"""

# run(handler) starts a server on a free loopback port, connects once, waits
# until OnTcpConnected ran ``handler`` and closes the server (which joins the
# dispatcher thread, so the handler's error is logged by then).
INNER = textwrap.dedent(
    '''
    import socket
    import threading

    import pytest
    import smscserver as sm


    def start(handler):
        s = sm.SMSCserverSMPP()
        ran = threading.Event()

        def on_connected(sender, e):
            ran.set()
            handler(sender, e)

        s.OnTcpConnected += on_connected
        assert s.smppInitializeServer("127.0.0.1", 0, "") == 0
        c = socket.create_connection(("127.0.0.1", s.LocalPort), timeout=5)
        return s, c, ran


    def run(handler):
        s, c, ran = start(handler)
        assert ran.wait(5)
        s.close()
        c.close()


    def failing_check(sender, e):
        assert e.ClientID == -1, "inner handler assert"


    def test_handler_assert_fails_the_test():
        run(failing_check)


    def test_opted_in_passes(expect_handler_errors):
        run(failing_check)
        [rec] = expect_handler_errors
        assert "inner handler assert" in str(rec.exc_info[1])


    def test_opted_in_without_an_error_fails(expect_handler_errors):
        run(lambda sender, e: None)


    def test_clean_handler_passes():
        run(lambda sender, e: sender.tcpAcceptConnection(e.ClientID))


    @pytest.fixture
    def late():
        body_done = threading.Event()

        def after_the_body(sender, e):
            assert body_done.wait(5)
            failing_check(sender, e)

        s, c, ran = start(after_the_body)
        yield
        body_done.set()
        assert ran.wait(5)
        s.close()
        c.close()


    def test_error_after_the_body_fails_the_teardown(late):
        pass


    def test_own_failure_shows_the_handler_error():
        run(failing_check)
        assert False, "the test's own failure"
    '''
)


def test_handler_errors_fail_the_test_that_caused_them(pytester, expect_handler_errors):
    pytester.syspathinsert(HERE)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER)
    reprec = pytester.inline_run("-p", "no:cacheprovider")

    got = {}
    for r in reprec.getreports("pytest_runtest_logreport"):
        name = r.nodeid.split("::")[-1]
        got[(name, r.when)] = (r.outcome, r.longreprtext, dict(r.sections))

    def outcome(name, when):
        return got[(name, when)][0]

    def text(name, when):
        return got[(name, when)][1]

    # an assert inside a handler fails the test, with the assert's message
    # and the handler's traceback
    assert outcome("test_handler_assert_fails_the_test", "call") == "failed"
    t = text("test_handler_assert_fails_the_test", "call")
    assert "AssertionError: inner handler assert" in t and "in failing_check" in t
    assert "OnTcpConnected handler" in t

    # opting in passes, and the test can see the error
    assert outcome("test_opted_in_passes", "call") == "passed"
    assert outcome("test_opted_in_passes", "teardown") == "passed"

    # opting in without any handler error is a mistake too
    assert outcome("test_opted_in_without_an_error_fails", "teardown") == "failed"
    assert "no handler error was logged" in text("test_opted_in_without_an_error_fails", "teardown")

    # no error, no failure: the guard does not fail everything
    assert outcome("test_clean_handler_passes", "call") == "passed"
    assert outcome("test_clean_handler_passes", "teardown") == "passed"

    # an error that arrives while fixtures close the servers fails the teardown
    assert outcome("test_error_after_the_body_fails_the_teardown", "call") == "passed"
    assert outcome("test_error_after_the_body_fails_the_teardown", "teardown") == "failed"
    assert "inner handler assert" in text("test_error_after_the_body_fails_the_teardown", "teardown")

    # a test that fails on its own keeps its failure and shows the handler error beside it
    assert outcome("test_own_failure_shows_the_handler_error", "call") == "failed"
    assert "the test's own failure" in text("test_own_failure_shows_the_handler_error", "call")
    sections = got[("test_own_failure_shows_the_handler_error", "call")][2]
    assert "inner handler assert" in sections.get("Captured handler errors call", "")

    # the inner errors reached this test's guard too, which is why it opted in
    assert len(expect_handler_errors) == 4
