#!/usr/bin/env bash
# JMH benchmarks, single thread: the core's float32 FMA peak (FmaPeakBenchmark), the 784-input
# layer's two products by kernel (LayerKernelBenchmark), and one training step (TrainingStepBenchmark:
# the trainer without and with the Vector API, against EJML) on MNIST if data/mnist holds it and on
# dense inputs.
#   bench/jmh.sh                                   # all benchmarks, short settings
#   bench/jmh.sh -wi 5 -i 10                       # extra arguments go to JMH
#   BENCHMARKS=LayerKernelBenchmark bench/jmh.sh   # a subset (a JMH regular expression)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
cd "$root"

echo "building benchmarks (mvn -Pbench -pl network package)..." >&2
mvn -q -B -Pbench -pl network -DskipTests package
mvn -q -B -Pbench -pl network dependency:build-classpath -Dmdep.outputFile="$out/jmh-classpath.txt" >/dev/null
cp="$root/network/target/bench/classes:$(cat "$out/jmh-classpath.txt")"

echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(uptime)"
STREAMNET_HOME="$root" java -cp "$cp" org.openjdk.jmh.Main "${BENCHMARKS:-FmaPeakBenchmark|LayerKernelBenchmark|TrainingStepBenchmark}" \
  -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$out/jmh.csv" "$@"
echo "load after: $(uptime)"

python3 - "$out/jmh.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def name(r):
    return r["Benchmark"].rsplit(".", 2)[-2], r["Benchmark"].rsplit(".", 1)[1]
def score(r):
    return float(r["Score"]), float(r["Score Error (99.9%)"])

peak = None
for r in rows:
    if name(r) == ("FmaPeakBenchmark", "vectorFma"):
        peak = score(r)[0]
    if name(r)[0] == "FmaPeakBenchmark":
        s, e = score(r)
        print(f"{name(r)[1]}: {s:.1f} ± {e:.1f} GFLOP/s")

layer = {}
for r in rows:
    if name(r)[0] == "LayerKernelBenchmark":
        key = (int(r["Param: hidden"]), int(r["Param: miniBatch"]), r["Param: density"])
        layer.setdefault(key, {})[name(r)[1]] = score(r)
if layer:
    print()
    print("| layer | mini-batch | nonzero | kernel | µs/call | GFLOP/s | share of peak |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for (hidden, m, density), kernels in sorted(layer.items()):
        flops = 4 * 784 * hidden * m
        for kernel, (s, e) in sorted(kernels.items()):
            share = f"{100 * flops / s / 1e3 / peak:.0f} %" if peak else "–"
            print(f"| 784→{hidden} | {m} | {density} | {kernel} | {s:.1f} ± {e:.1f} | {flops / s / 1e3:.1f} | {share} |")

steps = {}
for r in rows:
    if name(r)[0] == "TrainingStepBenchmark":
        key = (r["Param: sizes"], int(r["Param: miniBatch"]), r["Param: inputs"])
        steps.setdefault(key, {})[name(r)[1]] = score(r)
if steps:
    print()
    print("| network | mini-batch | inputs | row loops µs/step | Vector API µs/step | EJML µs/step | row loops / Vector API time | EJML / Vector API time |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for (sizes, m, inputs), s in sorted(steps.items(), key=lambda kv: (len(kv[0][0]), kv[0])):
        (r, re), (v, ve), (e, ee) = s["rowLoops"], s["vectorKernels"], s["ejml"]
        print(f"| [{sizes}] | {m} | {inputs} | {r:.1f} ± {re:.1f} | {v:.1f} ± {ve:.1f} | {e:.1f} ± {ee:.1f} | {r / v:.2f}× | {e / v:.2f}× |")
PY
