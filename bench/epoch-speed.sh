#!/usr/bin/env bash
# Examples/s of whole training epochs on one thread: streamnet's Java core (MiniBatchTrainer) against
# network2's matrix-based numpy reference (bench/network2_numpy.py), on the same 50,000 MNIST images.
#   bench/epoch-speed.sh [WARMUP_EPOCHS [TIMED_EPOCHS]]     (defaults 1 and 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warmup="${1:-1}"
timed="${2:-2}"
data="$root/data/mnist"
out="$root/bench/results"
mkdir -p "$out"
cd "$root"
[ -f "$data/train-images-idx3-ubyte" ] || { echo "no MNIST in $data (./streamnet fetch-mnist)" >&2; exit 1; }

echo "building (mvn -Pbench -pl network package)..." >&2
mvn -q -B -Pbench -pl network -DskipTests package
mvn -q -B -Pbench -pl network dependency:build-classpath -Dmdep.outputFile="$out/bench-classpath.txt" >/dev/null
cp="$root/network/target/bench/classes:$(cat "$out/bench-classpath.txt")"

echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 # before this: nproc honours OMP_NUM_THREADS
echo "$(java -version 2>&1 | head -1); $(python3 bench/network2_numpy.py --blas)"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"

log="$out/epoch-speed.txt"
: > "$log"
for sizes in 784,30,10 784,100,10; do
  for batch in 10 100; do
    echo "load: $(uptime)" | tee -a "$log"
    java -XX:ActiveProcessorCount=1 -cp "$cp" streamnet.bench.EpochSpeed "$data" "$sizes" "$batch" "$warmup" "$timed" | tee -a "$log"
    python3 bench/network2_numpy.py --bench "$data" --sizes "$sizes" --mini-batch "$batch" \
      --warmup "$warmup" --epochs "$timed" | tee -a "$log"
  done
done
echo "load: $(uptime)" | tee -a "$log"

python3 - "$log" <<'PY'
import re, sys
speed = {}
for line in open(sys.argv[1]):
    m = re.match(r"(java|numpy) (\S+) mini-batch (\d+): (\d+) examples/s, (\d+) per CPU second", line)
    if m:
        speed[(m[2], int(m[3]), m[1])] = (int(m[4]), int(m[5]))
print()
print("| network | mini-batch | Java ex/s | numpy ex/s | Java / numpy | Java / numpy per CPU second |")
print("|---|---:|---:|---:|---:|---:|")
for sizes in ("784,30,10", "784,100,10"):
    for batch in (10, 100):
        (j, jc), (n, nc) = speed[(sizes, batch, "java")], speed[(sizes, batch, "numpy")]
        print(f"| [{sizes}] | {batch} | {j:,} | {n:,} | {j / n:.2f}× | {jc / nc:.2f}× |")
PY
