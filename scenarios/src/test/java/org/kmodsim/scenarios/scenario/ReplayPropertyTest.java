package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.kmodsim.sim.StrategySpec;

/** Any run of a scenario replays exactly from its seed and from its choice log. */
class ReplayPropertyTest {
  private static final ScenarioRunner RUNNER =
      ScenarioRunner.prepare(
          ScenarioLoader.load("message-passing"), ScenarioRunner.Options.defaults());

  @Property(tries = 40)
  void aRunReplaysFromItsSeedAndFromItsChoiceLog(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed, @ForAll boolean pct) {
    StrategySpec strategy = pct ? StrategySpec.pct(3, 30) : StrategySpec.random();
    ScenarioRun first = RUNNER.run(seed, strategy, 0);
    ScenarioRun again = RUNNER.run(seed, strategy, 0);
    ScenarioRun replayed = RUNNER.run(seed, StrategySpec.replay(first.result().choices()), 0);
    assertThat(again.result().traceDigest()).isEqualTo(first.result().traceDigest());
    assertThat(replayed.result().traceDigest()).isEqualTo(first.result().traceDigest());
    assertThat(replayed.outcome()).isEqualTo(first.outcome());
    assertThat(first.outcome().outcomeClass().failing()).isFalse();
  }
}
