"""Helpers shared by the Python row scripts (standard library only).

The runner (run.sh) starts the test SMSC (tests/interop/server) and passes
its ports in the environment: SMPP_PORT, CTRL_PORT. Control is the client
of the SMSC's loopback control endpoint; check() records a failed
expectation and keeps going, so one run reports every problem; done()
exits non-zero when any check failed.
"""

import json
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

_failures = []


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def check(cond, what, detail=""):
    if cond:
        log("ok  ", what)
    else:
        log("FAIL", what, detail)
        _failures.append(what)
    return cond


def done():
    if _failures:
        log("%d check(s) failed: %s" % (len(_failures), "; ".join(_failures)))
        sys.exit(1)
    log("all checks passed")
    sys.exit(0)


def free_ports(n):
    """n distinct ports that were free a moment ago. They are held open
    together while chosen: one at a time, the kernel may hand out the same
    port twice, and Kannel then fails to open its second listener."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_port(port, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def http_get(url, timeout=30.0):
    """(status, body text) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError as e:
        return 0, str(e)


class Control:
    """Client of the test SMSC's control endpoint."""

    def __init__(self, port=None):
        self.base = "http://127.0.0.1:%s" % (port or os.environ["CTRL_PORT"])

    def _get(self, path, params=None, timeout=30.0):
        q = urllib.parse.urlencode(params or {})
        status, body = http_get(self.base + path + ("?" + q if q else ""), timeout)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def wait(self, ev, timeout=10.0, after=0, **fields):
        """The first event named ev after index `after` whose fields match;
        None on timeout. A key contains__f matches a substring of field f."""
        p = {"ev": ev, "after": after, "timeout": timeout}
        for k, v in fields.items():
            p[k.replace("contains__", "contains.")] = v if isinstance(v, str) else json.dumps(v)
        status, body = self._get("/wait", p, timeout + 10)
        return body if status == 200 else None

    def events(self, ev=None, after=0, **fields):
        p = {"after": after}
        if ev:
            p["ev"] = ev
        for k, v in fields.items():
            p[k.replace("contains__", "contains.")] = v if isinstance(v, str) else json.dumps(v)
        return self._get("/events", p)[1]

    def last(self):
        return self._get("/last")[1]["i"]

    def sessions(self):
        return self._get("/sessions")[1]

    def mo(self, **params):
        return self._get("/mo", params)

    def close(self, **params):
        return self._get("/close", params)[1]

    def keepalive(self, seconds):
        return self._get("/keepalive", {"seconds": seconds})[1]
