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
  void slicesShowProgramsBusyPeriodsAndRequests() {
    TraceModel model = TraceModel.of(run.result().trace(), 2, run.result().virtualTimeNanos());
    assertThat(model.tracks()).startsWith("cpu0", "cpu1").contains("memory", "faults");
    assertThat(model.slices())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("worker");
              assertThat(s.startNanos()).isZero();
              assertThat(s.endNanos()).isEqualTo(2200);
            });
    // cpu0 spins 1 us; the stop IPI at 200 ns is taken after the step, so the spin is whole.
    assertThat(model.slices())
        .anySatisfy(
            s -> {
              assertThat(s.track()).isEqualTo("cpu0");
              assertThat(s.name()).isEqualTo("busy");
              assertThat(s.endNanos() - s.startNanos()).isEqualTo(1000);
            });
    assertThat(model.slices())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("Read");
              assertThat(s.detail()).isEqualTo("Read[cell=done] -> Value[cell=done, value=0]");
            });
    assertThat(model.slices()).noneMatch(s -> s.name().startsWith("__"));
    assertThat(model.instants())
        .anySatisfy(
            i -> {
              assertThat(i.kind()).isEqualTo("fault");
              assertThat(i.timeNanos()).isEqualTo(200);
            });
    assertThat(model.counters()).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(1));
  }

  @Test
  void theCompactTimelineHasOneColumnPerCpuAndHidesTheRunnersInternals() {
    String compact = Timeline.render(run.result().trace(), 2, false, 0);
    String verbose = Timeline.render(run.result().trace(), 2, true, 0);
    assertThat(compact.lines().findFirst().orElseThrow())
        .matches(" +time\\(ns\\) +cpu0 +cpu1 +kernel");
    assertThat(compact)
        .contains("start worker")
        .contains("observe done=0")
        .doesNotContain("__boot_done")
        .doesNotContain("BootDone");
    assertThat(verbose.lines().count()).isGreaterThan(compact.lines().count());
  }
}
