#!/usr/bin/env python3
"""Per-thread CPU of some processes over a stretch of time, from /proc/PID/task/TID/stat.

    bench/thread-cpu.py OUT PID...   samples twice a second until SIGTERM or SIGINT, then writes
    OUT: CPU-seconds each thread used while sampled (threads born meanwhile count from 0, threads
    that ended count until their last sample), busiest first, with the totals per process and per
    kind of thread (digits in names folded); then the seconds the threads of each process were
    runnable but waiting for a CPU (the run-queue delay of /proc/PID/task/TID/schedstat): on a
    loaded machine, the time a request spends waiting for its threads to be scheduled.
"""
import os, re, signal, sys, time, collections

out, pids = sys.argv[1], sys.argv[2:]
tck = os.sysconf('SC_CLK_TCK')
start, last, names = {}, {}, {}
wait_start, wait_last = {}, {}
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
            try:
                with open(f'/proc/{pid}/task/{tid}/schedstat') as f:
                    waited = int(f.read().split()[1]) / 1e9
            except (OSError, IndexError, ValueError):
                waited = wait_last.get(key, 0.0)
            if key not in wait_start:
                wait_start[key] = waited if first else 0.0
            wait_last[key] = waited
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
    per_pid_wait = collections.Counter()
    for k in wait_last:
        per_pid_wait[k[0]] += wait_last[k] - wait_start[k]
    f.write('# seconds runnable but waiting for a CPU, per process\n')
    for pid, waited in per_pid_wait.most_common():
        f.write(f'{waited:8.1f}\t{pid}\n')
