package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

class KprobeScenarioTest {
  @Test
  void kretprobeMaxactiveScenarioMissesReturnEvents() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load("kretprobe-maxactive"), ScenarioRunner.Options.defaults());
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (long seed = 0; seed < 10; seed++) {
      ScenarioRun run = runner.run(seed, StrategySpec.random(), 0);
      seen.merge(run.outcome().name(), 1, Integer::sum);
    }
    assertThat(seen).containsOnlyKeys("returns-missed");
  }

  @Test
  void ownerUnloadScenarioFindsTheFreedHandlerInEveryEraWithKprobes() {
    for (String era : new String[] {"6.x", "4.x", "2.6"}) {
      ScenarioRunner runner =
          ScenarioRunner.prepare(
              ScenarioLoader.load("probe-owner-unloaded"),
              ScenarioRunner.Options.defaults().withEra(era));
      TreeMap<String, Integer> seen = new TreeMap<>();
      for (long seed = 0; seed < 20; seed++) {
        seen.merge(runner.run(seed, StrategySpec.random(), 0).outcome().name(), 1, Integer::sum);
      }
      assertThat(seen).as(era).containsKey("freed-handler");
    }
  }
}
