#!/usr/bin/env bash
# Side by side, in one sitting: train-local, the Flink job on a local MiniCluster (`train`) and on
# a standalone session cluster (`cluster start` + `train --cluster`), each in the modes asked for,
# with wall-clock examples/s and the CPU-seconds of every process of the run (broker, JobManager,
# TaskManagers or the MiniCluster JVM, the CLI) per example, from utime+stime in /proc/PID/stat.
#
#   bench/cluster-speed.sh [EPOCHS] [SIZES] [MODES] [K] [RUNS]
#     EPOCHS  training epochs of every run (default 30); SIZES the network (default 784,100,10)
#     MODES   comma-separated job modes (default delayed,sync); K --average-every (default 10)
#     RUNS    comma-separated subset of local,mini,cluster (default all three)
#   Environment: BENCH_DIR (default /tmp/streamnet-cluster-speed) holds the broker, the cluster and
#   the runs; KAFKA_PORT (19592, controller +1), FLINK_PORT (8581, RPC +1), MINI_UI_PORT (8591);
#   BOOTSTRAP=HOST:PORT and PREFIX=P use an existing broker and topics (its CPU is then counted
#   only if BROKER_PID is given); STREAMNET=/other/checkout/streamnet measures another build;
#   CLUSTER_JOBS (default 2) jobs per mode on the cluster: the first
#   is cold (fresh TaskManagers), the others warm (SYNC_JOBS: as many for sync); THREADS=1 writes each run's per-thread CPU
#   (bench/thread-cpu.py) to BENCH_DIR/NAME.threads.
#
# Per run: "cold" is the whole command (JVM start, submission, evaluation, shutdown) — wall clock
# and CPU of all processes from the command's start to its end; "steady" is from the first
# epoch's metrics line to the last (examples and elapsed_s of those lines, CPU sampled when each
# appears). A cluster's own start-up (before any job) is reported apart.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sn="${STREAMNET:-./streamnet}"   # another checkout's launcher, to measure it the same way
epochs="${1:-30}"; sizes="${2:-784,100,10}"; modes="${3:-delayed,sync}"; k="${4:-10}"; runs="${5:-local,mini,cluster}"
bench="${BENCH_DIR:-/tmp/streamnet-cluster-speed}"
kport="${KAFKA_PORT:-19592}"; fport="${FLINK_PORT:-8581}"; uiport="${MINI_UI_PORT:-8591}"
jobs_per_mode="${CLUSTER_JOBS:-2}"
tck="$(getconf CLK_TCK)"
mkdir -p "$bench"
"$sn" --version > /dev/null   # builds if needed
results="$bench/results.tsv"
: > "$results"

echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -1)"
echo "uptime before: $(uptime)"

started_broker=""
if [ -n "${BOOTSTRAP:-}" ]; then
  bootstrap="$BOOTSTRAP"; prefix="${PREFIX:?PREFIX with BOOTSTRAP}"; broker_pid="${BROKER_PID:-}"
else
  bootstrap="127.0.0.1:$kport"; prefix="bench-"
  "$sn" kafka start --port "$kport" --controller-port "$((kport + 1))" --dir "$bench/kafka" > "$bench/kafka.out"
  started_broker=1
  broker_pid="$(cat "$bench/kafka/broker.pid")"
  "$sn" produce --bootstrap "$bootstrap" --topic-prefix "$prefix" --epochs "$epochs" > "$bench/produce.out"
fi
cleanup() {
  "$sn" cluster stop --dir "$bench/flink" > /dev/null 2>&1 || true
  if [ -n "$started_broker" ]; then "$sn" kafka stop --dir "$bench/kafka" > /dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# CPU ticks (utime + stime) of the given pids, summed; a pid that has gone counts 0.
ticks() {
  local total=0 pid fields
  for pid in "$@"; do
    if fields="$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null)"; then
      read -r -a f <<< "$fields"
      total=$((total + f[11] + f[12]))
    fi
  done
  echo "$total"
}
now() { date +%s.%N; }
field() { sed -n "s/.*\"$2\":\([0-9.eE+-]*\).*/\1/p" <<< "$1"; }

# run NAME DAEMON_PIDS... -- COMMAND...: runs COMMAND (a streamnet subcommand writing --metrics
# $bench/NAME.jsonl) and appends a result line.
run() {
  local name="$1"; shift
  local daemons=()
  while [ "$1" != "--" ]; do daemons+=("$1"); shift; done
  shift
  local metrics="$bench/$name.jsonl" rusage="$bench/$name.rusage"
  rm -rf "$metrics" "$rusage" "$bench/$name.run"
  local d0 t0 cli
  d0="$(ticks "${daemons[@]}")"; t0="$(now)"
  /usr/bin/time -f "%U %S" -o "$rusage" "$@" --metrics "$metrics" > "$bench/$name.out" 2>&1 &
  local timer=$!
  cli=""
  local sampler=""
  if [ -n "${THREADS:-}" ]; then
    while [ -z "$cli" ] && kill -0 "$timer" 2>/dev/null; do cli="$(pgrep -P "$timer" | head -1 || true)"; done
    bench/thread-cpu.py "$bench/$name.threads" "${daemons[@]}" $cli &
    sampler=$!
  fi
  local first_ticks="" first_cli="" last_ticks="" last_cli="" lines=0 n
  while kill -0 "$timer" 2>/dev/null; do
    [ -n "$cli" ] || cli="$(pgrep -P "$timer" | head -1 || true)"
    # metrics.jsonl in the run folder grows during the run; --metrics is copied at the end.
    live="$metrics"; [ ! -e "$bench/$name.run/metrics.jsonl" ] || live="$bench/$name.run/metrics.jsonl"
    n="$(grep -c '"epoch"' "$live" 2>/dev/null || true)"; n="${n:-0}"
    if [ "$n" -gt "$lines" ]; then
      lines="$n"
      last_ticks="$(ticks "${daemons[@]}")"; last_cli="$(ticks $cli)"
      if [ -z "$first_ticks" ]; then first_ticks="$last_ticks"; first_cli="$last_cli"; fi
    fi
    sleep 0.2
  done
  wait "$timer" || echo "$name: exit status $?" >&2
  local t1 d1
  t1="$(now)"; d1="$(ticks "${daemons[@]}")"
  read -r cli_user cli_sys < <(tail -1 "$rusage")
  local epochs_lines first last
  epochs_lines="$(grep '"epoch"' "$metrics")"
  first="$(head -1 <<< "$epochs_lines")"; last="$(tail -1 <<< "$epochs_lines")"
  local ex0 ex1 el0 el1 wall cpu
  ex0="$(field "$first" examples)"; ex1="$(field "$last" examples)"
  el0="$(field "$first" elapsed_s)"; el1="$(field "$last" elapsed_s)"
  wall="$(echo "$t1 - $t0" | bc -l)"
  cpu="$(echo "($d1 - $d0) / $tck + $cli_user + $cli_sys" | bc -l)"
  # steady CPU: ticks between the first and the last epoch line (the CLI's by /proc, as the daemons').
  local steady_cpu
  steady_cpu="$(echo "($last_ticks - $first_ticks + $last_cli - $first_cli) / $tck" | bc -l)"
  if [ -n "$sampler" ]; then kill "$sampler"; wait "$sampler" || true; fi
  local acc
  acc="$(sed -n 's/.*"test_accuracy":\([0-9.]*\).*/\1/p' "$metrics" | tail -1)"
  printf '%s\t%d\t%.1f\t%.0f\t%.1f\t%.2f\t%.0f\t%.1f\t%.2f\t%s\n' "$name" "$ex1" "$wall" "$(echo "$ex1 / $wall" | bc -l)" \
    "$cpu" "$(echo "$cpu * 100000 / $ex1" | bc -l)" \
    "$(echo "($ex1 - $ex0) / ($el1 - $el0)" | bc -l)" "$steady_cpu" \
    "$(echo "$steady_cpu * 100000 / ($ex1 - $ex0)" | bc -l)" "$acc" | tee -a "$results"
}

common=(--sizes "$sizes" --epochs "$epochs" --mini-batch 10 --eta 0.5 --lambda 5.0 --seed 1)
job=(--bootstrap "$bootstrap" --topic-prefix "$prefix" --parallelism 2 --average-every "$k")
printf 'run\texamples\twall_s\tex/s\tcpu_s\tcpu_s/100k\tsteady_ex/s\tsteady_cpu_s\tsteady_cpu_s/100k\ttest\n' | tee -a "$results"

if [[ ",$runs," == *,local,* ]]; then
  run local -- "$sn" train-local "${common[@]}"
fi
IFS=, read -r -a mode_list <<< "$modes"
if [[ ",$runs," == *,mini,* ]]; then
  for mode in "${mode_list[@]}"; do
    run "mini-$mode" $broker_pid -- "$sn" train "${common[@]}" "${job[@]}" --mode "$mode" \
      --web-ui-port "$uiport" --run-dir "$bench/mini-$mode.run"
  done
fi
if [[ ",$runs," == *,cluster,* ]]; then
  "$sn" cluster stop --dir "$bench/flink" > /dev/null 2>&1 || true
  t0="$(now)"
  /usr/bin/time -f "%U %S" -o "$bench/cluster-start.rusage" \
    "$sn" cluster start --port "$fport" --dir "$bench/flink" > "$bench/cluster-start.out"
  t1="$(now)"
  flink_pids="$(for f in "$bench"/flink/*.pid; do cat "$f"; echo; done | tr '\n' ' ')"   # files without a newline
  read -r u s < "$bench/cluster-start.rusage"
  echo "cluster start: $(printf '%.1f' "$(echo "$t1 - $t0" | bc -l)") s wall, CLI $(echo "$u + $s" | bc) CPU-s," \
    "JobManager + TaskManagers $(printf '%.1f' "$(echo "$(ticks $flink_pids) / $tck" | bc -l)") CPU-s so far"
  for mode in "${mode_list[@]}"; do
    n_jobs="$jobs_per_mode"; [ "$mode" != sync ] || n_jobs="${SYNC_JOBS:-$jobs_per_mode}"
    for j in $(seq 1 "$n_jobs"); do
      # shellcheck disable=SC2086
      run "cluster-$mode-$j" $broker_pid $flink_pids -- "$sn" train --cluster --jobmanager "127.0.0.1:$fport" \
        "${common[@]}" "${job[@]}" --mode "$mode" --run-dir "$bench/cluster-$mode-$j.run"
    done
  done
  echo "cluster JVMs at the end: $(for p in $flink_pids; do printf '%s ' "$(ps -o rss= -p "$p" | awk '{printf "%d MB", $1/1024}')"; done)"
fi
echo "uptime after: $(uptime)"
