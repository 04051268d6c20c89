package org.kmodsim.scenarios.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

class TraceModelTest {
  private final ScenarioRun run =
      ScenarioRunner.prepare(ScenarioLoader.load("stopped-cpu"), ScenarioRunner.Options.defaults())
          .run(1, StrategySpec.random(), 10_000);

  @Test
  void slicesAreTasksAndInstantsAreKernelEventsOnTheirCpus() {
    TraceModel model = TraceModel.of(run.result().trace(), 2, run.result().virtualTimeNanos());
    assertThat(model.tracks()).startsWith("cpu0", "cpu1");
    assertThat(model.slices())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("worker");
              assertThat(s.startNanos()).isZero();
              assertThat(s.endNanos()).isEqualTo(2200);
              assertThat(s.detail()).isEqualTo("exit 0");
            });
    assertThat(model.slices()).noneMatch(s -> s.name().startsWith("__"));
    assertThat(model.instants())
        .anySatisfy(
            i -> {
              assertThat(i.kind()).isEqualTo("fault");
              assertThat(i.track()).isEqualTo("cpu0");
              assertThat(i.timeNanos()).isEqualTo(200);
              assertThat(i.fields()).containsEntry("cpu", 0L);
            });
    assertThat(model.instants())
        .anySatisfy(
            i -> {
              assertThat(i.detail()).isEqualTo("READ_ONCE(done) = 0");
              assertThat(i.track()).isEqualTo("cpu1");
            });
    assertThat(model.counters()).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(1));
  }

  @Test
  void theCompactTimelineHasOneColumnPerCpuAndHidesTheRunnersInternals() {
    String compact = Timeline.render(run.result().trace(), 2, false, 0);
    String verbose = Timeline.render(run.result().trace(), 2, true, 0);
    assertThat(compact.lines().findFirst().orElseThrow()).matches(" time +cpu0 +cpu1 +kernel");
    assertThat(compact)
        .contains("exec worker")
        .contains("observe done = 0")
        .contains("READ_ONCE(done) = 0")
        .contains("cpu0 stopped")
        .doesNotContain("__boot_done")
        .doesNotContain("BootDone");
    assertThat(verbose.lines().count()).isGreaterThan(compact.lines().count());
    assertThat(verbose).contains("→ memory: Read cell=done");
  }

  @Test
  void timesAreInReadableUnitsAndRepeatedOnesLeftOut() {
    assertThat(Timeline.time(155_208_335, -1)).isEqualTo("155.208 ms");
    assertThat(Timeline.time(155_209_135, 155_208_835)).isEqualTo("+300 ns");
    assertThat(Timeline.time(2_200, 2_000)).isEqualTo("2.200 µs");
    assertThat(Timeline.time(2_200, 2_200)).isEmpty();
  }
}
