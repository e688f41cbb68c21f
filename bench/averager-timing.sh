#!/usr/bin/env bash
# Per-parameter cost of one averager shard's round (bench/AveragerTiming.java), in thread CPU time:
#   bench/averager-timing.sh [SIZES [P:S ...]]    default 784,100,10 and 1:1 2:1 4:1 8:1 4:2 4:4 8:2 8:4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compiled.sh" bench/AveragerTiming.java
sizes=${1:-784,100,10}; shift || true
cells=("$@"); [ ${#cells[@]} -gt 0 ] || cells=(1:1 2:1 4:1 8:1 4:2 4:4 8:2 8:4)
echo "uptime: $(uptime)"
java -Xmx2g -cp "$classes:$CP" AveragerTiming "$sizes" "${cells[@]}"
echo "uptime: $(uptime)"
