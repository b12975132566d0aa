#!/usr/bin/env python3
"""Portable whole-process timer (stdlib only); the peers' timeit.py plus --settle.
    timeit.py [-n RUNS] [-w WARMUP] [--settle CMD] -- COMMAND [ARG ...]
Runs COMMAND WARMUP times (not counted), then RUNS times; prints min/median/max of
wall seconds, cpu (user+sys) seconds and peak RSS (MiB, ru_maxrss of the reaped
process tree's largest process).  stdout/stderr of COMMAND go to /dev/null.
--settle CMD runs CMD (a shell command, e.g. `sync`) before every run, outside the
timing: a build that writes 300 MB leaves the kernel flushing it to disk during the
next run unless the flush is waited for, and the runs would time each other."""
import os, statistics, subprocess, sys, time, argparse

ap = argparse.ArgumentParser()
ap.add_argument("-n", type=int, default=5)
ap.add_argument("-w", type=int, default=1)
ap.add_argument("--settle", default="")
ap.add_argument("cmd", nargs=argparse.REMAINDER)
a = ap.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
walls, cpus, rss, codes = [], [], [], []
for i in range(a.w + a.n):
    if a.settle:
        subprocess.run(a.settle, shell=True, check=True)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.monotonic()
    p.returncode = os.waitstatus_to_exitcode(status)
    if i >= a.w:
        walls.append(t1 - t0); cpus.append(ru.ru_utime + ru.ru_stime)
        rss.append(ru.ru_maxrss / 1024.0); codes.append(p.returncode)
f = lambda xs, fmt: " / ".join(fmt % v for v in (min(xs), statistics.median(xs), max(xs)))
print(f"cmd: {' '.join(cmd)}")
print(f"runs={a.n} warmup={a.w} exit codes={sorted(set(codes))}")
if a.settle:
    print(f"settle    before each run: {a.settle}")
print(f"wall s    min/median/max: {f(walls, '%.3f')}")
print(f"cpu s     min/median/max: {f(cpus, '%.3f')}")
print(f"peak MiB  min/median/max: {f(rss, '%.1f')}")
