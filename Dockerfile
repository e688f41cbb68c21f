# The streamnet image for docker-compose.yml and k8s/: Flink with the shaded job jar in usrlib/
# (where application mode and the operator's local:// URIs find it), the CLI jar for the producer
# container (outside usrlib/, so the job's classpath stays the job's), and the Prometheus reporter
# plugin. Build it after mvn package, from the repository root:
#   docker build -t streamnet/flink-job:0.1.0-SNAPSHOT .
FROM flink:2.2.1-java17
COPY flink-cluster/target/plugins/metrics-prometheus/ /opt/flink/plugins/metrics-prometheus/
COPY job/target/streamnet-job-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/streamnet-job.jar
COPY cli/target/streamnet-cli-0.1.0-SNAPSHOT-cli.jar /opt/streamnet/streamnet-cli.jar
# Checkpoints, savepoints and run folders: volumes mounted here inherit the flink user's ownership.
RUN mkdir -p /flink-data/checkpoints /flink-data/savepoints /flink-data/runs && chown -R flink:flink /flink-data
