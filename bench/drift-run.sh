#!/usr/bin/env bash
# A live run through one drift, end to end: a broker, a live producer that drifts after
# DRIFT_AFTER training examples, `train --live` with the Page-Hinkley detector, stopped once the
# run has trained TOTAL examples; then the table and the plot of bench/DriftPlot.java.
#   bench/drift-run.sh [OUT_DIR]      env: DRIFT (rotate90), DRIFT_AFTER (150000), TOTAL (450000),
#                                          RATE (3000 examples/s), PORT (19910), WINDOW (10000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mkdir -p "${1:-bench/results/drift}" && cd "${1:-bench/results/drift}" && pwd)"
drift="${DRIFT:-rotate90}"; after="${DRIFT_AFTER:-150000}"; total="${TOTAL:-450000}"
rate="${RATE:-3000}"; port="${PORT:-19910}"; window="${WINDOW:-10000}"
broker="$out/kafka"; run="$out/run"
rm -rf "$broker" "$run"
./streamnet --version >/dev/null   # builds what is missing
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  ./streamnet kafka stop --dir "$broker" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "start: $(date -u +%T) uptime: $(uptime)" | tee "$out/commands.log"
./streamnet kafka start --port "$port" --dir "$broker"
produce=(./streamnet produce --bootstrap "127.0.0.1:$port" --topic-prefix drift- --partitions 2 --forever
  --rate "$rate" --drift "$drift" --drift-after "$after" --seed 3)
train=(./streamnet train --bootstrap "127.0.0.1:$port" --topic-prefix drift- --live --epoch-size "$window"
  --parallelism 2 --seed 3 --run-dir "$run" --web-ui-port $((port + 2)) --timeout 60)
echo "${produce[*]}" >> "$out/commands.log"; echo "${train[*]}" >> "$out/commands.log"
"${produce[@]}" > "$out/produce.log" 2>&1 & pids+=($!)
# The live run needs the topics the producer creates.
until grep -q "created topics\|topics exist" "$out/produce.log"; do
  sleep 1
  kill -0 "${pids[0]}" 2>/dev/null || { echo "produce ended"; cat "$out/produce.log"; exit 1; }
done
# ... and its 20,000 validation and test examples, which it sends first, at the same rate.
sleep $(( 20000 / rate + 5 ))
"${train[@]}" > "$out/train.log" 2>&1 & pids+=($!)
trained() { [ -f "$run/metrics.jsonl" ] && tail -n 1 "$run/metrics.jsonl" | sed -n 's/.*"examples":\([0-9]*\).*/\1/p' || true; }
until [ "$(trained)" != "" ] && [ "$(trained)" -ge "$total" ]; do
  sleep 5
  kill -0 "${pids[1]}" 2>/dev/null || { echo "train ended early"; tail -n 30 "$out/train.log"; exit 1; }
done
echo "end: $(date -u +%T) uptime: $(uptime)" | tee -a "$out/commands.log"
cleanup; trap - EXIT
java -cp "cli/target/classes:$(cat cli/target/classpath.txt)" bench/DriftPlot.java "$run/metrics.jsonl" "$after" \
  "$out/prequential.png" "[784,30,10], P = 2, live: $drift after $after examples" | tee "$out/table.md"
