package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTestAccess.kmodsimOut;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.Schedule;
import org.kmodsim.sim.StrategySpec;

class RaceWindowTest {
  private static final long FORBIDDEN_SEED = 1;

  private final ScenarioRunner runner =
      ScenarioRunner.prepare(
          ScenarioLoader.load("forced-unload-uaf"), ScenarioRunner.Options.defaults());

  @Test
  void aForbiddenForcedUnloadIsExplainedByTheGetAndTheUnloadThatRaced() {
    ScenarioRun run = runner.run(FORBIDDEN_SEED, StrategySpec.random(), 100_000);
    assertThat(run.outcome().name()).isEqualTo("use-after-free");

    RaceWindow window = RaceWindow.find(runner, run).orElseThrow();

    assertThat(window.first().where()).isEqualTo("cpu0");
    assertThat(window.first().what()).startsWith("try_module_get(hello) = true");
    assertThat(window.second().where()).isEqualTo("cpu1");
    assertThat(window.second().what()).isEqualTo("hello: LIVE → GOING");
    assertThat(window.reversedOutcome().name()).isEqualTo("forced-idle");
    assertThat(window.sentence())
        .isEqualTo(
            "cpu0 try_module_get(hello) = true  refcnt 0→1 before cpu1's hello: LIVE → GOING;"
                + " reversed, the outcome is forced-idle [acceptable]");
  }

  @Test
  void replayingTheReversedChoicesReallyGivesTheOtherOutcomeWithThePairSwapped() {
    ScenarioRun run = runner.run(FORBIDDEN_SEED, StrategySpec.random(), 100_000);
    RaceWindow window = RaceWindow.find(runner, run).orElseThrow();

    ScenarioRun reversed =
        runner
            .start(
                runner
                    .runSpec(FORBIDDEN_SEED, StrategySpec.replay(window.reversedChoices()))
                    .withSchedule(true),
                0)
            .join();
    ScenarioRun original =
        runner
            .start(
                runner
                    .runSpec(FORBIDDEN_SEED, StrategySpec.replay(run.result().choices()))
                    .withSchedule(true),
                0)
            .join();

    assertThat(reversed.outcome().name()).isEqualTo("forced-idle");
    assertThat(original.outcome().name()).isEqualTo("use-after-free");
    Schedule before = original.result().schedule();
    Schedule after = reversed.result().schedule();
    int first = window.steps().first();
    // The same schedule up to the race; from there the second's channel comes before the first's.
    for (int k = 0; k < first; k++) {
      assertThat(after.get(k).channel()).isEqualTo(before.get(k).channel());
    }
    String firstChannel = before.get(first).channel();
    String secondChannel = before.get(window.steps().second()).channel();
    int secondAt = -1;
    int firstAt = -1;
    for (int k = first; k < after.size(); k++) {
      if (secondAt < 0 && after.get(k).channel().equals(secondChannel)) {
        secondAt = k;
      }
      if (firstAt < 0 && after.get(k).channel().equals(firstChannel)) {
        firstAt = k;
      }
    }
    assertThat(secondAt).isNotNegative();
    assertThat(firstAt < 0 || secondAt < firstAt).as("reversed").isTrue();
  }

  @Test
  void runPrintsTheWindowAtTheTopAndMarksItInTheTimeline() {
    String out = kmodsimOut("run", "forced-unload-uaf", "--seed", String.valueOf(FORBIDDEN_SEED));
    String[] lines = out.split("\n");
    assertThat(lines[4])
        .startsWith("race window: cpu0 try_module_get(hello) = true")
        .contains("reversed, the outcome is forced-idle");
    assertThat(out)
        .containsPattern("\\n\\* +try_module_get\\(hello\\) = true")
        .containsPattern("\\n\\* +│ .*hello: LIVE → GOING");
  }

  @Test
  void exploreExplainsItsFirstForbiddenRun(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String out = kmodsimOut("explore", "lost-update", "--runs", "20", "--out", dir.toString());
    assertThat(out)
        .containsPattern(
            "  replay: .*\n  race window: cpu\\d READ_ONCE\\(count\\) = 0 before cpu\\d's"
                + " WRITE_ONCE\\(count, 1\\); reversed, the outcome is both-counted");
  }

  @Test
  void anAcceptableRunIsNotExplained() {
    ScenarioRun run =
        ScenarioRunner.prepare(
                ScenarioLoader.load("unload-while-in-use"), ScenarioRunner.Options.defaults())
            .run(1, StrategySpec.random(), 0);
    assertThat(RaceWindow.explains(run)).isFalse();
    assertThat(RaceWindow.find(runner, run)).isEqualTo(Optional.empty());
  }
}
