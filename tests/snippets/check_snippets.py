#!/usr/bin/env python3
"""Every code snippet of the READMEs compiles or runs as it stands.

    python3 tests/snippets/check_snippets.py [--build build] [--keep] [FILE.md ...]

(``make snippets`` builds the library and build/dotnet/SmscServer.dll, then
runs this.) Without FILE arguments it reads every README.md that git tracks.
Standard library only.

Each fenced block is checked by its language:

* ``c``: compiled and linked with ``$CC -std=c99 -Wall -Wextra -pedantic
  -Werror=implicit-function-declaration`` against include/ and
  BUILD/libsmscserver.so, then run.
* ``python``: byte-compiled, then run with the binding from the source tree
  (bindings/python) and the library from BUILD (SMSCSERVER_LIB).
* ``csharp``/``cs``: compiled with ``mcs -langversion:7.2 -warnaserror+``
  against BUILD/dotnet/SmscServer.dll, then run with mono. A snippet must
  be a complete program (C# 7.2 has no top-level statements).
* ``go``: ``go vet`` and ``go build`` in a module of its own under
  BUILD/snippets (``replace`` to the repository root), then run.
* ``sh``/``bash``/``shell``/``console``: never run. Every ``make TARGET`` must
  be a target of the Makefile, and every ``*.sh``/``*.py`` file named must exist.
* ``text``: not code; nothing to check. A block without a language fails:
  say what it is.

Running: a snippet that calls ``smppInitializeServer``, ``ucpInitializeServer``
or ``cimd2InitializeServer`` (any case) is a server. It must read its port
from the SMSC_PORT environment variable and listen on 127.0.0.1 (the test
refuses to run it otherwise: this machine's loopback is shared, so no fixed
ports), and print ``listening on port N``. The test runs it with
SMSC_PORT=0 (a free port), reads N, logs in with a client of that protocol,
submits one message and expects both to be accepted, then closes the
snippet's stdin (a snippet waiting for input ends) and, if it is still
running after 3 s, sends SIGTERM. Any other snippet must exit 0 within 60 s.

Opting out: the line right before the fence (blank lines allowed) is
``<!-- snippet: skip (reason) -->``. The reason is required, and every skip is
printed with it.
"""

from __future__ import annotations

import argparse
import os
import py_compile
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable, Dict, List, NamedTuple, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror=implicit-function-declaration"]
MCSFLAGS = ["-langversion:7.2", "-warnaserror+"]
START_TIMEOUT = 60.0  # until "listening on port N" (mono and go binaries start slowly on a busy machine)
RUN_TIMEOUT = 60.0  # for a snippet that is not a server
IO_TIMEOUT = 10.0  # each read of the protocol clients

FENCE = re.compile(r"^(\s*)```\s*([A-Za-z0-9#+-]*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*snippet:(.*)-->\s*$")
SKIP = re.compile(r"^\s*skip\s*\((.+)\)\s*$")
LISTENING = re.compile(r"listening on port (\d+)")


class Failed(Exception):
    """A snippet does not compile, does not run, or does not do its job."""


class Snippet(NamedTuple):
    path: str  # relative to ROOT
    line: int  # of the opening fence
    lang: str
    code: str
    skip: Optional[str]  # the reason, when marked

    @property
    def where(self) -> str:
        return "%s:%d" % (self.path, self.line)


# ------------------------------------------------------------- extraction


def extract(path: str) -> List[Snippet]:
    rel = os.path.relpath(path, ROOT)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out: List[Snippet] = []
    marker: Optional[str] = None  # a snippet marker waiting for its fence
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARKER.match(line)
        if m:
            s = SKIP.match(m.group(1))
            if not s:
                raise Failed("%s:%d: a snippet marker must read <!-- snippet: skip (reason) -->" % (rel, i + 1))
            marker = s.group(1).strip()
            i += 1
            continue
        f = FENCE.match(line)
        if f:
            indent, lang = f.group(1), f.group(2).lower()
            start = i
            i += 1
            body = []
            while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
                body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
                i += 1
            if i == len(lines):
                raise Failed("%s:%d: the code block is never closed" % (rel, start + 1))
            out.append(Snippet(rel, start + 1, lang, "\n".join(body) + "\n", marker))
            marker = None
        elif line.strip() and marker is not None:
            raise Failed("%s:%d: a snippet marker must come right before a code block" % (rel, i))
        i += 1
    if marker is not None:
        raise Failed("%s: a snippet marker at the end of the file marks nothing" % rel)
    return out


# ---------------------------------------------------------------- helpers


def run(cmd: List[str], cwd: str, env: Optional[Dict[str, str]] = None, timeout: float = 300) -> str:
    """Run a build step; its output becomes the failure when it fails."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failed("%s: timed out after %.0f s" % (" ".join(cmd), timeout))
    if p.returncode != 0:
        raise Failed("%s (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stdout.rstrip()))
    return p.stdout


def server_protocol(code: str) -> Optional[str]:
    found = [p for p in ("smpp", "ucp", "cimd2") if re.search(p + "InitializeServer", code, re.IGNORECASE)]
    if len(found) > 1:
        raise Failed("starts servers of %s: a runnable snippet starts one server" % " and ".join(found))
    return found[0] if found else None


def execute(cmd: List[str], cwd: str, env: Dict[str, str], code: str) -> str:
    """Run a compiled or interpreted snippet as the module docstring says."""
    proto = server_protocol(code)
    env = dict(env, SMSC_PORT="0")
    if proto is None:
        try:
            p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Failed("did not finish within %.0f s" % RUN_TIMEOUT)
        if p.returncode != 0:
            raise Failed("exit %d:\n%s" % (p.returncode, p.stdout.rstrip()))
        return "ran"
    if "SMSC_PORT" not in code or "127.0.0.1" not in code:
        raise Failed("starts a %s server but does not read SMSC_PORT and listen on 127.0.0.1: "
                     "not run, it would take a fixed port on a shared machine" % proto.upper())

    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output: List[str] = []
    got_port = threading.Event()

    def pump() -> None:  # collects the output; a thread, so reads never block the test
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if LISTENING.search(line):
                got_port.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not got_port.wait(0.05):
            if proc.poll() is not None or time.monotonic() > deadline:
                reader.join(2)
                raise Failed("no 'listening on port N' (%s):\n%s" % (
                    "exit %d" % proc.returncode if proc.returncode is not None else
                    "%.0f s" % START_TIMEOUT, "".join(output).rstrip()))
        port = int(next(m.group(1) for m in map(LISTENING.search, output) if m))
        try:
            what = CLIENTS[proto](port)
        except (OSError, Failed) as e:
            raise Failed("%s client on port %d: %s\nsnippet output:\n%s" % (proto.upper(), port, e, "".join(output).rstrip()))
        if proc.poll() is not None:
            raise Failed("exited (%d) before it was stopped:\n%s" % (proc.returncode, "".join(output).rstrip()))
        how = stop(proc)
        return "ran: %s; %s" % (what, how)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        reader.join(5)
        if proc.stdout is not None:
            proc.stdout.close()


def stop(proc: "subprocess.Popen[str]") -> str:
    assert proc.stdin is not None
    proc.stdin.close()  # a snippet that waits for input (Console.ReadLine) ends here
    try:
        proc.wait(3)
        if proc.returncode != 0:
            raise Failed("exit %d after its input ended" % proc.returncode)
        return "ended with its input"
    except subprocess.TimeoutExpired:
        pass
    proc.send_signal(signal.SIGTERM)  # one that waits for a signal (pause(), Event().wait())
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        raise Failed("still running 10 s after SIGTERM")
    return "stopped by SIGTERM"


# ------------------------------------------------------- protocol clients
#
# Just enough of each protocol to log in and submit one message, on the raw
# clients the Python tests use (bindings/python/tests/rawsmpp.py, rawstx.py).

sys.path.insert(0, os.path.join(ROOT, "bindings", "python", "tests"))
import rawsmpp  # noqa: E402
import rawstx  # noqa: E402

SUBMIT_SM, DELIVER_SM, UNBIND = 0x04, 0x05, 0x06


def smpp_client(port: int) -> str:
    c = rawsmpp.RawSMPP(port, timeout=IO_TIMEOUT)

    def answer(want: int) -> "rawsmpp.PDU":
        for _ in range(50):  # answers the deliver_sm and enquire_link the snippet sends meanwhile
            p = c.recv()
            if p.cmd == want:
                return p
            if p.cmd == DELIVER_SM:
                c.send(DELIVER_SM | rawsmpp.RESP, b"\0", seq=p.seq)
            elif p.cmd == rawsmpp.ENQUIRE_LINK:
                c.send(rawsmpp.ENQUIRE_LINK | rawsmpp.RESP, seq=p.seq)
            else:
                raise Failed("got command 0x%08x (status %d) instead of 0x%08x" % (p.cmd, p.status, want))
        raise Failed("no 0x%08x among 50 PDUs" % want)

    try:
        c.send(rawsmpp.BIND_TRANSCEIVER, rawsmpp.cstr("esme") + rawsmpp.cstr("secret") + rawsmpp.cstr("") +
               bytes([0x34, 1, 1]) + rawsmpp.cstr(""))
        p = answer(rawsmpp.BIND_TRANSCEIVER | rawsmpp.RESP)
        if p.status != 0:
            raise Failed("bind_transceiver answered with status %d" % p.status)
        text = b"Hello"
        # submit_sm: service_type "", source 1/1/447700900123, destination 1/1/1234, then
        # esm_class .. sm_default_msg_id all 0 or "" (9 octets), sm_length, short_message
        c.send(SUBMIT_SM, b"\0\x01\x01447700900123\0\x01\x011234\0" + b"\0" * 9 + bytes([len(text)]) + text)
        p = answer(SUBMIT_SM | rawsmpp.RESP)
        if p.status != 0:
            raise Failed("submit_sm answered with status %d" % p.status)
        c.send(UNBIND)
        answer(UNBIND | rawsmpp.RESP)
    except EOFError:
        raise Failed("the server closed the connection")
    finally:
        c.close()
    return "SMPP bind and submit_sm accepted (message id %r)" % p.body.rstrip(b"\0").decode("latin-1")


def stx_client(port: int, exchange: "Callable[[rawstx.RawSTX], str]") -> str:
    c = rawstx.RawSTX(port, timeout=IO_TIMEOUT)
    try:
        return exchange(c)
    except EOFError:
        raise Failed("the server closed the connection")
    finally:
        c.close()


def ucp_client(port: int) -> str:
    def ack(c: rawstx.RawSTX, ot: int) -> str:
        f = c.recv()
        if f.split("/")[2:5] != ["R", "%02d" % ot, "A"]:
            raise Failed("OT %02d answered %s" % (ot, f))
        return f

    def exchange(c: rawstx.RawSTX) -> str:
        c.send(rawstx.ucp_login_frame(0, "emiuser", "secret"))
        ack(c, 60)
        c.send(rawstx.ucp_frame(1, "O", 51, rawstx.ucp_51_fields("4412345", "1234", b"Hello".hex().upper())))
        return "UCP login (60) and submit (51) acknowledged (%s)" % ack(c, 51)

    return stx_client(port, exchange)


def cimd2_client(port: int) -> str:
    def ok(c: rawstx.RawSTX, op: int) -> str:
        f = c.recv()
        if not f.startswith("%02d:" % op) or "\t900:" in f:
            raise Failed("expected a positive %02d, got %r" % (op, f))
        return f

    def exchange(c: rawstx.RawSTX) -> str:
        c.send(rawstx.cimd2_packet(1, 1, [("010", "cimduser"), ("011", "secret")]))
        ok(c, 51)
        c.send(rawstx.cimd2_packet(3, 3, [("021", "4412345"), ("023", "1234"), ("033", "Hello")]))
        return "CIMD2 login (01) and submit (03) accepted (%r)" % ok(c, 53)

    return stx_client(port, exchange)


CLIENTS: Dict[str, Callable[[int], str]] = {"smpp": smpp_client, "ucp": ucp_client, "cimd2": cimd2_client}


# -------------------------------------------------------------- languages


class Checker:
    def __init__(self, build: str, keep: bool) -> None:
        self.build = os.path.abspath(build)
        self.keep = keep
        self.cc = os.environ.get("CC") or "cc"
        self.go = os.environ.get("GO") or "go"
        self.mcs = os.environ.get("MCS") or "mcs"
        self.mono = os.environ.get("MONO") or "mono"
        self.python = os.environ.get("PYTHON") or sys.executable
        self.targets: Optional[set] = None
        self.env = dict(os.environ, LD_LIBRARY_PATH=self.build)
        self.env.pop("SMSC_PORT", None)

    def workdir(self, sn: Snippet) -> str:
        # Inside the repository (BUILD/snippets), so that a Go module there
        # can point at the repository with a relative replace.
        parent = os.path.join(self.build, "snippets")
        os.makedirs(parent, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9]+", "_", "%s_%d" % (sn.path, sn.line))
        return tempfile.mkdtemp(prefix=name + ".", dir=parent)

    def check(self, sn: Snippet) -> str:
        if sn.lang == "text":
            return "not code"
        if sn.lang in ("sh", "bash", "shell", "console"):
            return self.shell(sn)
        fn = {"c": self.c, "python": self.py, "py": self.py, "csharp": self.cs, "cs": self.cs,
              "c#": self.cs, "go": self.golang}.get(sn.lang)
        if fn is None:
            raise Failed("a code block without a known language (%r): name it (```c, ```python, "
                         "```text, ...) or mark it <!-- snippet: skip (reason) -->" % sn.lang)
        d = self.workdir(sn)
        try:
            return fn(sn, d)
        finally:
            if not self.keep:
                shutil.rmtree(d, ignore_errors=True)

    def c(self, sn: Snippet, d: str) -> str:
        src, exe = os.path.join(d, "snippet.c"), os.path.join(d, "snippet")
        with open(src, "w") as f:
            f.write(sn.code)
        run([self.cc] + CFLAGS + ["-I", os.path.join(ROOT, "include"), src, "-L", self.build,
                                  "-lsmscserver", "-lpthread", "-o", exe], cwd=d)
        return "compiled; " + execute([exe], d, self.env, sn.code)

    def py(self, sn: Snippet, d: str) -> str:
        src = os.path.join(d, "snippet.py")
        with open(src, "w") as f:
            f.write(sn.code)
        try:
            py_compile.compile(src, doraise=True)
        except py_compile.PyCompileError as e:
            raise Failed(str(e))
        env = dict(self.env, PYTHONPATH=os.path.join(ROOT, "bindings", "python"),
                   SMSCSERVER_LIB=os.path.join(self.build, "libsmscserver.so"))
        return "compiled; " + execute([self.python, src], d, env, sn.code)

    def cs(self, sn: Snippet, d: str) -> str:
        dll = os.path.join(self.build, "dotnet", "SmscServer.dll")
        if not os.path.exists(dll):
            raise Failed("%s is missing: run make dotnet" % dll)
        src, exe = os.path.join(d, "Snippet.cs"), os.path.join(d, "Snippet.exe")
        with open(src, "w") as f:
            f.write(sn.code)
        run([self.mcs] + MCSFLAGS + ["-r:" + dll, "-out:" + exe, src], cwd=d)
        env = dict(self.env, MONO_PATH=os.path.dirname(dll))
        return "compiled; " + execute([self.mono, exe], d, env, sn.code)

    def golang(self, sn: Snippet, d: str) -> str:
        with open(os.path.join(ROOT, "go.mod")) as f:
            m = re.search(r"^module\s+(\S+)", f.read(), re.MULTILINE)
        assert m, "go.mod names no module"
        module = m.group(1)
        # A module of its own (so `go vet ./...` of the repository never sees
        # it) that takes the library, and the versions of its dependencies,
        # from the repository.
        with open(os.path.join(d, "go.mod"), "w") as f:
            f.write("module snippet\n\ngo 1.24.0\n\nrequire %s v0.0.0\n\nreplace %s => %s\n"
                    % (module, module, os.path.relpath(ROOT, d)))
        shutil.copy(os.path.join(ROOT, "go.sum"), os.path.join(d, "go.sum"))
        with open(os.path.join(d, "main.go"), "w") as f:
            f.write(sn.code)
        env = dict(self.env, GOFLAGS="-mod=mod")
        run([self.go, "vet", "."], cwd=d, env=env)
        run([self.go, "build", "-o", "snippet", "."], cwd=d, env=env)
        return "vetted, built; " + execute([os.path.join(d, "snippet")], d, self.env, sn.code)

    def make_targets(self) -> set:
        if self.targets is None:
            # make's database (-p) of the Makefile with everything it includes;
            # -q runs nothing.
            env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
            p = subprocess.run(["make", "-pRrq", "-C", ROOT], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
            targets, not_target = set(), False
            for line in p.stdout.splitlines():
                if line.startswith("# Not a target"):
                    not_target = True
                    continue
                m = re.match(r"^([^#\s=:][^=:]*?):(?!=)", line)
                if m and not not_target:
                    targets.update(m.group(1).split())
                not_target = False
            self.targets = targets
        return self.targets

    def shell(self, sn: Snippet) -> str:
        made, files = [], []
        for line in sn.code.splitlines():
            line = re.sub(r"(^|\s)#.*", "", line).strip().lstrip("$ ")
            for m in re.finditer(r"(?:^|[;&|(]\s*)make((?:\s+[^\s;&|)]+)*)", line):
                for word in m.group(1).split():
                    if word in ("-f", "--file", "-C", "--directory") or word.startswith(("--file=", "--directory=")):
                        raise Failed("`make%s`: only the top-level Makefile is checked (it includes the "
                                     "bindings' .mk files); use `make TARGET` from the repository root" % m.group(1))
                    if word.startswith("-") or "=" in word or word.isdigit():
                        continue  # an option, a variable or the count of -j N
                    if word not in self.make_targets():
                        raise Failed("`make %s`: the Makefile has no target %r" % (word, word))
                    made.append(word)
            for word in line.split():
                if re.search(r"\.(sh|py)$", word) and not any(c in word for c in "*?$<>"):
                    if not os.path.isfile(os.path.join(ROOT, word)):
                        raise Failed("%s: no such file in the repository" % word)
                    files.append(word)
        return "not run; make targets exist: %s; files exist: %s" % (
            " ".join(made) or "(none)", " ".join(files) or "(none)")


# ------------------------------------------------------------------- main


def readmes() -> List[str]:
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "*README.md"], stdout=subprocess.PIPE,
                         text=True, check=True).stdout.split()
    return [os.path.join(ROOT, p) for p in out]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="the directory of libsmscserver.so and dotnet/SmscServer.dll")
    ap.add_argument("--keep", action="store_true", help="keep the work directories under BUILD/snippets")
    ap.add_argument("files", nargs="*", help="Markdown files (default: every README.md git tracks)")
    args = ap.parse_args()

    checker = Checker(args.build, args.keep)
    ok = skipped = failed = 0
    for path in args.files or readmes():
        try:
            snippets = extract(os.path.abspath(path))
        except Failed as e:
            print("FAIL %s" % e, flush=True)
            failed += 1
            continue
        for sn in snippets:
            if sn.skip is not None:
                print("SKIP %s %s: %s" % (sn.where, sn.lang or "(no language)", sn.skip), flush=True)
                skipped += 1
                continue
            t0 = time.monotonic()
            try:
                what = checker.check(sn)
            except Failed as e:
                print("FAIL %s %s: %s" % (sn.where, sn.lang or "(no language)", e), flush=True)
                failed += 1
                continue
            print("ok   %s %s: %s (%.1f s)" % (sn.where, sn.lang, what, time.monotonic() - t0), flush=True)
            ok += 1
    if not args.keep:
        try:
            os.rmdir(os.path.join(checker.build, "snippets"))
        except OSError:
            pass  # never made, or kept work directories of another run
    print("%d snippets: %d ok, %d skipped, %d failed" % (ok + skipped + failed, ok, skipped, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
