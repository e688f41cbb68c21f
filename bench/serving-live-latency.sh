#!/usr/bin/env bash
# Latency at 1,000 requests/s with model updates flowing (docs/performance.md, "Request settings"):
# a live [784,30,10] run (P = 2) fed at RATE examples/s, `serve` following it, and after WAIT_BEFORE
# seconds ROUNDS loads of `predict --rate 1000 --warmup 30000 --count 20000`, one after another,
# each in a fresh client JVM, with the per-thread CPU of the broker, serve, training and producer
# over each load (bench/thread-cpu.py). Stops what it started.
#   BROKER_PID=<pid> [BOOTSTRAP=127.0.0.1:19990] [RATE=2000] [WAIT_BEFORE=150] \
#     bench/serving-live-latency.sh OUT_DIR TOPIC_PREFIX [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=$1; prefix=$2; rounds=${3:-7}
rate=${RATE:-2000}; bootstrap=${BOOTSTRAP:-127.0.0.1:19990}; broker=${BROKER_PID:?the broker\'s pid}
mkdir -p "$out"
./streamnet produce --bootstrap "$bootstrap" --topic-prefix "$prefix" --forever --rate "$rate" > "$out/produce.log" 2>&1 & producer=$!
sleep 5
./streamnet train --bootstrap "$bootstrap" --topic-prefix "$prefix" --live --epoch-size 10000 --parallelism 2 \
  --web-ui-port 8823 --run-dir "$out/train" > "$out/train.log" 2>&1 & trainer=$!
sleep 20
./streamnet serve --bootstrap "$bootstrap" --topic-prefix "$prefix" --web-ui-port 8824 --run-dir "$out/serve" > "$out/serve.log" 2>&1 & server=$!
trap 'kill $server $trainer $producer 2>/dev/null || true' EXIT
sleep "${WAIT_BEFORE:-150}"
for round in $(seq 1 "$rounds"); do
  python3 bench/thread-cpu.py "$out/threads-$round.txt" "$broker" "$server" "$trainer" "$producer" & sampler=$!
  ./streamnet predict --rate 1000 --warmup 30000 --count 20000 --bootstrap "$bootstrap" --topic-prefix "$prefix" \
    > "$out/predict-$round.log" 2>&1
  kill $sampler
  echo "load $round, $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1 /proc/loadavg): $(grep 'latency send' "$out/predict-$round.log")"
done
