#!/usr/bin/env python3
"""make bench-cluster: the load client (bench/loadclient) against the sample
deployment (deploy/up.sh), SMPP submit_sm without receipts, three cells:

  node1-direct           one smscd node, no balancer (its SMPP port)
  node1-haproxy          one smscd node through HAProxy (frontend smpp_node1, PROXY v2)
  3nodes-haproxy         the three nodes through HAProxy (frontend smpp, round robin)
  node1-direct-owned     as node1-direct, to an address of the bench account
  3nodes-haproxy-owned   as 3nodes-haproxy, to an address of the bench account

The first three send to a number nobody owns: smscd stores each submit and
simulates its outcome (in cluster mode such messages stay in the node's local
store). The "-owned" cells log in as bench-own and send to an address that
account owns, so every message is also delivered back to one of the load
client's sessions
(its deliver_sm answered by the client); in cluster mode these go through
JetStream (stored with 3 replicas before the submit is acknowledged, then
consumed by a node holding a bench bind).

Each cell runs --rounds times, alternating cells within a round, and the
report gives the median throughput (acknowledged submits a second) and the
median p99 submit latency, with the CPU seconds each part of the deployment
used during the cell (from /proc/PID/stat), so that the figures can be read
against the machine's cores, which every process shares.

  bench/cluster/run.py --up                     start and stop the deployment itself, once per
                                                mode (--modes; both when smscd has cluster mode)
  bench/cluster/run.py --state build/deploy/run/deploy.env   a running one
  --short   a few seconds in all (make deploy-test): 1 round of 1 s cells,
            checks that every cell acknowledged submits without errors

--json FILE and --md FILE write the results; the long form's defaults are
docs/benchmarks-cluster.{json,md}.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TICK = os.sysconf("SC_CLK_TCK")


def read_state(path):
    st = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                st[k] = v
    return st


def cpu_seconds(pid):
    """utime + stime of a process and its threads, in seconds; 0 when gone."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def groups(st):
    return {
        "smscd": [st["SMSCD%d_PID" % n] for n in (1, 2, 3)],
        "haproxy": [st["HAPROXY_PID"]],
        "nats": [st["NATS%d_PID" % n] for n in (1, 2, 3)],
    }


def machine_busy():
    """CPU seconds all cores spent not idle (user..steal of /proc/stat's cpu line)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / TICK  # minus idle and iowait


def cpu_snapshot(st):
    snap = {g: sum(cpu_seconds(p) for p in pids) for g, pids in groups(st).items()}
    snap["machine"] = machine_busy()
    return snap


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run_cell(lc, name, addr, dest, a):
    st = a.st
    before = cpu_snapshot(st)
    cmd = [lc, "-proto", "smpp", "-addr", addr, "-conns", str(a.conns), "-window", str(a.window),
           "-n", str(a.n), "-duration", "%gs" % a.seconds, "-system-id", "bench-own" if dest == OWNED else "bench",
           "-password", "bench",
           "-dest", dest, "-drain", "5s", "-label", name]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.seconds + 60)
    wall = time.time() - t0  # the load client's whole run: setup, warm-up, timed phase, drain
    after = cpu_snapshot(st)
    try:
        r = json.loads(p.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        r = {"label": name, "error": "no JSON line: %r %r" % (p.stdout[-300:], p.stderr[-300:])}
    r["cpu_s"] = {g: round(after[g] - before[g], 2) for g in after}
    c = r["cpu_s"]
    c["loadclient"] = round(r.get("client_cpu_user_s", 0) + r.get("client_cpu_sys_s", 0), 2)
    # Everything else the machine ran meanwhile (other work on a shared host).
    c["other"] = round(max(0.0, c["machine"] - c["smscd"] - c["haproxy"] - c["nats"] - c["loadclient"]), 2)
    c["wall"] = round(wall, 2)
    return r


WARMUP = 2000  # the load client's default untimed submits before each cell
NOBODY = "447700900123"  # owned by no account: a simulated outcome, no delivery
OWNED = "4690000001"    # owned by account bench-own (deploy/smscd.toml): delivered back to it


def cells(st):
    """(name, address, destination, description)."""
    n1, n1h, all3 = ("127.0.0.1:%s" % st[k] for k in ("SMSCD1_SMPP", "HAPROXY_SMPP_N1", "HAPROXY_SMPP"))
    return [
        ("node1-direct", n1, NOBODY, "one node, its SMPP port, no balancer; to nobody"),
        ("node1-haproxy", n1h, NOBODY, "one node through HAProxy (PROXY v2); to nobody"),
        ("3nodes-haproxy", all3, NOBODY, "three nodes through HAProxy, round robin; to nobody"),
        ("node1-direct-owned", n1, OWNED, "one node, no balancer; to its own account, delivered back"),
        ("3nodes-haproxy-owned", all3, OWNED, "three nodes through HAProxy; to its own account, delivered back"),
    ]


def summarize(runs):
    out = {}
    for name in dict.fromkeys(r["label"] for r in runs):
        rs = [r for r in runs if r["label"] == name and not r.get("error")]
        if not rs:
            out[name] = None
            continue
        mid = sorted(rs, key=lambda r: r["rate"])[len(rs) // 2]
        out[name] = {
            "rate": statistics.median(r["rate"] for r in rs),
            "delivers_per_s": statistics.median(r["delivers"] / r["elapsed_s"] for r in rs if r["elapsed_s"]),
            "rate_min": min(r["rate"] for r in rs), "rate_max": max(r["rate"] for r in rs),
            "p50_us": statistics.median(r["p50_us"] for r in rs),
            "p99_us": statistics.median(r["p99_us"] for r in rs),
            "errors": sum(r["errors"] for r in rs), "lost": sum(r["lost"] for r in rs),
            "rounds": len(rs), "cpu_s": mid["cpu_s"], "elapsed_s": mid["elapsed_s"], "acked": mid["acked"],
            # CPU per acknowledged submit (warm-up included), median over the
            # rounds: unlike the rate it hardly depends on what else the
            # machine runs, so it is what capacity is estimated from.
            "us_per_submit": {g: statistics.median(r["cpu_s"][g] / (r["acked"] + WARMUP) * 1e6 for r in rs)
                              for g in ("smscd", "nats", "haproxy", "loadclient")},
            "other_cores": statistics.median(r["cpu_s"]["other"] / r["cpu_s"]["wall"] for r in rs if r["cpu_s"]["wall"]),
        }
    return out


def table(summary, cells_):
    lines = [
        "| cell | what | msg/s (rounds' range) | p50 ms | p99 ms | errors / lost | delivered/s | CPU s: smscd / HAProxy / NATS / client / other | wall s |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, _, _, what in cells_:
        s = summary.get(name)
        if not s:
            lines.append("| %s | %s | failed | | | | | | |" % (name, what))
            continue
        c = s["cpu_s"]
        lines.append("| %s | %s | %.0f (%.0f–%.0f) | %.1f | %.1f | %d / %d | %.0f | %.1f / %.1f / %.1f / %.1f / %.1f | %.1f |" % (
            name, what, s["rate"], s["rate_min"], s["rate_max"], s["p50_us"] / 1000, s["p99_us"] / 1000,
            s["errors"], s["lost"], s["delivers_per_s"], c["smscd"], c["haproxy"], c["nats"], c["loadclient"], c["other"], c["wall"]))
    lines += ["", "CPU per acknowledged submit, median of the rounds (µs; deliveries and receipts of the -owned cells "
              "included), and the cores the rest of the machine kept busy meanwhile:", "",
              "| cell | smscd | NATS | HAProxy | load client | all | other cores |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, _, _, _ in cells_:
        s = summary.get(name)
        if s and "us_per_submit" in s:
            u = s["us_per_submit"]
            lines.append("| %s | %.1f | %.1f | %.2f | %.2f | %.1f | %.2f |" % (
                name, u["smscd"], u["nats"], u["haproxy"], u["loadclient"], sum(u.values()), s["other_cores"]))
    return lines


MODE_TEXT = {
    "single": "**Single mode**: each smscd node keeps its messages in its own bbolt store "
              "(`-store`, fsync per group commit); the NATS cluster runs but is not used.",
    "cluster": "**Cluster mode**: the nodes keep messages to owned addresses and routes in JetStream on the "
               "three-node NATS cluster (`-cluster-nats`, 3 replicas; a submit is acknowledged once JetStream "
               "has it); a message nobody owns that owes no receipt stays in the node's own store, as in "
               "single mode.",
}


def write_md(path, meta, results):
    lines = [
        "# Cluster benchmark",
        "",
        "Written by `%s` on %s (`make bench-cluster`; [bench/cluster/run.py](../bench/cluster/run.py) "
        "says how). The sample deployment of [scale-out.md](scale-out.md) (`deploy/up.sh`) on one machine "
        "with %d cores shared by every process: three NATS servers, three smscd nodes, HAProxy and the "
        "load client. [scale-out.md](scale-out.md#how-far-it-scales) explains the figures." % (
            meta["command"], meta["date"], meta["cores"]),
        "",
        "SMPP submit_sm without receipts, to a number nobody owns or (*-owned*, logged in as bench-own) to one its account owns, so that each is delivered back to the load client; %d connections × window %d, %g s per cell (at most %d submits), "
        "median of %d rounds, the cells taking turns within a round. Rate = acknowledged submits a second; "
        "p50/p99 = submit to submit_sm_resp; lost = submits unanswered 5 s after the timed phase (an overloaded machine); "
        "delivered/s = deliver_sm the load client received a second (the -owned cells, which log in as bench-own; "
        "what one left undelivered is delivered to the next). CPU = seconds of CPU each part used during the median round's "
        "whole load-client run (set-up, warm-up, timed phase; its wall time in the last column), so CPU ÷ "
        "wall time is the cores it kept busy; *other* is what the rest of the machine used meanwhile "
        "(it is shared)." % (meta["conns"], meta["window"], meta["seconds"], meta["n"], meta["rounds"]),
        "",
    ]
    for mode, res in results.items():
        lines += [MODE_TEXT.get(mode, mode), ""] + table(res["summary"], res["cells"]) + [
            "", "1-minute load average before this mode's run: %.2f." % res["loadavg"], ""]
    lines += ["Every run is in [%s](%s)." % (os.path.basename(meta["json"]), os.path.basename(meta["json"])), ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def measure(a, state):
    st = read_state(state)
    a.st = st
    la = loadavg()
    runs = []
    for rnd in range(a.rounds):
        for name, addr, dest, _ in cells(st):
            r = run_cell(a.loadclient, name, addr, dest, a)
            r["round"] = rnd + 1
            runs.append(r)
            print("%-8s %-15s round %d: %s" % (st["MODE"], name, rnd + 1, r.get("error") or
                  "%.0f msg/s, p99 %.1f ms, errors %d, lost %d, cpu %s" % (
                      r["rate"], r["p99_us"] / 1000, r["errors"], r["lost"], r["cpu_s"])), flush=True)
    return st["MODE"], {"loadavg": la, "cells": cells(st), "summary": summarize(runs), "runs": runs}


def smscd_has_cluster():
    smscd = os.environ.get("SMSCD", os.path.join(ROOT, "build", "deploy", "smscd"))
    subprocess.run(["go", "build", "-o", smscd, "./cmd/smscd"], cwd=ROOT, check=True)
    h = subprocess.run([smscd, "-h"], capture_output=True, text=True)
    return "-cluster-nats" in h.stdout + h.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--state", help="deploy.env of a running deployment")
    ap.add_argument("--up", action="store_true", help="run deploy/up.sh first and deploy/down.sh at the end")
    ap.add_argument("--modes", default="auto",
                    help="with --up: single, cluster or single,cluster; auto = both when smscd has cluster mode")
    ap.add_argument("--loadclient", default=os.path.join(ROOT, "build", "deploy", "loadclient"))
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--n", type=int, default=2000000)
    ap.add_argument("--conns", type=int, default=12, help="a multiple of 3: round robin spreads them evenly")
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--json")
    ap.add_argument("--md")
    ap.add_argument("--from-json", help="rewrite --md from this JSON of an earlier run (no measuring)")
    a = ap.parse_args()
    if a.from_json:
        with open(a.from_json) as f:
            d = json.load(f)
        results = {}
        for m, r in d["modes"].items():
            r["summary"] = summarize(r["runs"])
            r["cells"] = cells({k: "0" for k in ("SMSCD1_SMPP", "HAPROXY_SMPP_N1", "HAPROXY_SMPP")})
            results[m] = r
        write_md(a.md or os.path.join(ROOT, "docs", "benchmarks-cluster.md"), d["meta"], results)
        return
    if a.short:
        a.rounds, a.seconds, a.n, a.conns, a.window = 1, 1, 50000, 6, 16
    if not a.short:
        a.json = a.json or os.path.join(ROOT, "docs", "benchmarks-cluster.json")
        a.md = a.md or os.path.join(ROOT, "docs", "benchmarks-cluster.md")
    if not os.path.exists(a.loadclient):
        subprocess.run(["go", "build", "-o", a.loadclient, "./bench/loadclient"], cwd=ROOT, check=True)
    if not a.state and not a.up:
        ap.error("--state or --up")

    results = {}
    if a.state:
        mode, res = measure(a, a.state)
        results[mode] = res
    else:
        modes = a.modes.split(",") if a.modes != "auto" else (
            ["single", "cluster"] if smscd_has_cluster() else ["single"])
        run_dir = os.environ.get("DEPLOY_RUN", os.path.join(ROOT, "build", "deploy", "run"))
        for mode in modes:
            env = dict(os.environ, DEPLOY_MODE=mode)
            subprocess.run(["bash", os.path.join(ROOT, "deploy", "up.sh")], check=True, env=env)
            try:
                results[mode] = measure(a, os.path.join(run_dir, "deploy.env"))[1]
            finally:
                subprocess.run(["bash", os.path.join(ROOT, "deploy", "down.sh")], env=env)

    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
            "conns": a.conns, "window": a.window, "seconds": a.seconds, "n": a.n, "rounds": a.rounds,
            "command": "bench/cluster/run.py " + " ".join(sys.argv[1:]), "json": a.json or ""}
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": meta, "modes": {m: {k: v for k, v in r.items() if k != "cells"}
                                               for m, r in results.items()}}, f, indent=1)
    if a.md:
        write_md(a.md, meta, results)
    bad = []
    for mode, res in results.items():
        for n, s in res["summary"].items():
            # A refused submit fails the run; a submit still unanswered when
            # the drain time ran out ("lost") is a figure of an overloaded
            # machine, reported in the table, and fails only the short form.
            if not s or s["errors"] or s["rate"] <= 0 or (a.short and s["lost"]):
                bad.append("%s/%s" % (mode, n))
            else:
                print("%-8s %-15s %8.0f msg/s  p99 %6.1f ms" % (mode, n, s["rate"], s["p99_us"] / 1000))
    if bad:
        print("bench-cluster: cells failed or had errors: %s" % bad)
        sys.exit(1)


if __name__ == "__main__":
    main()
