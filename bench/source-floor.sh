#!/usr/bin/env bash
# The CPU floor of the job's input path (bench/SourceFloor.java): the training topic read by the
# job's KafkaSource at P = 2 in a MiniCluster and discarded ("source"), or also decoded and
# rebalanced as before the workers ("decode"), with the broker's CPU of the same stretch.
#   bench/source-floor.sh BOOTSTRAP PREFIX BROKER_PID [MODE...]    MODE: source, decode (default both)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compiled.sh" bench/SourceFloor.java
bootstrap="$1"; prefix="$2"; broker="$3"; shift 3
modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(source decode)
tck="$(getconf CLK_TCK)"
eval "$(grep '^minicluster=' streamnet)"   # the JVM flags ./streamnet gives a MiniCluster (train, demo)
broker_ticks() { cut -d')' -f2- "/proc/$broker/stat" | awk '{print $12 + $13}'; }
echo "uptime: $(uptime)"
for mode in "${modes[@]}"; do
  b0="$(broker_ticks)"
  line="$(java "${minicluster[@]}" -cp "$classes:$CP" SourceFloor "$bootstrap" "$prefix" "$mode" 2>/dev/null | grep '^mode')"
  printf '%s\tbroker_cpu_s %.1f\n' "$line" "$(echo "($(broker_ticks) - $b0) / $tck" | bc -l)"
done
echo "uptime: $(uptime)"
