#!/usr/bin/env bash
# The compose JobManager: application mode for one run folder, idempotent across restarts and
# re-runs of `docker compose up` on kept volumes.
#   compose-jobmanager.sh RUN_DIR JOB_ID JOB-ARGS...
# - RUN_DIR/final.json exists: that run finished; start the JobManager without a job (dashboard
#   and `docker compose exec` stay available) instead of training a second run into the same
#   metrics file.
# - a completed checkpoint of JOB_ID exists: the JobManager was stopped or lost mid-run; resume
#   from the newest one (the metrics file is cut back to the checkpoint and continues).
# - otherwise: start the run.
# The job id is fixed so that its checkpoints are found under /flink-data/checkpoints/JOB_ID.
set -euo pipefail
entrypoint="${FLINK_ENTRYPOINT:-/docker-entrypoint.sh}"
checkpoints="${STREAMNET_CHECKPOINTS:-/flink-data/checkpoints}"
run_dir="$1"
job_id="$2"
shift 2
if [ -e "$run_dir/final.json" ]; then
  echo "streamnet: $run_dir holds a finished run; starting the JobManager without a job."
  echo "streamnet: docker compose down -v (or a new --run-dir) trains again."
  exec "$entrypoint" jobmanager
fi
latest=""
for chk in "$checkpoints/$job_id"/chk-*; do
  [ -e "$chk/_metadata" ] || continue
  n="${chk##*/chk-}"
  if [ -z "$latest" ] || [ "$n" -gt "${latest##*/chk-}" ]; then
    latest="$chk"
  fi
done
if [ -n "$latest" ]; then
  echo "streamnet: resuming job $job_id from $latest"
  exec "$entrypoint" standalone-job --job-id "$job_id" --fromSavepoint "file://$latest" "$@"
fi
exec "$entrypoint" standalone-job --job-id "$job_id" "$@"
