#!/usr/bin/env bash
# End-to-end examples/s of the Flink training job (Kafka → workers → averaged model) next to the
# single-process core, on this machine, in one run. Arguments override the defaults:
#   bench/job-throughput.sh [EPOCHS] [NETWORKS] [P-LIST] [K-LIST] [MODES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./streamnet --version > /dev/null   # builds if needed
echo "nproc: $(nproc); load: $(uptime | sed 's/.*load average: //')"
export STREAMNET_HOME="$root"
exec java -cp "cli/target/classes:$(cat cli/target/classpath.txt)" streamnet.cli.bench.JobThroughput \
  "${1:-3}" "${2:-784,30,10;784,100,10}" "${3:-1,2}" "${4:-1,10,50}" "${5:-sync,delayed}"
