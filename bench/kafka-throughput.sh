#!/usr/bin/env bash
# Kafka throughput benchmark (not a test): starts a local broker on free ports, produces MNIST's
# 60,000 training images with the producer's settings (idempotent, acks=all, lz4), consumes and
# decodes them, prints examples/s each way for 3 rounds with the core count, stops the broker.
#   bench/kafka-throughput.sh [MNIST_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/streamnet" --version >/dev/null   # builds if needed
echo "nproc: $(nproc)"
export STREAMNET_HOME="$root"
exec java ${STREAMNET_JAVA_OPTS:-} -cp "$root/cli/target/classes:$(cat "$root/cli/target/classpath.txt")" \
  streamnet.producer.bench.KafkaThroughput "$@"
