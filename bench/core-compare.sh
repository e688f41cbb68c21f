#!/usr/bin/env bash
# Whole training steps of this checkout's core against other builds of it, in one JVM on one thread
# (streamnet.network.CoreComparison: each build in its own class loader, alternating rounds per
# second of the thread's CPU time, median, spread and the median ratio to the first build), for
# [784,30,10], [784,100,10] and [784,800,10] at mini-batch 10 and 100, on the dense inputs and on
# MNIST. The load average is logged before each data set.
#   bench/core-compare.sh CLASSES_DIR...   e.g. ../wt-oldcore/network/target/classes
# Each CLASSES_DIR is a checkout's compiled core (`mvn -o -pl network compile` there); this
# checkout's own core is the last build compared. Needs `mvn -Pbench -pl network package` here first.
# Writes bench/results/core-compare.txt. Dense inputs: bench/results/dense-idx (bench/kernel-speed.sh writes them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: bench/core-compare.sh CLASSES_DIR..." >&2; exit 2; }
out="$root/bench/results"
dense="$out/dense-idx"
[ -f "$dense/train-images-idx3-ubyte" ] || { echo "no dense inputs in $dense (bench/kernel-speed.sh writes them)" >&2; exit 1; }
classes="$root/network/target/bench/classes"
log="$out/core-compare.txt"
: > "$log"
note() { echo "== $*, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"; }
for data in "$dense" "$root/data/mnist"; do
  note "$data"
  java -XX:ActiveProcessorCount=1 --add-modules jdk.incubator.vector -cp "$classes" \
    streamnet.network.CoreComparison "784,30,10;784,100,10;784,800,10" 10,100 "$data" "$@" "$classes" \
    2>&1 | grep --line-buffered -v WARNING | tee -a "$log"
done
note end
