#!/usr/bin/env bash
# JMH benchmarks of one training step (row loops vs EJML), single thread, on MNIST if data/mnist holds it.
#   bench/jmh.sh                 # all benchmarks, short settings
#   bench/jmh.sh -wi 5 -i 10     # extra arguments go to JMH
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
STREAMNET_HOME="$root" java -cp "$cp" org.openjdk.jmh.Main TrainingStepBenchmark \
  -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$out/jmh.csv" "$@"
echo "load after: $(uptime)"

python3 - "$out/jmh.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
scores = {}
for r in rows:
    key = (r["Param: sizes"], int(r["Param: miniBatch"]))
    scores.setdefault(key, {})[r["Benchmark"].rsplit(".", 1)[1]] = (float(r["Score"]), float(r["Score Error (99.9%)"]))
print()
print("| network | mini-batch | row loops µs/step | EJML µs/step | row loops ex/s | EJML ex/s | EJML / rows time |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (sizes, m), s in sorted(scores.items(), key=lambda kv: (len(kv[0][0]), kv[0])):
    (r, re), (e, ee) = s["rowLoops"], s["ejml"]
    print(f"| [{sizes}] | {m} | {r:.1f} ± {re:.1f} | {e:.1f} ± {ee:.1f} | {m / r * 1e6:,.0f} | {m / e * 1e6:,.0f} | {e / r:.2f}× |")
PY
