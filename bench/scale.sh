#!/usr/bin/env bash
# The P/S scale matrix of docs/scaling.md, end to end, on a standalone Flink cluster on this machine:
# for each cell P:S it submits ./streamnet train --cluster with P workers and S averager shards,
# follows the job through the REST API and reports, per cell:
#   CPU-seconds per example, summed over every process of the run (Kafka broker, JobManager, every
#     TaskManager: utime + stime from /proc/PID/stat, the difference from submit to end),
#   rounds (versions on the model topic after version 0; the shards' and coordinator's modelVersion
#     gauges agree), round time (the last metrics line's elapsed_s / rounds, and the job's duration),
#   bytes per round into each shard subtask (its contributionBytes gauge / its modelVersion, read in one
#     REST snapshot; and Flink's numBytesIn of the shard task), out of each shard (slice bytes on the
#     topic / rounds), into the coordinator (numBytesIn / modelVersion), written to the model topic per
#     round, and out of the model-source task to the workers (numBytesOut / rounds: the broadcast),
#   the shard task's busy time per round (accumulateBusyTimeMs / modelVersion),
#   validation accuracy of the last epoch and the final test accuracy.
# It prints `uptime` with every measurement and a markdown table at the end (also in $OUT/table.md).
#
# Usage: bench/scale.sh [P:S ...]          (default: the core cells 1:1 2:1 4:1 8:1 4:2 4:4 8:2 8:4)
# Environment (defaults in brackets):
#   SIZES [784,100,10]  MODE [delayed] (the job's default; sync)  K [10]  M [10] (mini-batch)  EPOCHS [1] (passes the job trains;
#   the producer streams one pass)  EXTRA [] (more train flags)
#   KAFKA_PORT [19692] KAFKA_CPORT [19693] KAFKA_DIR [/tmp/wtd-kafka]
#   FLINK_PORT [8681] FLINK_DIR [/tmp/wtd-flink] DATA [data/mnist]  OUT [runs/scale-<time>]
# A broker or cluster already running from those folders is used as it is and left running; what
# this script starts it stops. The model topic is created beforehand with retention off (the job
# leaves an existing topic's settings alone), so each run's records can be counted after it; the
# job's own default, retention by bytes, would delete segments of the longer runs in between.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
SIZES=${SIZES:-784,100,10}; MODE=${MODE:-delayed}; K=${K:-10}; M=${M:-10}; EPOCHS=${EPOCHS:-1}; EXTRA=${EXTRA:-}
KAFKA_PORT=${KAFKA_PORT:-19692}; KAFKA_CPORT=${KAFKA_CPORT:-19693}; KAFKA_DIR=${KAFKA_DIR:-/tmp/wtd-kafka}
FLINK_PORT=${FLINK_PORT:-8681}; FLINK_DIR=${FLINK_DIR:-/tmp/wtd-flink}; DATA=${DATA:-data/mnist}
OUT=${OUT:-runs/scale-$(date +%Y%m%d-%H%M%S)}
CELLS=("$@"); [ ${#CELLS[@]} -gt 0 ] || CELLS=(1:1 2:1 4:1 8:1 4:2 4:4 8:2 8:4)
BOOT=127.0.0.1:$KAFKA_PORT; REST=http://127.0.0.1:$FLINK_PORT; TOPIC=mnist-model
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/commands.log" >&2; }
run() { log "\$ $*"; "$@"; }

./streamnet --version >/dev/null   # builds what is missing
CP="cli/target/classes:$(cat cli/target/classpath.txt)"
mkdir -p "$OUT/classes"; javac -nowarn -d "$OUT/classes" -cp "$CP" bench/ModelTopic.java
topic() { java -cp "$OUT/classes:$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ModelTopic "$@" 2>/dev/null | grep -v ' INFO \| WARN '; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
started_kafka=0; started_flink=0
cleanup() {
  if [ $started_flink = 1 ]; then ./streamnet cluster stop --dir "$FLINK_DIR" || true; fi
  if [ $started_kafka = 1 ]; then ./streamnet kafka stop --dir "$KAFKA_DIR" || true; fi
}
trap cleanup EXIT
if ! alive "$KAFKA_DIR/broker.pid"; then
  run ./streamnet kafka start --port "$KAFKA_PORT" --controller-port "$KAFKA_CPORT" --dir "$KAFKA_DIR"
  started_kafka=1
fi
if [ "$(topic end "$BOOT" mnist-train 2>/dev/null || echo 0)" = 0 ]; then
  run ./streamnet produce --bootstrap "$BOOT" --data "$DATA" --epochs 1
fi
run topic create "$BOOT" "$TOPIC"
need=1; for c in "${CELLS[@]}"; do p=${c%:*}; s=${c#*:}; m=$((p > s ? p : s)); [ $m -gt $need ] && need=$m; done
if ! alive "$FLINK_DIR/jobmanager.pid"; then
  run ./streamnet cluster start --taskmanagers "$need" --port "$FLINK_PORT" --dir "$FLINK_DIR"
  started_flink=1
fi
have=$(curl -s "$REST/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["slots-total"])')
[ "$have" -ge "$need" ] || { echo "the cluster has $have slots, the cells need $need" >&2; exit 1; }

pids() { for f in "$KAFKA_DIR/broker.pid" "$FLINK_DIR"/*.pid; do [ -f "$f" ] && echo "$(cat "$f")"; done; }   # no trailing newlines
# utime + stime of each pid in seconds, "pid=cpu ..."; comm may hold spaces, so read after the last ')'
cpu() { for pid in $(pids); do awk -v pid="$pid" '{ sub(/.*\) /, ""); printf "%s=%.2f ", pid, ($12 + $13) / 100 }' "/proc/$pid/stat"; done; }

# One idle sample: what the broker and cluster burn doing nothing (counted in every cell's total).
c0=$(cpu); t0=$(date +%s.%N); sleep 20; c1=$(cpu); t1=$(date +%s.%N)
idle=$(python3 - "$c0" "$c1" "$t0" "$t1" <<'EOF'
import sys
a = dict(x.split('=') for x in sys.argv[1].split()); b = dict(x.split('=') for x in sys.argv[2].split())
print("%.3f" % (sum(float(b[p]) - float(a.get(p, b[p])) for p in b) / (float(sys.argv[4]) - float(sys.argv[3]))))
EOF
)
log "idle broker + cluster ($(pids | wc -w) processes): $idle CPU-s per second; $(uptime)"

echo "$idle" > "$OUT/idle.txt"
for cell in "${CELLS[@]}"; do
  p=${cell%:*}; s=${cell#*:}; dir="$OUT/p${p}s${s}"
  off0=$(topic end "$BOOT" "$TOPIC")
  log "cell P=$p S=$s: $(uptime)"
  c0=$(cpu)
  # shellcheck disable=SC2086
  run ./streamnet train --cluster --jobmanager "127.0.0.1:$FLINK_PORT" --detach --bootstrap "$BOOT" \
      --sizes "$SIZES" --mode "$MODE" --average-every "$K" --mini-batch "$M" --epochs "$EPOCHS" \
      --parallelism "$p" --averagers "$s" --run-dir "$dir" $EXTRA > "$dir.submit" 2>&1
  jid=$(sed -n 's/^job \([0-9a-f]*\) submitted.*/\1/p' "$dir.submit")
  [ -n "$jid" ] || { cat "$dir.submit" >&2; exit 1; }
  # Follow the job; keep the last REST snapshot of the metrics (finished jobs' metrics are gone).
  python3 - "$REST" "$jid" "$dir/rest.json" <<'EOF'
import json, sys, time, urllib.request
rest, jid, out = sys.argv[1:4]
get = lambda path: json.load(urllib.request.urlopen(rest + path, timeout=30))
want = {
  "averager": "averager.contributionBytes,averager.modelVersion,numBytesIn,numBytesOut,accumulateBusyTimeMs",
  "coordinator": "coordinator.modelVersion,numBytesIn,numBytesOut,accumulateBusyTimeMs",
  "Source: model topic": "numBytesOut,numRecordsOut",
  "worker": "numBytesIn,numBytesOut,worker.rounds,worker.waitingForAverageMs,accumulateBusyTimeMs",
}
last = {}
while True:
  job = get("/jobs/" + jid)
  if job["state"] in ("FINISHED", "FAILED", "CANCELED", "SUSPENDED"):
    break
  if job["state"] == "RUNNING":
    snap = {}
    for v in job["vertices"]:
      for name, metrics in want.items():
        if v["name"].startswith(name):
          subtasks = get("/jobs/%s/vertices/%s/subtasks/metrics?get=%s&agg=min,max,sum" % (jid, v["id"], metrics))
          snap[name] = {m["id"]: m for m in subtasks}
          snap[name]["parallelism"] = v["parallelism"]
    if snap.get("averager", {}).get("averager.modelVersion", {}).get("min", 0) > 0:
      last = snap
  time.sleep(3)
json.dump({"state": job["state"], "duration_ms": job["duration"], "metrics": last}, open(out, "w"), indent=1)
print(job["state"], job["duration"])
EOF
  c1=$(cpu)
  log "cell P=$p S=$s ended: $(uptime)"
  off1=$(topic end "$BOOT" "$TOPIC")
  topic stats "$BOOT" "$TOPIC" "$off0" > "$dir/topic.txt"
  echo "$c0" > "$dir/cpu0.txt"; echo "$c1" > "$dir/cpu1.txt"
done

python3 bench/scale-table.py "$OUT" "$SIZES" "$MODE" "$K" "$M" "${CELLS[@]}" | tee "$OUT/table.md"
log "table: $OUT/table.md; commands: $OUT/commands.log"
