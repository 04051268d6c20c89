package org.kmodsim.scenarios.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.NeedsCommandsException;
import org.kmodsim.scenarios.scenario.OutcomeClass;
import org.kmodsim.scenarios.scenario.Scenario;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

/**
 * The JUnit 5 way to test a scenario. {@code ScenarioCheck.of("lost-update").era("2.4")} then
 * {@link #expectationsHold()} (fixed seeds: no unlisted outcome, and no forbidden one unless the
 * scenario exists to show it) or {@link #findsForbidden()} (explore with the scenario's strategy
 * and budget finds a forbidden outcome). A scenario whose commands this build lacks, or a draft, is
 * skipped with an assumption, never passed silently. Failures print the replay command.
 */
public final class ScenarioCheck {
  private final Scenario scenario;
  private String era;
  private long firstSeed;
  private Integer seeds;

  private ScenarioCheck(Scenario scenario) {
    this.scenario = scenario;
  }

  /** A catalogue name or a scenario file. */
  public static ScenarioCheck of(String nameOrPath) {
    return new ScenarioCheck(ScenarioLoader.load(nameOrPath));
  }

  public static ScenarioCheck of(Scenario scenario) {
    return new ScenarioCheck(scenario);
  }

  public ScenarioCheck era(String newEra) {
    this.era = newEra;
    return this;
  }

  public ScenarioCheck era(Era newEra) {
    return era(newEra.label());
  }

  /** Seeds {@code first} .. {@code first + count - 1} (default: 0 .. ci-seeds - 1). */
  public ScenarioCheck seeds(long first, int count) {
    this.firstSeed = first;
    this.seeds = count;
    return this;
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Prepares the runner, or skips the test when the scenario cannot run in this build. */
  public ScenarioRunner runner() {
    Assumptions.assumeFalse(
        scenario.draft(), () -> scenario.name() + " is a draft: " + scenario.draftReason());
    try {
      return ScenarioRunner.prepare(scenario, ScenarioRunner.Options.defaults().withEra(era));
    } catch (NeedsCommandsException e) {
      Assumptions.abort(e.getMessage());
      throw e;
    }
  }

  /** Runs the fixed seeds; returns the histogram (outcome name to count). */
  public Map<String, Integer> expectationsHold() {
    ScenarioRunner runner = runner();
    int count = seeds != null ? seeds : scenario.explore().ciSeeds();
    Map<String, Integer> histogram = new LinkedHashMap<>();
    for (long seed = firstSeed; seed < firstSeed + count; seed++) {
      ScenarioRun run = check(runner, seed);
      histogram.merge(run.outcome().name(), 1, Integer::sum);
    }
    return histogram;
  }

  /** Runs the first seed only, checks it as {@link #expectationsHold} does, and returns it. */
  public ScenarioRun checkedRun() {
    return check(runner(), firstSeed);
  }

  private ScenarioRun check(ScenarioRunner runner, long seed) {
    {
      ScenarioRun run = runner.run(seed, StrategySpec.random(), 0);
      String replay =
          "kmodsim run " + scenario.name() + " --era " + runner.era().label() + " --seed " + seed;
      assertThat(run.outcome().outcomeClass())
          .as(
              "%s: unlisted outcome (%s); replay: %s",
              scenario.name(), run.outcome().description(), replay)
          .isNotEqualTo(OutcomeClass.UNLISTED);
      if (!scenario.explore().findsForbidden()) {
        assertThat(run.outcome().outcomeClass())
            .as(
                "%s: forbidden outcome %s (%s); replay: %s",
                scenario.name(), run.outcome().name(), run.outcome().description(), replay)
            .isNotEqualTo(OutcomeClass.FORBIDDEN);
      }
      assertThat(run.result().foreignSubmissions()).as("determinism leak").isZero();
      return run;
    }
  }

  /** Explores with the scenario's strategy and budget; a forbidden outcome must turn up. */
  public Explorer.Result findsForbidden(Path choicesDir) {
    ScenarioRunner runner = runner();
    Scenario.Explore budget = scenario.explore();
    Explorer.Result result =
        new Explorer(
                runner,
                new Explorer.Settings(
                    budget.strategy(),
                    budget.runs(),
                    null,
                    budget.strategy().equals("pct") ? 3 : budget.depth(),
                    firstSeed,
                    1000,
                    choicesDir))
            .explore();
    assertThat(result.firstFailure())
        .as(
            "%s: no forbidden outcome in %d %s runs; histogram %s",
            scenario.name(), budget.runs(), budget.strategy(), result.histogram().keySet())
        .isNotNull();
    assertThat(result.leaks()).as("determinism leaks").isEmpty();
    return result;
  }

  /** The eras the scenario lists. */
  public List<Era> eras() {
    return scenario.eras();
  }
}
