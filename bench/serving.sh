#!/usr/bin/env bash
# The serving numbers of docs/performance.md ("Serving"), in one go, on a broker of its own:
#   0. the load client alone: ./streamnet predict --rate 0 --senders $SENDERS on a prefix nobody
#      serves, the requests/s it gets into the broker (its "sending:" line);
#   1. throughput, predict topic -> predictions topic: ./streamnet serve on a model file of
#      [784,30,10] and of [784,100,10] (train-local, one epoch), --parallelism 1 and 2; per cell
#      ./streamnet predict --rate 0 --senders $SENDERS --warmup $WARMUP --count $COUNT, with the per-thread CPU of the
#      serving JVM, the predict client and the broker (bench/thread-cpu.py, with the seconds each
#      waited for a CPU) after the warm-up; then latency at $RATE/s through serve --model with no
#      training running (the serving path alone, no model updates), with per-hop times;
#   2. the training throughput cost of serving inside the training job: the same ./streamnet train
#      run ($TRAIN_SIZES, P = 2, $TRAIN_EPOCHS epochs) without and with --serve, the second loaded
#      by predict --rate $RATE while it trains: latency send -> receipt (HdrHistogram) with model
#      updates flowing, and model freshness (publication -> first answer with that version);
#   3. the same latency and freshness through the serving job (./streamnet serve following a live
#      training run while it publishes).
# Cold and warm: each throughput cell is loaded again on the same serving job, after
# $WARM_WARMUP more warm-up requests ($WARM_COUNT measured), once the JIT compilers of the
# serving JVM and the client have settled; and the live load of 3. runs again once serve has
# followed the live run for $STEADY_AFTER s (every JVM of it compiled, as a server that has run
# for minutes).
# Prints a markdown table (also $OUT/table.md); every command's output is kept under $OUT.
#
# Usage: bench/serving.sh
# Environment (defaults in brackets): COUNT [200000] requests per throughput cell after WARMUP [50000]
#   in the same predict client (the sampled CPU starts after the warm-up), RATE [1000], LOAD_WARMUP [2000]
#   and LOAD_COUNT [10000] for the latency loads, LIVE_RATE [5000] for 3., TRAIN_SIZES [784,100,10],
#   TRAIN_EPOCHS [8], SENDERS [2], WARM_WARMUP [600000], WARM_COUNT [300000], STEADY_AFTER [240],
#   KAFKA_PORT [19811] (controller: +1), KAFKA_DIR [/tmp/serving-bench-kafka],
#   UI_PORT [8811], DATA [data/mnist], OUT [bench/results/serving-<time>].
# A broker already running from KAFKA_DIR is used and left running; what this script starts it stops.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
COUNT=${COUNT:-200000}; WARMUP=${WARMUP:-50000}; RATE=${RATE:-1000}; LOAD_COUNT=${LOAD_COUNT:-10000}
LOAD_WARMUP=${LOAD_WARMUP:-2000}; LIVE_RATE=${LIVE_RATE:-5000}
TRAIN_SIZES=${TRAIN_SIZES:-784,100,10}; TRAIN_EPOCHS=${TRAIN_EPOCHS:-8}; SENDERS=${SENDERS:-2}
WARM_WARMUP=${WARM_WARMUP:-600000}; WARM_COUNT=${WARM_COUNT:-300000}; STEADY_AFTER=${STEADY_AFTER:-240}
KAFKA_PORT=${KAFKA_PORT:-19811}; KAFKA_DIR=${KAFKA_DIR:-/tmp/serving-bench-kafka}; UI_PORT=${UI_PORT:-8811}
DATA=${DATA:-data/mnist}; OUT=${OUT:-bench/results/serving-$(date +%Y%m%d-%H%M%S)}
BOOT=127.0.0.1:$KAFKA_PORT
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
STAMP=$(date +%s)   # fresh topic prefixes per sitting: no old requests or versions in the way
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/commands.log" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

./streamnet --version >/dev/null   # builds what is missing, once, before anything is timed
started_kafka=0; pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ $started_kafka = 1 ]; then ./streamnet kafka stop --dir "$KAFKA_DIR" >/dev/null || true; fi
}
trap cleanup EXIT
forget() { local keep=() pid; for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done; pids=("${keep[@]}"); }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget "$1"; }

# Starts a command in the background with its output in $OUT/$1.log; its pid in $started.
start() {
  local name=$1; shift
  log "\$ $* &   (load $(load))"
  "$@" >"$OUT/$name.log" 2>&1 &
  started=$!; pids+=("$started")
}
# Waits until the file $1 contains $2, at most $3 seconds.
await() {
  for _ in $(seq "$3"); do grep -qs "$2" "$1" && return 0; sleep 1; done
  log "gave up waiting for '$2' in $1"; return 1
}
# Runs a command in the foreground with its output in $OUT/$1.log.
run() {
  local name=$1; shift
  log "\$ $*   (load $(load))"
  "$@" >"$OUT/$name.log" 2>&1 || log "exit status $? of $name"
  log "  done (load $(load))"
}
field() { sed -n "s/.*$2 *\([0-9.]*\).*/\1/p" "$OUT/$1.log" | head -n 1; }
latency() { sed -n 's/^latency send -> receipt (ms): p50 \([0-9.]*\), p99 \([0-9.]*\), p99.9 [0-9.]*, max \([0-9.]*\)/\1 \/ \2 \/ \3/p' "$OUT/$1.log"; }
sending() { sed -n 's/^sending: \([0-9]*\) requests\/s.*/\1/p' "$OUT/$1.log"; }
hops() { sed -n 's/^\(hop \|serving time, \)\(.*\) (ms): p50 \([0-9.]*\), p99 \([0-9.]*\), max \([0-9.]*\)$/\2: \3 \/ \4 \/ \5;/p' "$OUT/$1.log" | tr '\n' ' '; }
fresh() { sed -n 's/.*over the \([0-9]*\) published during the load (ms): p50 \([0-9]*\), p99 \([0-9]*\), max \([0-9]*\)/\2 \/ \3 \/ \4 (\1 versions)/p' "$OUT/$1.log"; }
# examples/s of a run: the last epoch line's examples / elapsed_s
speed() { python3 -c 'import json,sys
lines=[json.loads(l) for l in open(sys.argv[1]) if l.strip().endswith("}")]
e=[l for l in lines if "epoch" in l][-1]
print(round(e["examples"] / e["elapsed_s"]))' "$1" || echo "?"; }

log "serving benchmark: nproc $(nproc), load $(load), output $OUT"
if ! { [ -f "$KAFKA_DIR/broker.pid" ] && kill -0 "$(cat "$KAFKA_DIR/broker.pid")" 2>/dev/null; }; then
  run kafka ./streamnet kafka start --port "$KAFKA_PORT" --controller-port $((KAFKA_PORT + 1)) --dir "$KAFKA_DIR"
  started_kafka=1
fi
BROKER=$(cat "$KAFKA_DIR/broker.pid")

declare -A rows
for sizes in 784,30,10 784,100,10; do
  run "model-${sizes//,/-}" ./streamnet train-local --sizes "$sizes" --epochs 1 --data "$DATA" --save "$OUT/model-${sizes//,/-}.json"
done

# 0. the load client alone, into the broker
cell=client-only
run "$cell" ./streamnet predict --rate 0 --senders "$SENDERS" --warmup "$WARMUP" --count "$COUNT" --wait 1 \
    --bootstrap "$BOOT" --topic-prefix "$cell-$STAMP-" --data "$DATA"
client_row="| client only, --senders $SENDERS | $COUNT | $(sending "$cell") requests/s into the broker | | $(load) |"

# 1. throughput
for sizes in 784,30,10 784,100,10; do
  for p in 1 2; do
    cell="tput-${sizes//,/-}-p$p"; prefix="$cell-$STAMP-"
    start "$cell-serve" ./streamnet serve --model "$OUT/model-${sizes//,/-}.json" --parallelism "$p" --bootstrap "$BOOT" \
        --topic-prefix "$prefix" --web-ui-port "$UI_PORT" --run-dir "$OUT/$cell-serve"
    serve=$started
    await "$OUT/$cell-serve.log" "Flink dashboard" 120 || true
    start "$cell" ./streamnet predict --rate 0 --senders "$SENDERS" --warmup "$WARMUP" --count "$COUNT" --bootstrap "$BOOT" \
        --topic-prefix "$prefix" --data "$DATA"
    predict=$started
    await "$OUT/$cell.log" "warm-up over" 300 || true
    bench/thread-cpu.py "$OUT/$cell-threads.txt" "$serve" "$predict" "$BROKER" & sampler=$!
    wait "$predict" || log "exit status $? of $cell"; forget "$predict"
    kill "$sampler"; wait "$sampler" || true
    log "  done (load $(load))"
    rows[$cell]="| $sizes | serve --parallelism $p | $COUNT | $(field "$cell" 'throughput:') answers/s (sent $(sending "$cell")/s) | accuracy $(field "$cell" 'accuracy:') | $(load) |"
    run "$cell-warm" ./streamnet predict --rate 0 --senders "$SENDERS" --warmup "$WARM_WARMUP" --count "$WARM_COUNT" \
        --bootstrap "$BOOT" --topic-prefix "$prefix" --data "$DATA"
    rows[$cell-warm]="| $sizes | serve --parallelism $p, warm | $WARM_COUNT | $(field "$cell-warm" 'throughput:') answers/s (sent $(sending "$cell-warm")/s) | accuracy $(field "$cell-warm" 'accuracy:') | $(load) |"
    if [ "$sizes" = 784,100,10 ] && [ "$p" = 2 ]; then
      run serve-model-load ./streamnet predict --rate "$RATE" --warmup "$LOAD_WARMUP" --count "$LOAD_COUNT" \
          --bootstrap "$BOOT" --topic-prefix "$prefix" --data "$DATA"
    fi
    stop "$serve"
  done
done

# 2. training without and with --serve, the second under load
prefix="train-$STAMP-"
run produce ./streamnet produce --bootstrap "$BOOT" --topic-prefix "$prefix" --epochs "$TRAIN_EPOCHS" --data "$DATA"
train=(./streamnet train --bootstrap "$BOOT" --topic-prefix "$prefix" --sizes "$TRAIN_SIZES" --parallelism 2
    --epochs "$TRAIN_EPOCHS" --web-ui-port "$UI_PORT")
run train-plain "${train[@]}" --run-dir "$OUT/train-plain"
start train-serve "${train[@]}" --serve --run-dir "$OUT/train-serve"
trainer=$started
await "$OUT/train-serve/metrics.jsonl" '"epoch":1,' 120 || true
run train-serve-load ./streamnet predict --rate "$RATE" --warmup "$LOAD_WARMUP" --count "$LOAD_COUNT" --bootstrap "$BOOT" --topic-prefix "$prefix" --data "$DATA"
wait "$trainer" || log "exit status $? of train-serve"; forget "$trainer"

# 3. the serving job following a run while it publishes: a live run (a producer streaming at
#    $LIVE_RATE examples/s, train --unbounded), so that versions flow however long serve takes to start
live="live-$STAMP-"
start live-produce ./streamnet produce --bootstrap "$BOOT" --topic-prefix "$live" --forever --rate "$LIVE_RATE" --data "$DATA"
producer=$started
await "$OUT/live-produce.log" "created topics" 60 || true   # the run needs the training topic to exist
start train-followed ./streamnet train --bootstrap "$BOOT" --topic-prefix "$live" --sizes "$TRAIN_SIZES" --parallelism 2 \
    --unbounded --epochs 1000 --epoch-size 50000 --web-ui-port "$UI_PORT" --run-dir "$OUT/train-followed"
trainer=$started
await "$OUT/train-followed.log" "Flink dashboard" 120 || true
sleep 5   # its first versions are on the model topic
start serve-followed ./streamnet serve --sizes "$TRAIN_SIZES" --bootstrap "$BOOT" --topic-prefix "$live" \
    --web-ui-port $((UI_PORT + 1)) --run-dir "$OUT/serve-followed"
serve=$started
await "$OUT/serve-followed.log" "Flink dashboard" 120 || true
followed_since=$(date +%s)
run serve-followed-load ./streamnet predict --rate "$RATE" --warmup "$LOAD_WARMUP" --count "$LOAD_COUNT" \
    --bootstrap "$BOOT" --topic-prefix "$live" --data "$DATA"
sleep $(( STEADY_AFTER - ($(date +%s) - followed_since) > 0 ? STEADY_AFTER - ($(date +%s) - followed_since) : 0 ))
run serve-followed-steady ./streamnet predict --rate "$RATE" --warmup "$LOAD_WARMUP" --count "$LOAD_COUNT" \
    --bootstrap "$BOOT" --topic-prefix "$live" --data "$DATA"
stop "$serve"; stop "$trainer"; stop "$producer"

{
  echo "Serving benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), load at the end $(load); raw output: $OUT"
  echo
  echo "| network | server | requests | throughput | answers | load (1, 5, 15 min) |"
  echo "|---|---|---:|---:|---:|---|"
  echo "$client_row"
  for sizes in 784,30,10 784,100,10; do for p in 1 2; do
    echo "${rows[tput-${sizes//,/-}-p$p]}"; echo "${rows[tput-${sizes//,/-}-p$p-warm]}"
  done; done
  echo
  echo "| $TRAIN_SIZES, P = 2, $TRAIN_EPOCHS epochs | examples/s | latency at $RATE/s p50 / p99 / max (ms) | freshness p50 / p99 / max (ms) |"
  echo "|---|---:|---:|---:|"
  echo "| train | $(speed "$OUT/train-plain/metrics.jsonl") | | |"
  echo "| train --serve, predict --rate $RATE | $(speed "$OUT/train-serve/metrics.jsonl") | $(latency train-serve-load) | $(fresh train-serve-load) |"
  echo "| serve following a live run (train --unbounded, produce --rate $LIVE_RATE), predict --rate $RATE | | $(latency serve-followed-load) | $(fresh serve-followed-load) |"
  echo "| the same, after serve has followed the run for $STEADY_AFTER s | | $(latency serve-followed-steady) | $(fresh serve-followed-steady) |"
  echo "| serve --model, 784,100,10, P = 2, no training, predict --rate $RATE | | $(latency serve-model-load) | (one version) |"
  echo
  echo "Hops, p50 / p99 / max (ms):"
  for name in serve-model-load train-serve-load serve-followed-load serve-followed-steady; do echo "- $name: $(hops "$name")"; done
} | tee "$OUT/table.md"
