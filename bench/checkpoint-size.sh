#!/usr/bin/env bash
# The largest checkpoint a training run writes: runs `train` (local MiniCluster) with the given
# flags against a broker that already holds the produced topics, samples the size of every
# checkpoint folder under the run's checkpoints/ twice a second, and prints the largest.
#   bench/checkpoint-size.sh RUN_DIR [train flags...]
#   STREAMNET=path/to/streamnet bench/checkpoint-size.sh ...   (another checkout's launcher)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="${STREAMNET:-$root/streamnet}"
run="$1"; shift
rm -rf "$run"
"$launcher" train --run-dir "$run" "$@" &
train=$!
largest=0; largest_name=none
while kill -0 "$train" 2> /dev/null; do
  for chk in "$run"/checkpoints/*/chk-*; do
    [ -d "$chk" ] || continue
    size=$(du -sb "$chk" 2> /dev/null | cut -f1 || echo 0)
    if [ "${size:-0}" -gt "$largest" ]; then largest=$size; largest_name=$(basename "$chk"); fi
  done
  sleep 0.5
done
wait "$train" && status=0 || status=$?
echo "largest checkpoint: $largest bytes ($largest_name); train exited with $status"
