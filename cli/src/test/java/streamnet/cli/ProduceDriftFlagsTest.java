package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import streamnet.producer.Drift;

/** {@code produce --drift KIND --drift-after N} becomes the feed's drift; half a scenario is refused. */
class ProduceDriftFlagsTest {

  private static ProduceCommand produce(String... flags) {
    String[] commandLine = new String[flags.length + 1];
    commandLine[0] = "produce";
    System.arraycopy(flags, 0, commandLine, 1, flags.length);
    return StreamnetCli.commandLine().parseArgs(commandLine).subcommand().commandSpec().commandLine().getCommand();
  }

  // Catches: --drift-after, --drift or --seed not reaching the drift.
  @Test
  void theFlagsMakeTheDrift() {
    Drift drift = produce("--drift", "permute-labels", "--drift-after", "50000", "--seed", "9").drift().orElseThrow();
    assertThat(drift.kind()).isEqualTo(Drift.Kind.PERMUTE_LABELS);
    assertThat(drift.after()).isEqualTo(50_000);
    assertThat(drift.labelMap()).containsExactly(new Drift(0, Drift.Kind.PERMUTE_LABELS, 9).labelMap());
    assertThat(produce("--drift", "rotate90").drift().orElseThrow().after()).isZero();
    assertThat(produce().drift()).isEmpty();
  }

  // Catches: --drift-after without --drift silently streaming no drift, --drift ignored by a
  // --from-dir feed, an unknown kind accepted.
  @Test
  void halfAScenarioOrAnUnknownKindIsRefused() {
    assertThatThrownBy(() -> produce("--drift-after", "100").drift())
        .hasMessage("--drift-after needs --drift KIND (rotate90, invert, permute-labels)");
    assertThatThrownBy(() -> produce("--drift", "invert", "--from-dir", "digits").drift())
        .hasMessage("--drift transforms the MNIST feed; it does not apply to --from-dir");
    assertThatThrownBy(() -> produce("--drift", "flip").drift())
        .hasMessage("unknown --drift 'flip': rotate90, invert, permute-labels");
  }
}
