#!/usr/bin/env bash
# What test-then-train costs a worker (bench/PrequentialTiming.java), in thread CPU time:
#   bench/prequential-timing.sh [SIZES [M]]    default 784,30,10 and m = 10
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compiled.sh" bench/PrequentialTiming.java
echo "uptime: $(uptime)"
java --add-modules jdk.incubator.vector -cp "$classes:$CP" PrequentialTiming "${STREAMNET_HOME:-.}/data/mnist" "${1:-784,30,10}" "${2:-10}"
echo "uptime: $(uptime)"
