package org.kmodsim.scenarios.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.opentest4j.TestAbortedException;

class ScenarioCheckTest {
  static final String ALWAYS_LOST =
      String.join(
          "\n",
          "description = \"one CPU increments twice without atomics: never a race, always 2\"",
          "machine.cpus = 1",
          "programs = [ { cpu = 0, steps = [\"read_once c\", \"write_once c +1\","
              + " \"read_once c\", \"write_once c +1\"] } ]",
          "outcomes = [",
          "  { name = two, class = forbidden, description = \"declared forbidden on purpose\","
              + " when { mem.c = 2 } }",
          "]");

  @Test
  void aDraftOrAScenarioWithMissingCommandsIsSkippedNotPassed() {
    assertThatThrownBy(
            () ->
                ScenarioCheck.of("src/test/resources/scenarios/draft-example.conf")
                    .expectationsHold())
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("is a draft: waits for a frobnicate command");
    String needsInsmod =
        ALWAYS_LOST.replace(
            "\"read_once c\", \"write_once c +1\"," + " \"read_once c\"", "\"frobnicate x.conf\"");
    assertThatThrownBy(
            () ->
                ScenarioCheck.of(ScenarioLoader.parseString(needsInsmod, "needs"))
                    .expectationsHold())
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("needs commands this build does not have: frobnicate");
  }

  @Test
  void aForbiddenOutcomeFailsWithTheReplayCommand() {
    assertThatThrownBy(
            () ->
                ScenarioCheck.of(ScenarioLoader.parseString(ALWAYS_LOST, "lost"))
                    .seeds(5, 2)
                    .expectationsHold())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("forbidden outcome two")
        .hasMessageContaining("replay: kmodsim run lost --era 6.x --seed 5");
  }

  @Test
  void anUnlistedOutcomeFailsEvenInABugScenario() {
    String unlisted =
        ALWAYS_LOST.replace("mem.c = 2", "mem.c = 3") + "\nexplore { finds-forbidden = true }";
    assertThatThrownBy(
            () ->
                ScenarioCheck.of(ScenarioLoader.parseString(unlisted, "odd"))
                    .seeds(0, 1)
                    .expectationsHold())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("unlisted outcome");
  }

  @Test
  void findsForbiddenFailsWhenTheBudgetFindsNothing(@TempDir Path dir) {
    String correct =
        ALWAYS_LOST.replace("class = forbidden", "class = acceptable")
            + "\nexplore { runs = 5, finds-forbidden = true }";
    assertThatThrownBy(
            () -> ScenarioCheck.of(ScenarioLoader.parseString(correct, "fine")).findsForbidden(dir))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no forbidden outcome in 5 random runs");
    assertThat(ScenarioCheck.of("lost-update").findsForbidden(dir).firstFailure().outcome())
        .isEqualTo("lost-update");
  }
}
