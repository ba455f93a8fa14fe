#!/usr/bin/env python3
"""Benchmark matrix: every server under the same load client, side by side
with peer servers and a floor, written to docs/benchmarks.md (+ .png, .json).

    bench/.venv/bin/python bench/run.py --build build      (what `make bench` runs)
    python3 bench/run.py --build /tmp/b --only floor,gocore --repeat 1 --no-scale --no-codec

Servers (each its own process on a loopback port picked at run time):
floor (bench/hosts/floor), gocore (bench/hosts/gocore, the Go core in direct
dispatch), chost (bench/chost/bench_host.c, else bindings/python/bench/chost.c),
python (bindings/python/bench/host.py over SMSCSERVER_LIB), dotnet
(bench/hosts/dotnet/Host.cs on bindings/dotnet under mono), smscd-quiet and
smscd (cmd/smscd with and without -quiet, the `make run` SMSC; its log goes to
a file), smscd-store (smscd -quiet with a durable -store file), node (npm smpp,
bench/peers/node), java (jsmpp, bench/peers/java).
UCP and CIMD2 rows: gocore and floor with -proto ucp / cimd2. TLS row:
gocore-tls (gocore -tls: TLS 1.3 only, a self-signed ECDSA P-256 certificate
made at start-up; the load client with -tls) in the 16 x 64 cell only, run
right after gocore in every round; the report compares its rate with the
plain gocore row's (target: at least 0.6 x).

Per server: start, one untimed warm-up cell (16 connections, window 64,
1 s: JIT, caches), then the cells (connections x window), then stop. The
whole matrix is repeated --repeat times round-robin (every server once per
round, so the floor and the servers share the machine's state), and each
cell's figures are the median round by rate. A cell is bounded by
--cell-seconds or --cell-n submits, whichever comes first.

Scale: 10,000 idle bound sessions (bench/idle) plus 16 busy connections
(window 64) against gocore and chost; VmRSS from /proc/<pid>/status.
Codec: go test -bench over bench/codec. Profile: gocore -cpuprofile under the
16 x 64 load, `go tool pprof -top`.

Only the Python standard library is needed; the plot needs matplotlib
(bench/.venv, see bench/install-deps.sh) and is skipped without it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GO = shutil.which("go") or "/usr/local/go/bin/go"

CELLS = [(1, 1), (1, 64), (16, 1), (16, 64)]  # (connections, window)
TLS_TARGET = 0.6  # TLS 1.3 rate / plain rate of the same host, 16 x 64
TITLES = {"chost": "C host", "python": "Python host", "dotnet": ".NET host", "node": "node `smpp` server",
          "java": "jsmpp server"}


def log(*a) -> None:
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def loadavg() -> list:
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return []


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all CPUs, /proc/stat)."""
    try:
        f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("check", True)
    return subprocess.run(cmd, **kw)


def cmd_version(cmd) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "not installed"


def machine_facts() -> dict:
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory": mem,
        "kernel": os.uname().release,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "go": cmd_version([GO, "version"]),
        "node": cmd_version(["node", "--version"]),
        "java": cmd_version(["java", "-version"]),
        "mono": cmd_version(["mono", "--version"]),
        "python": sys.version.split()[0],
    }


def wait_for_quiet(max_load: float, max_wait: float) -> list:
    """Waits (up to max_wait s) until the 1-minute load average is below max_load."""
    t0 = time.time()
    while True:
        la = loadavg()
        if not la or la[0] < max_load or time.time() - t0 >= max_wait:
            return la
        log("load average %s >= %.2f, waiting (%.0f s left)" % (la, max_load, max_wait - (time.time() - t0)))
        time.sleep(min(20, max(1, max_wait - (time.time() - t0))))


# ---------------------------------------------------------------- building

class Build:
    def __init__(self, build: str):
        self.dir = os.path.abspath(build)
        self.bin = os.path.join(self.dir, "bench")
        os.makedirs(self.bin, exist_ok=True)
        self.lib = os.path.join(self.dir, "libsmscserver.so")
        self.missing: dict = {}  # server name -> why it cannot run

    def go(self) -> None:
        env = dict(os.environ, GOFLAGS=os.environ.get("GOFLAGS", ""))
        for name, pkg in [("loadclient", "./bench/loadclient"), ("gocore", "./bench/hosts/gocore"),
                          ("floor", "./bench/hosts/floor"), ("idle", "./bench/idle"), ("smscd", "./cmd/smscd")]:
            run([GO, "build", "-o", os.path.join(self.bin, name), pkg], cwd=REPO, env=env)

    def lib_ok(self) -> bool:
        if os.path.exists(self.lib):
            return True
        r = run(["make", "-C", REPO, "lib", "BUILD=" + self.dir], check=False)
        return r.returncode == 0 and os.path.exists(self.lib)

    def chost(self) -> list:
        """The C host: bench/chost (the C engineer's) when present, else the Python binding's chost.c."""
        if not self.lib_ok():
            self.missing["chost"] = "libsmscserver.so did not build"
            return []
        cc = shutil.which("cc") or shutil.which("gcc")
        src = os.path.join(REPO, "bench", "chost", "bench_host.c")
        out = os.path.join(self.bin, "chost")
        if os.path.exists(src):
            args = []
        else:
            src = os.path.join(REPO, "bindings", "python", "bench", "chost.c")
            args = ["direct"]
        r = run([cc, "-O2", "-Wall", "-I", os.path.join(REPO, "include"), "-o", out, src, "-L", self.dir,
                 "-lsmscserver", "-lpthread", "-Wl,-rpath," + self.dir], check=False)
        if r.returncode != 0:
            self.missing["chost"] = "the C host did not compile"
            return []
        self.chost_src = os.path.relpath(src, REPO)
        return [out] + args

    def dotnet(self) -> list:
        """The .NET host under mono; [] (and a reason) when the binding does not build yet."""
        if not (shutil.which("mcs") and shutil.which("mono")):
            self.missing["dotnet"] = "not available yet: mono (mcs, mono) is not installed"
            return []
        if not self.lib_ok():
            self.missing["dotnet"] = "not available yet: libsmscserver.so did not build"
            return []
        out = os.path.join(self.bin, "dotnet")
        os.makedirs(out, exist_ok=True)
        srcs = sorted(os.path.join(REPO, "bindings", "dotnet", "SmscServer", f)
                      for f in os.listdir(os.path.join(REPO, "bindings", "dotnet", "SmscServer")) if f.endswith(".cs"))
        dll = os.path.join(out, "SmscServer.dll")
        exe = os.path.join(out, "SmscBenchHost.exe")
        r1 = run(["mcs", "-langversion:7.2", "-optimize+", "-target:library", "-unsafe", "-nowarn:1591", "-out:" + dll] + srcs,
                 check=False, capture_output=True, text=True)
        if r1.returncode != 0:
            self.missing["dotnet"] = "not available yet: bindings/dotnet does not build (%s)" % first_error(r1.stdout + r1.stderr)
            return []
        r2 = run(["mcs", "-langversion:7.2", "-optimize+", "-r:" + dll, "-out:" + exe,
                  os.path.join(HERE, "hosts", "dotnet", "Host.cs")], check=False, capture_output=True, text=True)
        if r2.returncode != 0:
            self.missing["dotnet"] = "not available yet: the .NET host does not build (%s)" % first_error(r2.stdout + r2.stderr)
            return []
        return ["mono", "--optimize=all", exe]

    def java(self) -> list:
        d = os.path.join(HERE, "peers", "java")
        if not os.path.exists(os.path.join(d, "lib", "jsmpp-3.0.2.jar")):
            self.missing["java"] = "jsmpp not installed (run bench/install-deps.sh)"
            return []
        classes = os.path.join(self.bin, "java")
        os.makedirs(classes, exist_ok=True)
        r = run(["javac", "-d", classes, "-cp", os.path.join(d, "lib", "*"), os.path.join(d, "JsmppServer.java")], check=False)
        if r.returncode != 0:
            self.missing["java"] = "JsmppServer.java did not compile"
            return []
        return ["java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp",
                classes + ":" + os.path.join(d, "lib", "*"), "JsmppServer"]

    def node(self) -> list:
        d = os.path.join(HERE, "peers", "node")
        if not os.path.exists(os.path.join(d, "node_modules", "smpp", "package.json")):
            self.missing["node"] = "npm smpp not installed (run bench/install-deps.sh)"
            return []
        return ["node", os.path.join(d, "server.js")]

    def python(self) -> tuple:
        if not self.lib_ok():
            self.missing["python"] = "libsmscserver.so did not build"
            return [], {}
        env = {"PYTHONPATH": os.path.join(REPO, "bindings", "python"), "SMSCSERVER_LIB": self.lib}
        return [sys.executable, os.path.join(REPO, "bindings", "python", "bench", "host.py")], env


def first_error(text: str) -> str:
    for line in text.splitlines():
        if "error" in line:
            return line.strip()[:200]
    return text.strip()[:200]


# ---------------------------------------------------------------- servers

class Server:
    """One server under test. port_arg: how the chosen port is passed
    ("{port}" in cmd) or None when the server picks one and prints it."""

    def __init__(self, name: str, title: str, cmd: list, proto: str = "smpp", env: dict | None = None,
                 port_in_cmd: bool = False, group: str = "library", stop_by_stdin: bool = True,
                 tls: bool = False, cells: list | None = None):
        self.name, self.title, self.cmd, self.proto = name, title, cmd, proto
        self.tls = tls  # the load client connects with -tls
        self.cells = cells or CELLS
        self.env = env or {}
        self.port_in_cmd = port_in_cmd
        self.group = group
        self.stop_by_stdin = stop_by_stdin
        self.p = None
        self.port = 0
        self.logf = None

    def start(self, outdir: str, timeout: float = 60) -> None:
        port = free_port() if self.port_in_cmd else 0
        cmd = [c.replace("{port}", str(port)) for c in self.cmd]
        logpath = os.path.join(outdir, self.name + ".log")
        self.logf = open(logpath, "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self.logf, stderr=subprocess.STDOUT,
                                  env=dict(os.environ, **self.env), cwd=REPO)
        t0 = time.time()
        while time.time() - t0 < timeout:
            if self.p.poll() is not None:
                raise RuntimeError("%s exited at start (%s): %s" % (self.name, self.p.returncode, tail(logpath)))
            if not port:
                m = re.search(r"(?:port\s+|127\.0\.0\.1:)(\d+)", open(logpath, errors="replace").read(4096))
                if m:
                    port = int(m.group(1))
            if port and connectable(port):
                self.port = port
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("%s did not start listening within %.0f s: %s" % (self.name, timeout, tail(logpath)))

    def cpu_seconds(self) -> float:
        """user+system CPU of the server process (all threads) so far."""
        try:
            f = open("/proc/%d/stat" % self.p.pid).read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def syscalls(self) -> tuple:
        """(read-like, write-like) system calls of the server process so far (/proc/<pid>/io)."""
        try:
            d = dict(line.split(":", 1) for line in open("/proc/%d/io" % self.p.pid))
            return int(d["syscr"]), int(d["syscw"])
        except (OSError, KeyError, ValueError):
            return ()

    def rss_kb(self) -> dict:
        out = {}
        try:
            for line in open("/proc/%d/status" % self.p.pid):
                if line.startswith(("VmRSS", "VmHWM", "Threads")):
                    k, v = line.split(":", 1)
                    out[k] = int(v.split()[0])
        except OSError:
            pass
        return out

    def stop(self) -> None:
        if self.p is None:
            return
        try:
            if self.stop_by_stdin:
                self.p.stdin.close()
                self.p.wait(5)
        except (subprocess.TimeoutExpired, OSError):
            pass
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        if self.logf:
            self.logf.close()
            # The per-event log of smscd runs to hundreds of MB: keep its tail.
            path = self.logf.name
            if os.path.getsize(path) > 1 << 20:
                t = open(path, "rb").read()[-(64 << 10):]
                open(path, "wb").write(t)
        self.p = None


def connectable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def tail(path: str, n: int = 400) -> str:
    try:
        return open(path, errors="replace").read()[-n:]
    except OSError:
        return ""


def loadclient(b: Build, srv: Server, conns: int, window: int, n: int, seconds: float, warmup: int = 2000) -> dict:
    cmd = [os.path.join(b.bin, "loadclient"), "-proto", srv.proto, "-addr", "127.0.0.1:%d" % srv.port,
           "-conns", str(conns), "-window", str(window), "-n", str(n), "-duration", "%gs" % seconds,
           "-warmup", str(warmup), "-label", srv.name] + (["-tls"] if srv.tls else [])
    c0, io0, m0, w0 = srv.cpu_seconds(), srv.syscalls(), machine_busy(), time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    c1, io1, m1, w1 = srv.cpu_seconds(), srv.syscalls(), machine_busy(), time.time()
    try:
        r = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        r = {"error": "no JSON from loadclient: " + (out.stdout + out.stderr)[-300:]}
    if m0 and m1 and "client_cpu_user_s" in r:
        # CPU the rest of the machine used meanwhile: interference from other work.
        others = (m1 - m0) - (c1 - c0) - r["client_cpu_user_s"] - r["client_cpu_sys_s"]
        r["others_cpu_pct"] = max(0.0, others) / ((w1 - w0) * (os.cpu_count() or 1)) * 100
    if r.get("acked"):
        r["server_cpu_us_per_submit"] = (c1 - c0) / r["acked"] * 1e6
        if io0 and io1:
            r["server_reads_per_submit"] = (io1[0] - io0[0]) / r["acked"]
            r["server_writes_per_submit"] = (io1[1] - io0[1]) / r["acked"]
    return r


# ---------------------------------------------------------------- the matrix

def servers(b: Build, protos: list) -> list:
    out = []
    bin_ = b.bin
    floor = Server("floor", "floor (headers only, fixed answers)", [os.path.join(bin_, "floor")], group="floor")
    out.append(floor)
    out.append(Server("gocore", "Go core host (direct dispatch)", [os.path.join(bin_, "gocore")]))
    # Same host, TLS 1.3 (self-signed ECDSA P-256, made at start-up), the
    # 16 x 64 cell only: compared with the plain row above.
    out.append(Server("gocore-tls", "Go core host, TLS 1.3 (direct dispatch)", [os.path.join(bin_, "gocore"), "-tls"],
                      group="tls", tls=True, cells=[(16, 64)]))
    out.append(Server("gocore-pumped", "Go core host (pumped dispatch, one dispatcher goroutine)",
                      [os.path.join(bin_, "gocore"), "-pumped"]))
    # Diagnostics, not configurations to recommend: with GOMAXPROCS=1 a Go
    # server runs Go code on one thread and leaves the other core to the load
    # client, which shows how much of the p99 at 16 x 64 comes from the two
    # processes' threads contending for 2 cores rather than from the server.
    out.append(Server("floor-1p", "floor, GOMAXPROCS=1 (diagnostic)", [os.path.join(bin_, "floor")],
                      env={"GOMAXPROCS": "1"}, group="diagnostic"))
    out.append(Server("gocore-1p", "Go core host, GOMAXPROCS=1 (diagnostic)", [os.path.join(bin_, "gocore")],
                      env={"GOMAXPROCS": "1"}, group="diagnostic"))
    chost = b.chost()
    if chost:
        out.append(Server("chost", "C host (%s, direct dispatch)" % b.chost_src,
                          chost + (["-p", "{port}"] if "bench_host.c" in b.chost_src else []),
                          port_in_cmd="bench_host.c" in b.chost_src, stop_by_stdin="bench_host.c" not in b.chost_src))
    py, pyenv = b.python()
    if py:
        out.append(Server("python", "Python host (bindings/python/bench/host.py, sync handler)", py, env=pyenv))
    dn = b.dotnet()
    if dn:
        out.append(Server("dotnet", ".NET host (bench/hosts/dotnet on bindings/dotnet, mono)", dn + ["{port}"],
                          env={"LD_LIBRARY_PATH": b.dir}, port_in_cmd=True))
    smscd = [os.path.join(bin_, "smscd"), "-smpp-port", "{port}"]
    help_ = subprocess.run([smscd[0], "-h"], capture_output=True, text=True).stderr
    for opt in ("-ucp-port", "-cimd2-port"):  # SMPP only: no fixed ports that may be taken
        if opt in help_:
            smscd += [opt, "-1"]
    out.append(Server("smscd-quiet", "`cmd/smscd -quiet` (make run SMSC, summary log)", smscd + ["-quiet"],
                      port_in_cmd=True, stop_by_stdin=False, group="smscd"))
    out.append(Server("smscd", "`cmd/smscd` (make run SMSC, a log line per event, to a file)", smscd,
                      port_in_cmd=True, stop_by_stdin=False, group="smscd"))
    # smscd with its durable store: every submit is committed (fsync, group
    # commit) to a bbolt file before it is acknowledged. The file is new
    # for each run (removed here), so rounds compare alike.
    store_path = os.path.join(b.dir, "smscd-bench.db")
    if os.path.exists(store_path):
        os.remove(store_path)
    out.append(Server("smscd-store", "`cmd/smscd -quiet -store FILE` (durable store, fsync per group commit)",
                      smscd + ["-quiet", "-store", store_path], port_in_cmd=True, stop_by_stdin=False, group="smscd"))
    nd = b.node()
    if nd:
        out.append(Server("node", "node `smpp` 0.5.1 server (npm)", nd + ["{port}"], port_in_cmd=True, group="peer"))
    jv = b.java()
    if jv:
        out.append(Server("java", "jsmpp 3.0.2 SMPPServerSessionListener (Maven Central)", jv + ["{port}"],
                          port_in_cmd=True, group="peer"))
    for proto in protos:
        if proto == "smpp":
            continue
        out.append(Server("floor-" + proto, "floor, %s" % proto.upper(), [os.path.join(bin_, "floor"), "-proto", proto],
                          proto=proto, group="floor"))
        out.append(Server("gocore-" + proto, "Go core host, %s" % proto.upper(),
                          [os.path.join(bin_, "gocore"), "-proto", proto], proto=proto))
    return out


def run_matrix(b: Build, srvs: list, args, outdir: str) -> dict:
    results: dict = {s.name: {} for s in srvs}
    errors: dict = {}
    for rnd in range(args.repeat):
        log("round %d of %d, load average %s" % (rnd + 1, args.repeat, loadavg()))
        for s in srvs:
            if s.name in errors:
                continue
            try:
                s.start(outdir)
            except RuntimeError as e:
                errors[s.name] = str(e)
                log("  %s: %s" % (s.name, e))
                continue
            try:
                loadclient(b, s, 16, 64, 10 ** 7, args.warmup_seconds)  # untimed warm-up
                for conns, window in s.cells:
                    r = loadclient(b, s, conns, window, args.cell_n, args.cell_seconds)
                    r["loadavg"] = loadavg()
                    results[s.name].setdefault("%dx%d" % (conns, window), []).append(r)
                    log("  %-12s %2d x %-2d %10.0f/s  p50 %8.0f us  p99 %8.0f us  %s" % (
                        s.name, conns, window, r.get("rate", 0), r.get("p50_us", 0), r.get("p99_us", 0),
                        ("errors %d lost %d" % (r.get("errors", 0), r.get("lost", 0))) if r.get("errors") or r.get("lost")
                        else r.get("error", "")))
            finally:
                s.stop()
    return {"runs": results, "errors": errors}


def median_run(runs: list) -> dict:
    ok = [r for r in runs if not r.get("error")]
    if not ok:
        return runs[0] if runs else {}
    ok.sort(key=lambda r: r.get("rate", 0))
    m = dict(ok[len(ok) // 2])
    m["rates"] = [round(r.get("rate", 0)) for r in runs]
    return m


# ---------------------------------------------------------------- scale

def scale_test(b: Build, srv: Server, outdir: str, sessions: int, seconds: float) -> dict:
    log("scale: %s with %d idle sessions + 16 busy" % (srv.name, sessions))
    srv.start(outdir)
    res: dict = {"server": srv.name, "sessions": sessions}
    idle = None
    try:
        time.sleep(0.5)
        res["rss_before_kb"] = srv.rss_kb().get("VmRSS", 0)
        idle = subprocess.Popen([os.path.join(b.bin, "idle"), "-addr", "127.0.0.1:%d" % srv.port, "-n", str(sessions),
                                 "-hold", "%ds" % int(seconds + 120)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = idle.stdout.readline()
        try:
            res["idle"] = json.loads(line)
        except ValueError:
            res["error"] = "idle client: %r %s" % (line, idle.stderr.read()[-300:] if idle.poll() is not None else "")
            return res
        time.sleep(2)
        m = srv.rss_kb()
        res["rss_idle_kb"], res["threads_idle"] = m.get("VmRSS", 0), m.get("Threads", 0)
        bound = res["idle"].get("bound", 0)
        if bound:
            res["kb_per_session"] = (res["rss_idle_kb"] - res["rss_before_kb"]) / bound
        if srv.name == "gocore":  # where the idle sessions' memory is: a heap profile
            hp = os.path.join(outdir, "gocore-idle.heap")
            srv.p.stdin.write(b"stats\nheap " + hp.encode() + b"\n")
            srv.p.stdin.flush()
            for _ in range(100):
                if os.path.exists(hp) and "heap" in tail(os.path.join(outdir, srv.name + ".log"), 200).split():
                    break
                time.sleep(0.1)
            time.sleep(0.2)
            res["stats"] = tail(os.path.join(outdir, srv.name + ".log"), 200).strip().splitlines()[-2:]
            res["heap_top"] = run([GO, "tool", "pprof", "-top", "-sample_index=inuse_space", "-nodecount=15",
                                   os.path.join(b.bin, "gocore"), hp], capture_output=True, text=True, check=False).stdout
            m = srv.rss_kb()
            res["rss_idle_after_gc_kb"] = m.get("VmRSS", 0)
        r = loadclient(b, srv, 16, 64, 10 ** 7, seconds)
        res["busy"] = r
        m = srv.rss_kb()
        res["rss_busy_kb"], res["hwm_kb"] = m.get("VmRSS", 0), m.get("VmHWM", 0)
    finally:
        if idle is not None and idle.poll() is None:
            idle.terminate()
            try:
                idle.wait(20)
            except subprocess.TimeoutExpired:
                idle.kill()
                idle.wait()
        srv.stop()
    return res


# ---------------------------------------------------------------- codec, profile

def codec_bench(benchtime: str) -> list:
    log("codec benchmarks")
    out = run([GO, "test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, "./bench/codec/"],
              cwd=REPO, capture_output=True, text=True, check=False)
    rows = []
    for line in out.stdout.splitlines():
        m = re.match(r"Benchmark(\S+?)-\d+\s+\d+\s+([\d.]+) ns/op(?:\s+[\d.]+ MB/s)?\s+(\d+) B/op\s+(\d+) allocs/op", line)
        if m:
            rows.append({"name": m.group(1), "ns_op": float(m.group(2)), "b_op": int(m.group(3)), "allocs_op": int(m.group(4))})
    if not rows:
        log("codec benchmarks failed: " + (out.stdout + out.stderr)[-500:])
    return rows


def profile(b: Build, outdir: str, name: str, extra: list, seconds: float) -> str:
    log("profile: gocore %s under 16 x 64" % " ".join(extra))
    prof = os.path.join(outdir, "gocore%s.pprof" % ("-" + name if name else ""))
    s = Server("gocore-profile", "", [os.path.join(b.bin, "gocore"), "-cpuprofile", prof] + extra)
    s.start(outdir)
    try:
        loadclient(b, s, 16, 64, 10 ** 7, 1)
        r = loadclient(b, s, 16, 64, 10 ** 8, seconds)
    finally:
        s.stop()
    top = run([GO, "tool", "pprof", "-top", "-nodecount=30", os.path.join(b.bin, "gocore"), prof],
              capture_output=True, text=True, check=False).stdout
    cum = run([GO, "tool", "pprof", "-top", "-cum", "-nodecount=30", os.path.join(b.bin, "gocore"), prof],
              capture_output=True, text=True, check=False).stdout
    return "load: %.0f submits/s, p99 %.0f us\n\n-- flat --\n%s\n-- cumulative --\n%s" % (
        r.get("rate", 0), r.get("p99_us", 0), top, cum)


def perf_profile(b: Build, srv: Server, outdir: str, seconds: float, env: dict | None = None) -> str:
    """perf record of a server under 16 x 64 (for servers without pprof: smscd, the C host)."""
    if not shutil.which("perf"):
        return ""
    log("profile: perf, %s under 16 x 64" % srv.name)
    if env:
        srv.env = dict(srv.env, **env)
    data = os.path.join(outdir, srv.name + ".perf.data")
    srv.start(outdir)
    try:
        loadclient(b, srv, 16, 64, 10 ** 7, 1)
        rec = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(srv.p.pid), "-o", data],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        r = loadclient(b, srv, 16, 64, 10 ** 8, seconds)
        rec.send_signal(signal.SIGINT)
        rec.wait(30)
    finally:
        srv.stop()

    def report(children: bool) -> str:
        out = run(["perf", "report", "-i", data, "--children" if children else "--no-children", "--sort", "symbol",
                   "--stdio", "-g", "none", "--percent-limit", "0.7"], capture_output=True, text=True, check=False).stdout
        lines = [l.rstrip() for l in out.splitlines() if "%" in l and not l.startswith("#")]
        return "\n".join(re.sub(r"\s+-\s+-\s*$", "", l) for l in lines[:60])

    return "load: %.0f submits/s, p99 %.0f us\n\n-- self --\n%s\n\n-- with children --\n%s\n" % (
        r.get("rate", 0), r.get("p99_us", 0), report(False), report(True))


def unstripped_lib(b: Build) -> str:
    """libsmscserver.so.1 with symbols (the Makefile's is stripped), for perf."""
    d = os.path.join(b.bin, "prof")
    os.makedirs(d, exist_ok=True)
    so = os.path.join(d, "libsmscserver.so.1")
    r = run([GO, "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-extldflags '-Wl,-soname,libsmscserver.so.1 "
             "-Wl,--version-script=%s'" % os.path.join(REPO, "capi", "exports.map"), "-o", so, "./capi"],
            cwd=REPO, check=False, capture_output=True, text=True)
    return d if r.returncode == 0 else ""


# ---------------------------------------------------------------- report

def fmt_rate(x) -> str:
    return "%s" % format(int(round(x)), ",") if x else "–"


def fmt_us(x) -> str:
    if not x:
        return "–"
    return "%.2f ms" % (x / 1000) if x >= 1000 else "%.0f µs" % x


def write_report(path: str, data: dict) -> None:
    facts, med, srvs = data["facts"], data["median"], data["servers"]
    L = []
    L.append("# Benchmarks")
    L.append("")
    L.append("Generated by `make bench` (`bench/run.py`); do not edit by hand. Raw figures: "
             "[benchmarks.json](benchmarks.json); CPU profiles under load (Go core host, smscd, C host): "
             "[benchmarks-profile.txt](benchmarks-profile.txt).")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    L.append("| cores (`nproc`) | %s |" % facts["nproc"])
    L.append("| CPU | %s |" % facts["cpu_model"])
    L.append("| memory | %s |" % facts["memory"])
    L.append("| load average at start (1, 5, 15 min) | %s |" % " ".join("%.2f" % x for x in data["loadavg_start"]))
    L.append("| load average at end | %s |" % " ".join("%.2f" % x for x in data["loadavg_end"]))
    oth = sorted(r["others_cpu_pct"] for cells in data.get("runs", {}).values() for rs in cells.values()
                 for r in rs if "others_cpu_pct" in r)
    if oth:
        L.append("| CPU used by other processes during the cells (median, max) | %.0f%%, %.0f%% of the machine |" % (
            oth[len(oth) // 2], oth[-1]))
    L.append("| date, commit | %s, %s |" % (facts["date"], facts["commit"]))
    L.append("| kernel, Go, node, Java, Mono, Python | %s; %s; %s; %s; %s; %s |" % (
        facts["kernel"], facts["go"], facts["node"], facts["java"], facts["mono"], facts["python"]))
    L.append("")
    a = data["args"]
    L.append("Client and servers share the machine over loopback (nothing pinned). The load client "
             "(`bench/loadclient`) binds N connections, keeps W submits outstanding on each, answers "
             "deliver_sm/enquire_link, and measures every submit's latency. Each cell runs %g s or %s "
             "submits, whichever comes first, after an untimed warm-up; the matrix ran %d times round-robin "
             "and each cell shows the median round (by rate; all rounds' rates in benchmarks.json). "
             "**Ratio** = rate / the floor's rate in the same cell (p99 ratio = p99 / the floor's p99). "
             "**CPU/submit** = the server process's user+system CPU time per answered submit, steadier "
             "than the rate on a shared machine." % (a["cell_seconds"], format(a["cell_n"], ","), a["repeat"]))
    L.append("")
    L.append("![submits/s and p99 latency per server, relative to the floor](benchmarks.png)")
    L.append("")
    for proto in ["smpp", "ucp", "cimd2"]:
        rows = [s for s in srvs if s["proto"] == proto]
        if not rows:
            continue
        floor = "floor" if proto == "smpp" else "floor-" + proto
        L.append("## %s" % {"smpp": "SMPP submit_sm", "ucp": "UCP operation 51", "cimd2": "CIMD2 operation 03"}[proto])
        L.append("")
        L.append("| server | conns × window | submits/s | ratio to floor | p50 | p99 | p99 ÷ floor's | CPU/submit | "
                 "read+write calls/submit | errors |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for s in rows:
            if s["name"] in data["unavailable"]:
                L.append("| %s | all | %s | | | | | | | |" % (s["title"], data["unavailable"][s["name"]]))
                continue
            for conns, window in CELLS:
                k = "%dx%d" % (conns, window)
                if k not in s.get("cells", [k]):
                    continue  # a row measured in some cells only (TLS)
                r = med.get(s["name"], {}).get(k, {})
                f = med.get(floor, {}).get(k, {})
                if r.get("error") and not r.get("rate"):
                    L.append("| %s | %d × %d | failed: %s | | | | | | | |" % (s["title"], conns, window, r["error"][:120]))
                    continue
                ratio = r.get("rate", 0) / f["rate"] if f.get("rate") else 0
                pr = r.get("p99_us", 0) / f["p99_us"] if f.get("p99_us") else 0
                L.append("| %s | %d × %d | %s | %.2f | %s | %s | %.1f | %s | %s | %s |" % (
                    s["title"], conns, window, fmt_rate(r.get("rate", 0)), ratio, fmt_us(r.get("p50_us")),
                    fmt_us(r.get("p99_us")), pr,
                    ("%.2f µs" % r["server_cpu_us_per_submit"]) if r.get("server_cpu_us_per_submit") else "–",
                    ("%.2f + %.2f" % (r["server_reads_per_submit"], r["server_writes_per_submit"]))
                    if "server_reads_per_submit" in r else "–",
                    (r.get("errors", 0) + r.get("lost", 0)) or ""))
        L.append("")
    tls = tls_rows(data)
    if tls:
        L.append("## TLS 1.3 against plain TCP")
        L.append("")
        L.append("The same host with `-tls` (tls-cert/tls-key of a self-signed ECDSA P-256 certificate made "
                 "at start-up, `tls-min-version=1.3`) and the load client with `-tls` (crypto/tls, TLS 1.3, "
                 "AES-128-GCM with Go on both ends), in the same rounds as the plain row, 16 connections × "
                 "window 64; the handshakes happen before the timed phase. Target: TLS rate ≥ %.1f × the plain "
                 "rate, the medians' ratio (each round's ratio beside it: the two rows ran one after the "
                 "other)." % TLS_TARGET)
        L.append("")
        L.append("| server | conns × window | plain submits/s | TLS submits/s | TLS ÷ plain | each round | plain p99 | "
                 "TLS p99 | CPU/submit plain → TLS | ≥ %.1f × |" % TLS_TARGET)
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for t in tls:
            p, r = t["plain"], t["tls"]
            cpu = "–"
            if p.get("server_cpu_us_per_submit") and r.get("server_cpu_us_per_submit"):
                cpu = "%.2f → %.2f µs" % (p["server_cpu_us_per_submit"], r["server_cpu_us_per_submit"])
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                t["title"], t["cell"].replace("x", " × "), fmt_rate(p.get("rate", 0)), fmt_rate(r.get("rate", 0)),
                ("%.2f" % t["ratio"]) if t["ratio"] is not None else "–",
                ", ".join("%.2f" % x for x in t.get("rounds", [])) or "–", fmt_us(p.get("p99_us")),
                fmt_us(r.get("p99_us")), cpu,
                "not measured" if t["ratio"] is None else ("met" if t["ratio"] >= TLS_TARGET else "**missed**")))
        L.append("")
    # targets
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | verdict |")
    L.append("|---|---|---|")
    for t in data["targets"]:
        L.append("| %s | %s | %s |" % (t["target"], t["measured"], t["verdict"]))
    L.append("")
    sc = data.get("scale") or []
    if sc:
        L.append("## Scale: 10,000 idle bound sessions + 16 busy connections")
        L.append("")
        L.append("`bench/idle` binds the idle sessions (transceiver, one connection each) and holds them; "
                 "then the load client runs 16 connections × window 64 next to them. Memory is the server "
                 "process's VmRSS from /proc/<pid>/status.")
        L.append("")
        L.append("| server | sessions bound | RSS before | RSS with idle sessions | KB per session | "
                 "16 × 64 submits/s beside them | p99 | RSS busy (peak) |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in sc:
            if r.get("error"):
                L.append("| %s | failed: %s | | | | | | |" % (r["server"], r["error"]))
                continue
            busy = r.get("busy", {})
            L.append("| %s | %s | %.1f MB | %.1f MB | %.1f | %s | %s | %.1f MB (%.1f MB) |" % (
                r["server"], format(r["idle"].get("bound", 0), ","), r["rss_before_kb"] / 1024, r["rss_idle_kb"] / 1024,
                r.get("kb_per_session", 0), fmt_rate(busy.get("rate", 0)), fmt_us(busy.get("p99_us")),
                r.get("rss_busy_kb", 0) / 1024, r.get("hwm_kb", 0) / 1024))
        L.append("")
        for r in sc:
            if r.get("heap_top"):
                L.append("Go heap of the Go core host with the idle sessions bound (after a GC; %s; "
                         "`go tool pprof -top -sample_index=inuse_space`):" % "; ".join(r.get("stats", [])))
                L.append("")
                L.append("```")
                L.extend(r["heap_top"].strip().splitlines()[:22])
                L.append("```")
                L.append("")
    cb = data.get("codec") or []
    if cb:
        L.append("## Codec benchmarks")
        L.append("")
        L.append("`go test -run '^$' -bench . -benchmem ./bench/codec/` (decode into a reused value, encode "
                 "into a reused buffer):")
        L.append("")
        L.append("| benchmark | ns/op | B/op | allocs/op |")
        L.append("|---|---|---|---|")
        for r in cb:
            L.append("| %s | %.1f | %d | %d |" % (r["name"], r["ns_op"], r["b_op"], r["allocs_op"]))
        L.append("")
    if data.get("notes"):
        L.append("## Notes")
        L.append("")
        L.extend(data["notes"])
        L.append("")
    L.append("## Reproduce")
    L.append("")
    L.append("```sh")
    L.append("bash bench/install-deps.sh     # node smpp, jsmpp, matplotlib (bench/.venv); Debian mono/node/JDK when missing")
    L.append("make bench                     # the whole matrix, about 10 minutes; rewrites docs/benchmarks.*")
    L.append("bench/.venv/bin/python bench/run.py --build build --only floor,gocore --repeat 1   # a subset")
    L.append("```")
    L.append("")
    open(path, "w").write("\n".join(L))


def tls_rows(data: dict) -> list:
    """Each TLS row (group "tls", name PLAIN-tls) against its plain row, per cell it ran."""
    med, out = data["median"], []
    for s in data["servers"]:
        if s.get("group") != "tls" or s["name"] in data["unavailable"]:
            continue
        plain = s["name"][:-len("-tls")]
        for k in s.get("cells", []):
            p, r = med.get(plain, {}).get(k, {}), med.get(s["name"], {}).get(k, {})
            ratio = r["rate"] / p["rate"] if p.get("rate") and r.get("rate") else None
            # Per round: the two rows ran one after the other in each round.
            pr, tr = data.get("runs", {}).get(plain, {}).get(k, []), data.get("runs", {}).get(s["name"], {}).get(k, [])
            rounds = [b.get("rate", 0) / a["rate"] for a, b in zip(pr, tr) if a.get("rate")]
            out.append({"name": s["name"], "title": s["title"], "cell": k, "plain": p, "tls": r, "ratio": ratio,
                        "rounds": rounds})
    return out


def targets(med: dict, scale: list, codec: list, unavailable: dict) -> list:
    def cell(name, k="16x64"):
        return med.get(name, {}).get(k, {})

    out = []

    def add(target, measured, ok, miss=""):
        out.append({"target": target, "measured": measured,
                    "verdict": "met" if ok else ("**missed**" + (": " + miss if miss else ""))})

    floor, node = cell("floor"), cell("node")
    for name, title in [("gocore", "Go core"), ("chost", "C host")]:
        r = cell(name)
        if not r.get("rate"):
            add("%s ≥ ½ floor at 16 × 64" % title, "not measured", False)
            continue
        if floor.get("rate"):
            q = r["rate"] / floor["rate"]
            add("%s ≥ 0.5 × floor rate, 16 × 64" % title, "%.2f × (%s vs %s/s)" % (q, fmt_rate(r["rate"]), fmt_rate(floor["rate"])),
                q >= 0.5, "by %.0f%% of the target" % ((0.5 - q) / 0.5 * 100))
        if node.get("rate"):
            q = r["rate"] / node["rate"]
            add("%s ≥ 10 × node smpp, 16 × 64" % title, "%.1f ×" % q, q >= 10, "%.1f × short of 10 ×" % (10 - q))
        add("%s p99 < 2 ms, 16 × 64" % title, fmt_us(r.get("p99_us")), r.get("p99_us", 1e9) < 2000,
            "by %s" % fmt_us(r.get("p99_us", 0) - 2000))
    for name, title, k in [("python", "Python host", 2), ("dotnet", ".NET host", 5)]:
        r = cell(name)
        if name in unavailable:
            add("%s ≥ %d × node smpp" % (title, k), unavailable[name], False)
        elif r.get("rate") and node.get("rate"):
            q = r["rate"] / node["rate"]
            add("%s ≥ %d × node smpp, 16 × 64" % (title, k), "%.1f ×" % q, q >= k, "%.1f × short" % (k - q))
    g = cell("gocore")
    for name, title in [("smscd", "`make run` SMSC (per-event log)"), ("smscd-quiet", "`make run` SMSC -quiet")]:
        r = cell(name)
        if r.get("rate") and g.get("rate"):
            q = r["rate"] / g["rate"]
            add("%s ≥ ½ Go core rate, 16 × 64" % title, "%.2f ×" % q, q >= 0.5, "by %.0f%%" % ((0.5 - q) / 0.5 * 100))
    q_, st_ = cell("smscd-quiet"), cell("smscd-store")
    if q_.get("rate") and st_.get("rate"):
        q = st_["rate"] / q_["rate"]
        add("smscd with the store ≥ ½ smscd -quiet without it, 16 × 64", "%.2f × (%s vs %s/s)" % (q, fmt_rate(st_["rate"]), fmt_rate(q_["rate"])),
            q >= 0.5, "by %.0f%%" % ((0.5 - q) / 0.5 * 100))
    t = cell("gocore-tls")
    if "gocore-tls" in unavailable or (t and g):
        if t.get("rate") and g.get("rate"):
            q = t["rate"] / g["rate"]
            add("Go core TLS 1.3 ≥ %.1f × its plain rate, 16 × 64" % TLS_TARGET,
                "%.2f × (%s vs %s/s)" % (q, fmt_rate(t["rate"]), fmt_rate(g["rate"])), q >= TLS_TARGET,
                "by %.0f%% of the target" % ((TLS_TARGET - q) / TLS_TARGET * 100))
        else:
            add("Go core TLS 1.3 ≥ %.1f × its plain rate, 16 × 64" % TLS_TARGET,
                unavailable.get("gocore-tls", "not measured"), False)
    for r in scale:
        if r.get("error"):
            continue
        mb = r["rss_idle_kb"] / 1024
        add("10,000 idle sessions < 150 MB RSS (%s)" % r["server"], "%.1f MB (%.1f KB/session)" % (mb, r.get("kb_per_session", 0)),
            mb < 150 and r["idle"].get("bound", 0) >= 10000, "%.1f MB over" % (mb - 150))
    sub = [c for c in codec if c["name"].startswith("SMPPDecode/submit_sm") and "resp" not in c["name"]]
    if sub:
        add("0 allocs per decoded submit_sm", ", ".join("%s %d" % (c["name"].split("/")[1], c["allocs_op"]) for c in sub),
            all(c["allocs_op"] == 0 for c in sub))
    return out


def plot(path: str, data: dict) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not available: no plot (run bench/install-deps.sh)")
        return False
    med = data["median"]
    names = [s["name"] for s in data["servers"] if s["proto"] == "smpp" and s["name"] not in data["unavailable"]
             and s["name"] != "floor" and s.get("group") not in ("diagnostic", "tls")]
    fig, axes = plt.subplots(1, 2, figsize=(14, 6))
    width = 0.84 / max(1, len(names))
    xs = range(len(CELLS))
    for i, n in enumerate(names):
        rr, pp = [], []
        for conns, window in CELLS:
            k = "%dx%d" % (conns, window)
            r, f = med.get(n, {}).get(k, {}), med.get("floor", {}).get(k, {})
            rr.append(r.get("rate", 0) / f["rate"] if f.get("rate") else 0)
            pp.append(r.get("p99_us", 0) / f["p99_us"] if f.get("p99_us") else 0)
        pos = [x - 0.42 + width * (i + 0.5) for x in xs]
        axes[0].bar(pos, rr, width, label=n)
        axes[1].bar(pos, pp, width, label=n)
    for ax in axes:
        ax.set_xticks(list(xs))
        ax.set_xticklabels(["%d × %d" % c for c in CELLS])
        ax.set_xlabel("connections × window")
        ax.axhline(1, color="black", lw=0.8)
    axes[0].set_ylabel("submits/s ÷ floor's submits/s (same cell, same run)")
    axes[0].axhline(0.5, color="grey", lw=0.8, ls="--")
    axes[0].set_title("SMPP submit_sm throughput relative to the floor (floor = 1)")
    axes[1].set_ylabel("p99 latency ÷ floor's p99 (log)")
    axes[1].set_yscale("log")
    axes[1].set_title("p99 submit latency relative to the floor (floor = 1)")
    axes[0].legend(fontsize=8, ncol=2)
    f = data["facts"]
    fl = med.get("floor", {})
    fig.suptitle("%s cores, %s, load average %s at start; client and servers on the same machine. Floor: %s" % (
        f["nproc"], f["cpu_model"], " ".join("%.2f" % x for x in data["loadavg_start"]),
        ", ".join("%s %s/s p99 %s" % (k.replace("x", "×"), fmt_rate(v.get("rate", 0)), fmt_us(v.get("p99_us")))
                  for k, v in fl.items())), fontsize=8.5)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build"), help="build directory (libsmscserver.so; binaries go to BUILD/bench)")
    ap.add_argument("--docs", default=os.path.join(REPO, "docs"), help="where benchmarks.md/.png/.json go")
    ap.add_argument("--out", default="", help="logs and profiles (default: a new directory under /tmp)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of the matrix (median per cell)")
    ap.add_argument("--cell-seconds", type=float, default=2.0)
    ap.add_argument("--cell-n", type=int, default=1000000)
    ap.add_argument("--warmup-seconds", type=float, default=1.0)
    ap.add_argument("--only", default="", help="comma-separated server names (floor always runs)")
    ap.add_argument("--protos", default="smpp,ucp,cimd2")
    ap.add_argument("--no-scale", action="store_true")
    ap.add_argument("--no-codec", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--sessions", type=int, default=10000)
    ap.add_argument("--max-load", type=float, default=1.0, help="wait for the 1-minute load average to drop below this")
    ap.add_argument("--max-wait", type=float, default=300, help="... for at most this many seconds, then run anyway")
    ap.add_argument("--codec-benchtime", default="300ms")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite benchmarks.md and .png from the existing benchmarks.json (after editing bench/notes.md)")
    args = ap.parse_args()
    if args.report_only:
        data = json.load(open(os.path.join(args.docs, "benchmarks.json")))
        notes_path = os.path.join(HERE, "notes.md")
        data["notes"] = [open(notes_path).read().strip()] if os.path.exists(notes_path) else []
        plot(os.path.join(args.docs, "benchmarks.png"), data)
        write_report(os.path.join(args.docs, "benchmarks.md"), data)
        return 0

    outdir = args.out or subprocess.run(["mktemp", "-d", "/tmp/bench.XXXXXX"], capture_output=True, text=True).stdout.strip()
    os.makedirs(outdir, exist_ok=True)
    os.makedirs(args.docs, exist_ok=True)
    log("logs in", outdir)
    b = Build(args.build)
    b.go()
    srvs = servers(b, args.protos.split(","))
    if args.only:
        keep = set(args.only.split(",")) | {"floor"}
        keep |= {k + "-tls" for k in keep}  # a server's TLS row goes with it
        srvs = [s for s in srvs if s.name in keep or (s.group == "floor" and s.proto != "smpp" and
                                                      any(k.endswith("-" + s.proto) for k in keep))]
    unavailable = {k: v for k, v in b.missing.items() if not args.only or k in args.only.split(",")}

    facts = machine_facts()
    la0 = wait_for_quiet(args.max_load, args.max_wait)
    log("load average at start", la0)
    t0 = time.time()
    m = run_matrix(b, srvs, args, outdir)
    med = {name: {k: median_run(v) for k, v in cells.items()} for name, cells in m["runs"].items()}
    for name, err in m["errors"].items():
        unavailable.setdefault(name, "failed: " + err[:200])

    scale = []
    if not args.no_scale:
        for s in srvs:
            if s.name in ("gocore", "chost") and s.name not in unavailable:
                try:
                    scale.append(scale_test(b, Server(s.name, s.title, s.cmd, env=s.env, port_in_cmd=s.port_in_cmd,
                                                      stop_by_stdin=s.stop_by_stdin), outdir, args.sessions, 3))
                except RuntimeError as e:
                    scale.append({"server": s.name, "error": str(e)})
    codec = [] if args.no_codec else codec_bench(args.codec_benchtime)
    if not args.no_profile:
        parts = []
        if any(s.name == "gocore" for s in srvs):
            parts.append("== bench/hosts/gocore (SMPP, direct dispatch): go tool pprof of -cpuprofile ==\n"
                         + profile(b, outdir, "", [], 3))
        for s in srvs:
            if s.name == "smscd":
                parts.append("== cmd/smscd with its per-event log: perf record -g ==\n" + perf_profile(b, s, outdir, 3))
            if s.name == "chost":
                d = unstripped_lib(b)
                if d:
                    parts.append("== the C host on an unstripped libsmscserver.so.1: perf record -g ==\n"
                                 + perf_profile(b, s, outdir, 3, {"LD_LIBRARY_PATH": d}))
        open(os.path.join(args.docs, "benchmarks-profile.txt"), "w").write(
            "CPU profiles under the load client, 16 connections x window 64, client on the same machine (%s).\n\n"
            % time.strftime("%Y-%m-%d %H:%M") + "\n\n".join(parts))
    la1 = loadavg()
    data = {
        "facts": facts, "args": vars(args), "loadavg_start": la0, "loadavg_end": la1,
        "elapsed_s": time.time() - t0,
        "servers": [{"name": s.name, "title": s.title, "proto": s.proto, "group": s.group,
                     "cells": ["%dx%d" % c for c in s.cells]} for s in srvs]
                   + [{"name": k, "title": TITLES.get(k, k), "proto": "smpp", "group": "library"} for k in unavailable
                      if k not in {s.name for s in srvs}],
        "unavailable": unavailable, "median": med, "runs": m["runs"], "scale": scale, "codec": codec,
    }
    data["targets"] = targets(med, scale, codec, unavailable)
    notes_path = os.path.join(HERE, "notes.md")
    if os.path.exists(notes_path):
        data["notes"] = [open(notes_path).read().strip()]
    json.dump(data, open(os.path.join(args.docs, "benchmarks.json"), "w"), indent=1)
    plot(os.path.join(args.docs, "benchmarks.png"), data)
    write_report(os.path.join(args.docs, "benchmarks.md"), data)
    log("wrote %s/benchmarks.md (%.0f s)" % (args.docs, time.time() - t0))
    for t in data["targets"]:
        print("%-60s %-40s %s" % (t["target"], t["measured"], t["verdict"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
