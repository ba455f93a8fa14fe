#!/usr/bin/env python3
"""Benchmark: submits/s at a window and the Python binding's per-event overhead.

Starts each host (the Python host with a sync handler, with an async handler,
and the C host over the same C ABI in pumped and direct mode), drives it with
the Go load client (bench/loadclient, one connection, -window outstanding
submit_sm) and reports, per host, the median of --repeat runs:

* submits/s measured by the load client;
* CPU microseconds per submit of the thread that runs the callbacks
  (Python: the package's dispatcher thread, plus the loop thread with --async;
  C pumped: its dispatching thread), which isolates the host-side cost from
  the load client sharing the machine.

Per-event overhead of Python = Python CPU/submit - C pumped CPU/submit (same
library work on that thread; the rest is ctypes, argument copying and the
handler call). Needs: the smscserver package importable (installed wheel or
SMSCSERVER_LIB), Go, a C compiler, and ``--build`` holding libsmscserver.so.

    python bindings/python/bench/run.py --build /tmp/pybind/build
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def build_tools(build: str) -> tuple:
    loadclient = os.path.join(build, "loadclient")
    go = os.environ.get("GO") or shutil.which("go") or "go"
    subprocess.run([go, "build", "-o", loadclient, "./bench/loadclient"], cwd=REPO, check=True)
    chost = os.path.join(build, "chost")
    cc = shutil.which("cc") or shutil.which("gcc")
    subprocess.run([cc, "-O2", "-Wall", "-I", os.path.join(REPO, "include"), "-o", chost,
                    os.path.join(HERE, "chost.c"), "-L", build, "-lsmscserver", "-lpthread",
                    "-Wl,-rpath," + build], check=True)
    return loadclient, chost


def mark(p: subprocess.Popen) -> tuple:
    p.stdin.write("mark\n")
    p.stdin.flush()
    parts = p.stdout.readline().split()
    return int(parts[1]), float(parts[3])


def run_once(cmd: list, loadclient: str, n: int, warmup: int, window: int, env: dict) -> dict:
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stdout.readline()
        if not line.startswith("port "):
            raise RuntimeError("host did not start: %r" % line)
        port = int(line.split()[1])
        e0, c0 = mark(p)
        out = subprocess.run([loadclient, "-addr", "127.0.0.1:%d" % port, "-n", str(n), "-warmup", str(warmup),
                              "-window", str(window), "-duration", "120s"], capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError("loadclient failed: " + out.stderr)
        r = json.loads(out.stdout)
        r["submits_per_second"], r["mean_latency_us"] = r["rate"], r["mean_us"]
        e1, c1 = mark(p)
        r["host_events"] = e1 - e0
        r["host_cpu_us_per_event"] = (c1 - c0) / max(1, e1 - e0) * 1e6
        p.stdin.write("quit\n")
        p.stdin.flush()
        p.wait(30)
        return r
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="directory with libsmscserver.so (make lib BUILD=...)")
    ap.add_argument("--n", type=int, default=100000, help="timed submits per run")
    ap.add_argument("--warmup", type=int, default=5000)
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--hosts", default="python,python-async,c-pumped,c-direct")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    loadclient, chost = build_tools(build)
    env = dict(os.environ)
    hosts = {
        "python": [sys.executable, os.path.join(HERE, "host.py")],
        "python-async": [sys.executable, os.path.join(HERE, "host.py"), "--async"],
        "c-pumped": [chost, "pumped"],
        "c-direct": [chost, "direct"],
    }
    results = {}
    for name in args.hosts.split(","):
        runs = [run_once(hosts[name], loadclient, args.n, args.warmup, args.window, env) for _ in range(args.repeat)]
        results[name] = {
            "submits_per_second": statistics.median(r["submits_per_second"] for r in runs),
            "cpu_us_per_event": statistics.median(r["host_cpu_us_per_event"] for r in runs),
            "mean_latency_us": statistics.median(r["mean_latency_us"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "runs": [round(r["submits_per_second"]) for r in runs],
        }
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = []
    print("window %d, %d timed submits per run, median of %d runs, loadavg %s"
          % (args.window, args.n, args.repeat, " ".join(load)))
    print("%-13s %12s %22s %16s  %s" % ("host", "submits/s", "callback-thread CPU", "mean latency", "runs"))
    for name, r in results.items():
        cpu = "%.2f us/submit" % r["cpu_us_per_event"] if not name.endswith("direct") else "(process) %.2f" % r["cpu_us_per_event"]
        print("%-13s %12.0f %22s %13.0f us  %s" % (name, r["submits_per_second"], cpu, r["mean_latency_us"], r["runs"]))
    if "python" in results and "c-pumped" in results:
        py, c = results["python"], results["c-pumped"]
        print("per-event overhead of the Python binding (CPU, python - c-pumped): %.2f us"
              % (py["cpu_us_per_event"] - c["cpu_us_per_event"]))
        print("per-event overhead (wall, 1/rate python - 1/rate c-pumped): %.2f us"
              % (1e6 / py["submits_per_second"] - 1e6 / c["submits_per_second"]))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
