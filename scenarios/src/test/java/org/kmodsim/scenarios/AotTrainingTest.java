package org.kmodsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.scenario.ScenarioLoader;

/**
 * The launcher's AOT training workload stays a set of valid commands: a training command that the
 * command line refuses would leave the cache without what it is for, silently (the launcher
 * discards the training's output).
 */
class AotTrainingTest {
  @Test
  void everyTrainingCommandParsesAndNamesACatalogueScenario() {
    for (List<String> command : AotTraining.WORKLOAD) {
      String[] args = command.toArray(String[]::new);
      assertThatCode(() -> Main.commandLine().parseArgs(args))
          .as(String.join(" ", command))
          .doesNotThrowAnyException();
      if (List.of("run", "explore", "replay").contains(command.get(0))) {
        assertThat(ScenarioLoader.catalogue())
            .as(String.join(" ", command))
            .contains(command.get(1));
      }
    }
  }

  @Test
  void theShellSessionsOfTheTrainingSucceed() {
    for (List<String> command : AotTraining.WORKLOAD) {
      if (command.get(0).equals("sh")) {
        assertThat(Main.execute(command.toArray(String[]::new)))
            .as(String.join(" ", command))
            .isZero();
      }
    }
  }

  @Test
  void theTrainingCommandIsHiddenFromTheManual() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("aot-train");
    assertThat(org.kmodsim.scenarios.cli.CliDoc.markdown(Main.commandLine()))
        .doesNotContain("aot-train");
  }
}
