package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.StrategySpec;

class ScenarioRunnerTest {
  @Test
  void lostUpdateShowsBothOutcomesOverSeeds() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (long seed = 0; seed < 40; seed++) {
      ScenarioRun run = runner.run(seed, StrategySpec.random(), 0);
      seen.merge(run.outcome().name(), 1, Integer::sum);
    }
    assertThat(seen).containsKeys("both-counted", "lost-update");
  }
}
