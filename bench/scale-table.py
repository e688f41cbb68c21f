"""The markdown table of a bench/scale.sh run folder (rerun it on an old folder to rebuild its table):
   python3 bench/scale-table.py OUT SIZES MODE K M P:S ...
"""
import json, sys, os
out, sizes, mode, k, m, *cells = sys.argv[1:]
k, m = int(k), int(m)
layers = [int(x) for x in sizes.split(",")]
n = sum(a * b + b for a, b in zip(layers, layers[1:]))
b_param = int(os.environ.get("BYTES_PER_PARAM", "4"))   # 8 with momentum (the velocity travels too)
M = b_param * n                                          # model bytes, docs/scaling.md
idle = float(open(os.path.join(out, "idle.txt")).read())
print("Measured, with the cost model's prediction in brackets (docs/scaling.md; M = %d B, n = %d parameters)." % (M, n))
print()
print("| P | S | examples | CPU-s (all) | CPU-s/example (µs) | rounds [sync: N/(P·k·m)] | round time ms (train / job) | into each shard B/round, gauge; numBytesIn [P·M/S] | out of each shard to topic B/version [M/S] | into coordinator B/round | topic B/version [M] | model source → workers B/version [P·M] | shard busy ms/round | val acc | test acc |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for cell in cells:
  p, s = map(int, cell.split(":")); d = os.path.join(out, "p%ds%d" % (p, s))
  r = json.load(open(os.path.join(d, "rest.json"))); mt = r["metrics"]
  cpu = lambda f: dict((a, float(b)) for a, b in (x.split("=") for x in open(os.path.join(d, f)).read().split()))
  a, b = cpu("cpu0.txt"), cpu("cpu1.txt")
  total = sum(b[x] - a.get(x, b[x]) for x in b)
  t = dict(l.strip().split("=", 1) for l in open(os.path.join(d, "topic.txt")) if "=" in l)
  lines = [json.loads(l) for l in open(os.path.join(d, "metrics.jsonl"))]
  epochs = [l for l in lines if not l.get("final")]; final = [l for l in lines if l.get("final")]
  examples = epochs[-1]["examples"]; elapsed = epochs[-1]["elapsed_s"]
  rounds = int(t["versions"]) - 1          # version 0 is the initial model
  av = mt["averager"]; co = mt["coordinator"]; src = mt["Source: model topic"]
  av_v = av["averager.modelVersion"]["max"]
  per_shard_gauge = av["averager.contributionBytes"]["max"] / av_v
  per_shard_in = av["numBytesIn"]["max"] / av_v
  slices = [int(x) for x in t["slice_bytes"].split(",")]
  versions = int(t["versions"])
  out_shard = max(slices) / versions
  co_in = co["numBytesIn"]["max"] / max(1, co["coordinator.modelVersion"]["max"])
  busy = av["accumulateBusyTimeMs"]["max"] / av_v
  src_out = src["numBytesOut"]["max"] / max(1, src["numRecordsOut"]["max"])
  sync_rounds = examples / (p * k * m)
  if int(t.get("generations", "1")) > 1:
    print("| %d | %d | restarted: %s generations on the model topic, counts below include both |  |  |  |  |  |  |  |  |  |  |  |  |" % (p, s, t["generations"]))
  print("| %d | %d | %d | %.1f | %.0f | %d [%.0f] | %.0f / %.0f | %.0f; %.0f [%.0f] | %.0f [%.0f] | %.0f | %.0f [%.0f] | %.0f [%.0f] | %.1f | %.4f | %.4f |" % (
    p, s, examples, total, total / examples * 1e6, rounds, sync_rounds, elapsed * 1000 / rounds, r["duration_ms"] / rounds,
    per_shard_gauge, per_shard_in, p * M / s, out_shard, M / s, co_in, int(t["bytes"]) / versions, M, src_out, p * M, busy,
    epochs[-1]["validation_accuracy"], final[0]["test_accuracy"] if final else float("nan")))
print()
print("%s, mode %s, k = %s, m = %s; idle broker + cluster: %.3f CPU-s per second (included in CPU-s)." % (sizes, mode, k, m, idle))
print("Per-shard and per-round figures from the last REST snapshot before the job ended (one snapshot per ratio).")
commands = os.path.join(out, "commands.log")
if os.path.exists(commands):
  print()
  print("Commands run, with the load at each cell (from %s):" % commands)
  print()
  print("```")
  for line in open(commands):
    if "$ " in line or "uptime" in line or " up " in line:
      print(line.rstrip())
  print("```")
