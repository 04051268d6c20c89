package org.kmodsim.scenarios.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.kmodsim.scenarios.scenario.ScenarioRun;

/** The annotation in use: lost-update in two eras, message-passing on its own seeds. */
class ScenarioTestAnnotationTest {
  @ScenarioTest(
      value = "lost-update",
      eras = {"2.4", "6.x"},
      seeds = 3)
  void theCountIsOneOrTwo(ScenarioRun run) {
    assertThat(run.observation().memory().get("count")).isBetween(1L, 2L);
    assertThat(run.result().coverage().getOrDefault("read-zero", 0L)).isBetween(1L, 2L);
  }

  @ScenarioTest(value = "message-passing", seeds = 5)
  void theReaderAlwaysFinishes(ScenarioRun run) {
    assertThat(run.observation().programExits()).containsKeys("writer", "reader");
  }

  @ScenarioTest(value = "src/test/resources/scenarios/draft-example.conf", seeds = 1)
  void draftsAreSkipped(ScenarioRun run) {
    throw new AssertionError("a draft must not run");
  }
}
