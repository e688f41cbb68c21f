package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;
import streamnet.network.data.Expansion;

/** Enum-valued flags take their values in any case, so {@code produce --expand elastic} works as {@code train-local --expand elastic} does. */
class EnumValuesTest {

  @Test
  void produceTakesExpansionKindsInAnyCase() {
    ParseResult parsed = StreamnetCli.commandLine().parseArgs("produce", "--expand", "elastic,Rotations");
    ProduceCommand produce = (ProduceCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(produce.expand).containsExactly(Expansion.Kind.ELASTIC, Expansion.Kind.ROTATIONS);
  }
}
