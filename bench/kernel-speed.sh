#!/usr/bin/env bash
# The training step against the core's float32 peak, on MNIST and on dense inputs, one thread:
# FmaPeakBenchmark (JMH) for the peak, then whole epochs of streamnet.bench.EpochSpeed for
# [784,30,10], [784,100,10] and [784,800,10] at mini-batch 10 and 100, with the Vector API
# (--add-modules jdk.incubator.vector: dense products where a layer's inputs are mostly nonzero)
# and without it (row loops only, the fallback), and bench/network2_numpy.py on the dense inputs.
#   bench/kernel-speed.sh [WARMUP_EPOCHS [TIMED_EPOCHS]]     (defaults 1 and 1; numpy needs no warm-up)
# Dense inputs: bench/results/dense-idx, IDX files of uniform random pixels (0-255) and random
# labels, written once by this script with numpy (seed 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warmup="${1:-1}"
timed="${2:-1}"
mnist="$root/data/mnist"
dense="$root/bench/results/dense-idx"
out="$root/bench/results"
mkdir -p "$out"
cd "$root"
[ -f "$mnist/train-images-idx3-ubyte" ] || { echo "no MNIST in $mnist (./streamnet fetch-mnist)" >&2; exit 1; }

echo "building (mvn -Pbench -pl network package)..." >&2
mvn -q -B -Pbench -pl network -DskipTests package
mvn -q -B -Pbench -pl network dependency:build-classpath -Dmdep.outputFile="$out/bench-classpath.txt" >/dev/null
cp="$root/network/target/bench/classes:$(cat "$out/bench-classpath.txt")"

if [ ! -f "$dense/train-images-idx3-ubyte" ]; then
  mkdir -p "$dense"
  python3 - "$dense" <<'PY'
import sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(1)
for name, n in (("train", 60000), ("t10k", 10000)):
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    with open(f"{out}/{name}-images-idx3-ubyte", "wb") as f:
        f.write(np.array([0x803, n, 28, 28], dtype=">i4").tobytes() + images.tobytes())
    with open(f"{out}/{name}-labels-idx1-ubyte", "wb") as f:
        f.write(np.array([0x801, n], dtype=">i4").tobytes() + labels.tobytes())
PY
fi

echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
echo "$(java -version 2>&1 | head -1); $(python3 bench/network2_numpy.py --blas)"

log="$out/kernel-speed.txt"
: > "$log"
echo "load: $(uptime)" | tee -a "$log"
java -cp "$cp" org.openjdk.jmh.Main FmaPeakBenchmark.vectorFma -f 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf csv -rff "$out/fma-peak.csv" >/dev/null
python3 -c "import csv,sys; r=next(csv.DictReader(open(sys.argv[1]))); print('peak', r['Score'], '±', r['Score Error (99.9%)'], 'GFLOP/s')" \
  "$out/fma-peak.csv" | tee -a "$log"
vector=(--add-modules jdk.incubator.vector)
for sizes in 784,30,10 784,100,10 784,800,10; do
  for batch in 10 100; do
    echo "load: $(uptime)" | tee -a "$log"
    for data in mnist dense; do
      dir="$mnist"; [ "$data" = dense ] && dir="$dense"
      java -XX:ActiveProcessorCount=1 "${vector[@]}" -cp "$cp" streamnet.bench.EpochSpeed "$dir" "$sizes" "$batch" "$warmup" "$timed" 2>/dev/null \
        | sed "s/^java/$data vector/" | tee -a "$log"
      java -XX:ActiveProcessorCount=1 -cp "$cp" streamnet.bench.EpochSpeed "$dir" "$sizes" "$batch" "$warmup" "$timed" \
        | sed "s/^java/$data rows/" | tee -a "$log"
    done
    python3 bench/network2_numpy.py --bench "$dense" --sizes "$sizes" --mini-batch "$batch" \
      --warmup 0 --epochs "$timed" | sed "s/^numpy/dense numpy/" | tee -a "$log"
  done
done
echo "load: $(uptime)" | tee -a "$log"

python3 - "$log" <<'PY'
import re, sys
peak, speed = None, {}
for line in open(sys.argv[1]):
    if line.startswith("peak "):
        peak = float(line.split()[1])
    m = re.match(r"(\w+) (\w+) (\S+) mini-batch (\d+): (\d+) examples/s, (\d+) per CPU second", line)
    if m:
        speed[(m[1], m[2], m[3], int(m[4]))] = (int(m[5]), int(m[6]))

def flops(sizes):
    """Per example: forward and weight gradients 2·in·out each, back-propagated errors 2·in·out past layer 0."""
    s = [int(v) for v in sizes.split(",")]
    layers = list(zip(s[:-1], s[1:]))
    return sum(4 * i * o for i, o in layers) + sum(2 * i * o for i, o in layers[1:])

print()
print(f"peak {peak} GFLOP/s; share of peak = examples/s x FLOP per example / peak")
print("| network | mini-batch | data | Vector API ex/s | share of peak | row loops ex/s | numpy float64 ex/s | Vector API / row loops | Vector API / numpy |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for sizes in ("784,30,10", "784,100,10", "784,800,10"):
    for batch in (10, 100):
        for data in ("mnist", "dense"):
            v, r = speed[(data, "vector", sizes, batch)][0], speed[(data, "rows", sizes, batch)][0]
            share = v * flops(sizes) / 1e9 / peak
            n = speed.get((data, "numpy", sizes, batch), (None,))[0]
            nn = f"{n:,}" if n else "–"
            ratio = f"{v / n:.1f}×" if n else "–"
            print(f"| [{sizes}] | {batch} | {data} | {v:,} | {100 * share:.0f} % | {r:,} | {nn} | {v / r:.2f}× | {ratio} |")
PY
