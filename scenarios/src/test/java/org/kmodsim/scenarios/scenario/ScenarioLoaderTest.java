package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.EndReason;

class ScenarioLoaderTest {
  static final String GOOD =
      String.join(
          "\n",
          "title = \"t\"",
          "description = \"d\"",
          "eras = [\"2.6\", \"6.x\"]",
          "machine { cpus = 2, config { kmodsim.machine.cache-line-transfer = 0ns } }",
          "boot = [\"echo hi\"]",
          "programs = [",
          "  { cpu = 0, name = a, start = 2us, steps = [\"spin 1us\", {repeat = 2, steps = [\"atomic_inc_return\"]}, \"observe a\"] }",
          "  { cpu = 1, steps = [\"false\"] }",
          "]",
          "faults = [ { type = stop-cpu, cpu = 1, at = 1us, for = 2us } ]",
          "outcomes = [",
          "  { name = ok, class = acceptable, description = \"fine\", when { value.a = \">= 1\", exit.cpu1 = 1, end = halted } }",
          "  { name = other, class = interesting, description = \"else\" }",
          "]",
          "probes { p1 = \"a probe\" }",
          "monitors = [programs-finish]",
          "explore { strategy = dfs, depth = 2, runs = 50, ci-seeds = 4 }",
          "finale = [\"cat /proc/nonexistent\", \"echo 42\"]");

  @Test
  void readsEveryPartOfAScenario() {
    Scenario s = ScenarioLoader.parseString(GOOD, "good");
    assertThat(s.name()).isEqualTo("good");
    assertThat(s.eras()).containsExactly(Era.V2_6, Era.V6_X);
    assertThat(s.cpus()).isEqualTo(2);
    assertThat(s.boot()).containsExactly("echo hi");
    assertThat(s.programs()).extracting(Scenario.Program::name).containsExactly("a", "cpu1");
    assertThat(s.programs().get(0).startNanos()).isEqualTo(2000);
    assertThat(s.faults())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.atNanos()).isEqualTo(1000);
              assertThat(f.durationNanos()).isEqualTo(2000);
              assertThat(f.supported()).isTrue();
            });
    assertThat(s.outcomes()).extracting(OutcomeRule::name).containsExactly("ok", "other");
    assertThat(s.outcomes().get(0).when()).hasSize(3);
    assertThat(s.explore().strategy()).isEqualTo("dfs");
    assertThat(s.explore().ciSeeds()).isEqualTo(4);
  }

  @Test
  void runsBootCommandsThenProgramsAndClassifiesTheOutcome() {
    Scenario s = ScenarioLoader.parseString(GOOD, "good");
    ScenarioRun run =
        ScenarioRunner.prepare(s, ScenarioRunner.Options.defaults())
            .run(1, org.kmodsim.sim.StrategySpec.random(), 1000);
    assertThat(run.outcome().name()).isEqualTo("ok");
    assertThat(run.observation().bootExits()).containsExactly(0);
    assertThat(run.observation().value("finale.1")).isEqualTo(1L);
    assertThat(run.observation().value("finale.2.out")).isEqualTo(42L);
    assertThat(run.observation().value("finale.failed")).isEqualTo(1L);
    assertThat(run.observation().values()).containsEntry("a", 2L);
    assertThat(run.observation().programExits()).containsEntry("cpu1", 1);
    assertThat(run.result().end()).isEqualTo(EndReason.HALTED);
    // The program starts 2 us after boot and spins 1 us.
    assertThat(run.result().virtualTimeNanos()).isGreaterThanOrEqualTo(3000);
  }

  @Test
  void aSyntaxErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.conf");
    Files.writeString(file, "title = \"x\"\nprograms = [ { cpu = 0 \n");
    assertThatThrownBy(() -> ScenarioLoader.loadFile(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("broken.conf")
        .hasMessageContaining(":3: ");
  }

  @Test
  void anUnknownKeyNamesFileLineAndKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("typo.conf");
    Files.writeString(
        file,
        GOOD.replace(
            "monitors = [programs-finish]", "monitors = [programs-finish]\nmonitor = [x]"));
    assertThatThrownBy(() -> ScenarioLoader.loadFile(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(file + ":17: monitor: unknown key");
  }

  @Test
  void badValuesAreReportedWithTheirKey() {
    assertBad(
        GOOD.replace("class = interesting", "class = boring"),
        "good.conf:13: outcomes.class: unknown outcome class 'boring'");
    assertBad(
        GOOD.replace("{ cpu = 1, steps", "{ cpu = 5, steps"),
        "good.conf:8: programs.cpu: cpu5 does not exist");
    assertBad(
        GOOD.replace("value.a = \">= 1\"", "velue.a = 1"),
        "good.conf:12: when.velue.a: unknown observable");
    assertBad(
        GOOD.replace("value.a = \">= 1\"", "value.a = \">> 1\""),
        "good.conf:12: when.value.a: cannot read '>> 1'");
    assertBad(
        GOOD.replace("type = stop-cpu", "type = melt-cpu"),
        "good.conf:10: faults.type: unknown fault 'melt-cpu'");
    assertBad(
        GOOD.replace("eras = [\"2.6\", \"6.x\"]", "eras = [\"3.0\"]"),
        "good.conf:3: eras: unknown era '3.0'");
    assertBad(
        GOOD.replace("[programs-finish]", "[programs-finished]"),
        "good.conf:16: monitors: unknown monitor 'programs-finished'");
  }

  @Test
  void stepAndConfigErrorsAreFoundBeforeAnythingRuns() {
    Scenario badStep = ScenarioLoader.parseString(GOOD.replace("spin 1us", "spin soon"), "good");
    assertThatThrownBy(() -> ScenarioRunner.prepare(badStep, ScenarioRunner.Options.defaults()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("good.conf:7: programs.a.steps: spin: bad duration")
        .hasMessageContaining("bad duration 'soon'");
    Scenario badKey =
        ScenarioLoader.parseString(
            GOOD.replace("cache-line-transfer", "cache-line-teleport"), "good");
    assertThatThrownBy(() -> ScenarioRunner.prepare(badKey, ScenarioRunner.Options.defaults()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("good.conf:4: machine.config.kmodsim.machine.cache-line-teleport");
  }

  @Test
  void missingCommandsAreNamed() {
    Scenario needs =
        ScenarioLoader.parseString(
            GOOD.replace("\"false\"", "\"frobnicate x.conf\"")
                .replace(
                    "type = stop-cpu, cpu = 1, at = 1us, for = 2us",
                    "type = fail-init, module = x"),
            "good");
    assertThatThrownBy(() -> ScenarioRunner.prepare(needs, ScenarioRunner.Options.defaults()))
        .isInstanceOf(NeedsCommandsException.class)
        .hasMessage("scenario good needs commands this build does not have: frobnicate");
  }

  private static void assertBad(String text, String message) {
    assertThatThrownBy(() -> ScenarioLoader.parseString(text, "good"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(message);
  }
}
