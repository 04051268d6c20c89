package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.StrategySpec;

class ScenarioRunnerTest {
  @Test
  void lostUpdateShowsBothOutcomesOverSeeds() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (long seed = 0; seed < 40; seed++) {
      ScenarioRun run = runner.run(seed, StrategySpec.random(), 0);
      seen.merge(run.outcome().name(), 1, Integer::sum);
    }
    assertThat(seen).containsKeys("both-counted", "lost-update");
  }

  @Test
  void aSlowConsoleFaultMakesPrintkPayForEveryCharacter() {
    String text =
        String.join(
            "\n",
            "description = d",
            "machine.cpus = 1",
            "programs = [ { cpu = 0, steps = [{ measure = p, steps = [\"printk KERN_WARNING \\\"0123456789\\\"\"] }] } ]",
            "faults = [ { type = slow-console, baud = 300 } ]",
            "outcomes = [ { name = any, class = acceptable, description = a } ]");
    ScenarioRun slow =
        ScenarioRunner.prepare(
                ScenarioLoader.parseString(text, "slow"), ScenarioRunner.Options.defaults())
            .run(1, StrategySpec.random(), 0);
    ScenarioRun fast =
        ScenarioRunner.prepare(
                ScenarioLoader.parseString(text.replace("300", "9600"), "fast"),
                ScenarioRunner.Options.defaults())
            .run(1, StrategySpec.random(), 0);
    // 300 baud 8N1 is 30 characters a second: 32 times slower than 9600.
    long slowNs = (Long) slow.observation().value("latency.p");
    long fastNs = (Long) fast.observation().value("latency.p");
    assertThat(slowNs).isGreaterThan(fastNs * 30).isLessThan(fastNs * 34);
  }
}
