#!/usr/bin/env python3
"""Per-thread CPU of some processes over a stretch of time, from /proc/PID/task/TID/stat.

    bench/thread-cpu.py OUT PID...   samples twice a second until SIGTERM or SIGINT, then writes
    OUT: CPU-seconds each thread used while sampled (threads born meanwhile count from 0, threads
    that ended count until their last sample), busiest first, with the totals per process and per
    kind of thread (digits in names folded).
"""
import os, re, signal, sys, time, collections

out, pids = sys.argv[1], sys.argv[2:]
tck = os.sysconf('SC_CLK_TCK')
start, last, names = {}, {}, {}
stop = False

def on_signal(*_):
    global stop
    stop = True

signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)

def sample(first):
    for pid in pids:
        try:
            tids = os.listdir(f'/proc/{pid}/task')
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f'/proc/{pid}/task/{tid}/stat') as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.index('(') + 1:stat.rindex(')')]
            fields = stat[stat.rindex(')') + 2:].split()
            ticks = int(fields[11]) + int(fields[12])
            key = (pid, tid)
            if key not in start:
                start[key] = ticks if first else 0
            last[key] = ticks
            names[key] = name

sample(True)
while not stop:
    time.sleep(0.5)
    sample(False)
sample(False)
rows = sorted(((last[k] - start[k]) / tck, k[0], names[k]) for k in last)
rows.reverse()
per_pid, per_kind = collections.Counter(), collections.Counter()
for cpu, pid, name in rows:
    per_pid[pid] += cpu
    per_kind[(pid, re.sub(r'\d+', 'N', name))] += cpu
with open(out, 'w') as f:
    f.write('# CPU-s per process\n')
    for pid, cpu in per_pid.most_common():
        f.write(f'{cpu:8.1f}\t{pid}\n')
    f.write('# CPU-s per kind of thread\n')
    for (pid, kind), cpu in per_kind.most_common():
        if cpu >= 0.1:
            f.write(f'{cpu:8.1f}\t{pid}\t{kind}\n')
