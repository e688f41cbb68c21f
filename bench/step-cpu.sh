#!/usr/bin/env bash
# Whole training steps per CPU second of the measuring thread (TrainingStepCpuTime: row loops and
# the kernels chosen by density, the float32 peak at its start and end), on the dense inputs and
# on MNIST, for this checkout and optionally for another one (e.g. a detached worktree of main,
# built the same way), then bench/network2_numpy.py (float64) on the same dense files. One thread
# each (-XX:ActiveProcessorCount=1, OMP_NUM_THREADS=1); the load average is logged before each run.
#   bench/step-cpu.sh [OTHER_CHECKOUT]        (after `mvn -Pbench -pl network package` in each)
# Writes bench/results/step-cpu.txt. Dense inputs: bench/results/dense-idx (bench/kernel-speed.sh writes them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
other="${1:-}"
cd "$root"
out="$root/bench/results"
dense="$out/dense-idx"
[ -f "$dense/train-images-idx3-ubyte" ] || { echo "no dense inputs in $dense (bench/kernel-speed.sh writes them)" >&2; exit 1; }
[ -f "$out/bench-classpath.txt" ] || mvn -q -B -Pbench -pl network dependency:build-classpath -Dmdep.outputFile="$out/bench-classpath.txt" >/dev/null
dependencies="$(cat "$out/bench-classpath.txt")"
log="$out/step-cpu.txt"
: > "$log"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
note() { echo "== $*, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"; }
steps() { # checkout data
  note "$1 $2"
  java -XX:ActiveProcessorCount=1 --add-modules jdk.incubator.vector -cp "$1/network/target/bench/classes:$dependencies" \
    streamnet.network.TrainingStepCpuTime "784,30,10;784,100,10;784,800,10" 10,100 "$2" 2>&1 | grep -v WARNING | tee -a "$log"
}
for data in "$dense" "$root/data/mnist"; do
  steps "$root" "$data"
  [ -z "$other" ] || steps "$other" "$data"
done
for sizes in 784,30,10 784,100,10 784,800,10; do
  examples=20000; [ "$sizes" = 784,800,10 ] && examples=5000
  for batch in 10 100; do
    note "numpy $sizes mini-batch $batch"
    python3 bench/network2_numpy.py --bench "$dense" --sizes "$sizes" --mini-batch "$batch" \
      --warmup 0 --epochs 1 --examples "$examples" 2>&1 | tee -a "$log"
  done
done
note end
