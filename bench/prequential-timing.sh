#!/usr/bin/env bash
# What test-then-train costs a worker (bench/PrequentialTiming.java), in thread CPU time:
#   bench/prequential-timing.sh [SIZES [M]]    default 784,30,10 and m = 10
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./streamnet --version >/dev/null   # builds what is missing
CP="cli/target/classes:$(cat cli/target/classpath.txt)"
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$CP" bench/PrequentialTiming.java
echo "uptime: $(uptime)"
java --add-modules jdk.incubator.vector -cp "$classes:$CP" PrequentialTiming "${STREAMNET_HOME:-.}/data/mnist" "${1:-784,30,10}" "${2:-10}"
echo "uptime: $(uptime)"
