# The streamnet image for docker-compose.yml and k8s/: Flink with the shaded job jar in usrlib/
# (where application mode and the operator's local:// URIs find it) and, outside usrlib/ so the
# job's classpath stays the job's, the CLI jar and its logging configuration for the producer
# container. The Prometheus reporter is the image's own plugins/metrics-prometheus/. Build it after
# mvn package, from the repository root:
#   docker build -t streamnet/flink-job:0.1.0-SNAPSHOT .
FROM flink:2.2.1-java17
COPY job/target/streamnet-job-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/streamnet-job.jar
COPY cli/target/streamnet-cli-0.1.0-SNAPSHOT-cli.jar /opt/streamnet/streamnet-cli.jar
COPY deploy/docker/log4j2-cli.xml /opt/streamnet/log4j2-cli.xml
COPY deploy/docker/compose-jobmanager.sh deploy/docker/produce-once.sh /opt/streamnet/
# The flink:2.2 images end with USER flink (FLINK-37881): writing outside /opt/flink needs root.
USER root
# Checkpoints, savepoints, HA metadata and run folders: named volumes mounted here start with the
# flink user's ownership (Docker copies the image directory's owner into a new volume).
RUN mkdir -p /flink-data/checkpoints /flink-data/savepoints /flink-data/ha /flink-data/runs \
    && chown -R flink:flink /flink-data \
    && chmod 0755 /opt/streamnet/compose-jobmanager.sh /opt/streamnet/produce-once.sh
USER flink
