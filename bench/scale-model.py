"""The cost model of docs/scaling.md, carried to P = 64 on paper. Every input is either a formula or a
figure measured on this machine (the files under docs/scaling-runs/ name the run); nothing else.

    python3 bench/scale-model.py [AVERAGER_TIMING_FILE ...]

Inputs measured here (thread CPU time, bench/averager-timing.sh and bench/WorkerTiming.java):
  t_ex   a worker's training cost per example, mini-batch m = 10
  c_sum  the averager's cost per parameter and contribution (the example-weighted sum in double)
  c_pub  its cost per parameter of its slice to close a round (the mean, the published slice)
fitted as shard_ns_per_round = slice · (c_pub + c_sum · P) by least squares over the timing lines.
"""
import math
import re
import sys

FILES = sys.argv[1:] or ["docs/scaling-runs/averager-timing-small.txt", "docs/scaling-runs/averager-timing-large.txt"]
T_EX = {"784,100,10": 16_848e-9, "784,1000,1000,10": 1_766_971e-9}   # docs/scaling-runs/worker-timing.txt
N_EPOCH = 50_000
M_BATCH = 10
SHARE = 0.15            # averaging (communication + summing) at most 15 % of a worker's time per round
REPORT_BYTES = 88       # a shard's round report without its slice (measured: coordinator numBytesIn / rounds)


def params(sizes):
  layers = [int(x) for x in sizes.split(",")]
  return sum(a * b + b for a, b in zip(layers, layers[1:]))


def fit():
  """Least squares of ns_per_round / slice = c_pub + c_sum · P over every timing line."""
  xs, ys = [], []
  for f in FILES:
    for line in open(f):
      if line.startswith("sizes="):
        kv = dict(x.split("=") for x in line.split())
        xs.append(int(kv["P"]))
        ys.append(float(kv["shard_ns_per_round"]) / int(kv["slice"]))
  n = len(xs)
  mx, my = sum(xs) / n, sum(ys) / n
  c_sum = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
  c_pub = my - c_sum * mx
  return c_pub * 1e-9, c_sum * 1e-9, n


def default_shards(p):
  return max(1, (p + 3) // 4)   # JobSettings.defaultAveragers: one shard per 4 workers


def costs(n, bpp, p, s, link, c_pub, c_sum):
  """Seconds of one round's averaging, as built and as a ring all-reduce, on links of `link` bytes/s."""
  M = bpp * n
  t_sum = n / s * (c_pub + c_sum * p)          # shards work in parallel, each on n/S parameters
  # as built: uploads into the shards (a shard's link takes P slices of M/S), the S slices into the
  # broker (its one link takes M), the one model reader out of the broker (M), the reader's broadcast
  # to the P workers (P·M out of one task), store and forward
  t_comm = p * M / s / link + M / link + M / link + p * M / link
  ring_comm = 2 * (p - 1) / p * M / link
  ring_sum = (p - 1) / p * n * c_sum
  # the same with the fan-out sharded too (S model readers, each broadcasting its slice: P·M/S per
  # reader) and the slices never funnelled through one broker link (S partitions on S brokers)
  fanout_comm = p * M / s / link + M / s / link + M / s / link + p * M / s / link
  return t_comm, t_sum, ring_comm, ring_sum, fanout_comm


def smallest_k(t_avg, t_ex):
  """k with t_avg / (k·m·t_ex + t_avg) <= SHARE."""
  return max(1, math.ceil(t_avg * (1 - SHARE) / SHARE / (M_BATCH * t_ex)))


def main():
  c_pub, c_sum, lines = fit()
  print("fit over %d timing lines: c_pub = %.2f ns per slice parameter, c_sum = %.2f ns per parameter-contribution"
        % (lines, c_pub * 1e9, c_sum * 1e9))
  print()
  print("Per round, [784,100,10] (n = %d, M = %d B without momentum), k = 10, m = 10, S = ceil(P/4):" % (
      params("784,100,10"), 4 * params("784,100,10")))
  print()
  print("| P | S | sync rounds/epoch N/(P·k·m) | worker in / out | each shard in P·M/S | each shard out M/S "
        "| coordinator in (per round; + M per epoch) | broker in / out | model reader → workers P·M "
        "| ring all-reduce per worker 2(P−1)/P·M | averager time/round (summing) |")
  print("|---|---|---|---|---|---|---|---|---|---|---|")
  n = params("784,100,10")
  M = 4 * n
  for p in (1, 2, 4, 8, 16, 32, 64):
    s = default_shards(p)
    t_sum = n / s * (c_pub + c_sum * p)
    print("| %d | %d | %.1f | %s / %s | %s | %s | %s | %s / %s | %s | %s | %.2f ms |" % (
        p, s, N_EPOCH / (p * 10 * M_BATCH), mb(M), mb(M), mb(p * M / s), mb(M / s), "%d B" % (s * REPORT_BYTES),
        mb(M), mb(M), mb(p * M), mb(2 * (p - 1) / p * M), t_sum * 1e3))
  print()
  print("Smallest k keeping averaging (communication + summing) under %d %% of worker time, m = 10:" % (SHARE * 100))
  print()
  print("| network | momentum | M | P | S | link | as built: comm + sum per round | smallest k | fan-out sharded too: comm + sum | smallest k | ring: comm + sum | smallest k (ring) |")
  print("|---|---|---|---|---|---|---|---|---|---|---|---|")
  for sizes in ("784,100,10", "784,1000,1000,10"):
    n = params(sizes)
    for bpp, momentum in ((4, "no"), (8, "yes")):
      for p in (8, 16, 64):
        s = default_shards(p)
        for gbit in (1, 10):
          link = gbit * 1e9 / 8
          t_comm, t_sum, r_comm, r_sum, f_comm = costs(n, bpp, p, s, link, c_pub, c_sum)
          print("| [%s] | %s | %s | %d | %d | %d Gb/s | %.1f + %.1f ms | %d | %.1f + %.1f ms | %d | %.1f + %.1f ms | %d |" % (
              sizes, momentum, mb(bpp * n), p, s, gbit, t_comm * 1e3, t_sum * 1e3,
              smallest_k(t_comm + t_sum, T_EX[sizes]), f_comm * 1e3, t_sum * 1e3,
              smallest_k(f_comm + t_sum, T_EX[sizes]), r_comm * 1e3, r_sum * 1e3,
              smallest_k(r_comm + r_sum, T_EX[sizes])))
  print()
  print("t_ex: %s" % ", ".join("[%s] %.1f µs" % (k, v * 1e6) for k, v in T_EX.items()))


def mb(b):
  return "%.2f MB" % (b / 1e6) if b >= 1e5 else "%.1f KB" % (b / 1e3)


main()
