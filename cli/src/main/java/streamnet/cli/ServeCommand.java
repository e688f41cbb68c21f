package streamnet.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.job.serve.ServingJob;
import streamnet.job.serve.ServingJobArguments;
import streamnet.job.serve.ServingJobFactory;
import streamnet.job.serve.ServingJobSetup;

/** {@code ./streamnet serve}: the serving job on a local MiniCluster, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Answers the unlabeled digits on <prefix>predict on <prefix>predictions with the newest model version of a",
      "training run (the run that published last on <prefix>model, or --run-id), or with one model file (--model).",
      "Keeps serving after training stops; requests sent before any model are held and answered when one arrives."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Serve this model file (network2 JSON, as train and train-local save it) instead of a run.")
  Path model;

  @Option(names = "--run-id", paramLabel = "RUN",
      description = "Follow this training run (its id is the model topic's key); default: the run that published last.")
  String runId;

  @Option(names = "--sizes", split = ",", paramLabel = "N,N,...",
      description = "Layer sizes of the run's network (default: train's, 784,30,10); not with --model.")
  int[] sizes;

  @Option(names = "--activation", split = ",", paramLabel = "NAME",
      description = "Hidden neurons of the run's network (default: train's, sigmoid); not with --model.")
  List<String> activation;

  @Option(names = "--output", paramLabel = "NAME",
      description = "Output neurons of the run's network (default: train's, sigmoid); not with --model.")
  String output;

  @Option(names = "--parallelism", defaultValue = "1",
      description = "Serving instances, each with the whole model (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where the checkpoints go (default: runs/serve-<time>).")
  Path runDir;

  @Option(names = "--web-ui-port", paramLabel = "PORT", defaultValue = "8081",
      description = "The local Flink dashboard (default: ${DEFAULT-VALUE}).")
  int webUiPort;

  @Override
  public Integer call() throws Exception {
    Path run = runDir != null ? runDir
        : Path.of("runs", "serve-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    ServingJobSetup setup = ServingJobSetup.of(ServingJobArguments.parse(arguments()), new Configuration());
    LocalRunner.requireFreePort(webUiPort);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
        new LocalRunner(run.toAbsolutePath(), webUiPort).configuration(parallelism));
    System.out.println(kafka.describe());
    System.out.println(new ServingJobFactory(setup).assemble(env));
    JobClient client = env.executeAsync(ServingJob.JOB_NAME);
    Thread cancelOnCtrlC = new Thread(() -> client.cancel().join());
    Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
    System.out.printf("Flink dashboard: http://127.0.0.1:%d/#/job/running/%s (Ctrl-C stops serving)%n",
        webUiPort, client.getJobID());
    client.getJobExecutionResult().get();
    Runtime.getRuntime().removeShutdownHook(cancelOnCtrlC);
    return 0;
  }

  /** These flags as the serving job's. */
  private String[] arguments() {
    List<String> arguments = new ArrayList<>(kafka.toArguments());
    arguments.addAll(List.of("--parallelism", String.valueOf(parallelism),
        "--checkpoint-interval", String.valueOf(checkpointSeconds)));
    if (model != null) {
      arguments.addAll(List.of("--model", model.toString()));
    }
    if (runId != null) {
      arguments.addAll(List.of("--run-id", runId));
    }
    if (sizes != null) {
      arguments.addAll(List.of("--sizes", String.join(",", java.util.Arrays.stream(sizes).mapToObj(String::valueOf).toList())));
    }
    if (activation != null) {
      arguments.addAll(List.of("--activation", String.join(",", activation)));
    }
    if (output != null) {
      arguments.addAll(List.of("--output", output));
    }
    return arguments.toArray(String[]::new);
  }
}
