#!/usr/bin/env bash
# The compose producer: streams MNIST once per set of volumes. A second `docker compose up` on the
# kept volumes would otherwise append another 30 epochs to the training topic. The marker sits in
# the run-folder volume; `docker compose down -v` removes it together with Kafka's data.
#   produce-once.sh MARKER java ARGS...
set -euo pipefail
marker="$1"
shift
if [ -e "$marker" ]; then
  echo "streamnet: MNIST was streamed into these volumes before ($marker); not streaming again."
  echo "streamnet: docker compose down -v starts over."
  exit 0
fi
"$@"
mkdir -p "$(dirname "$marker")"
date -u +%Y-%m-%dT%H:%M:%SZ > "$marker"
