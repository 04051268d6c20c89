package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced searches give the verdicts of the plain one: {@code dpor} and {@code dfs
 * --state-cache} find exactly the outcomes {@code dfs} finds, with the same always, sometimes and
 * never, on every catalogue scenario where {@code dfs} is exhaustive within the cap (larger in the
 * exhaustive profile), and the bound is reported with the verdicts.
 */
class ExplorerSearchTest {
  private static final int DFS_CAP = Boolean.getBoolean("kmodsim.exhaustive") ? 20_000 : 400;

  @TempDir Path choices;

  static Explorer.Result explore(
      ScenarioRunner runner, String strategy, int runs, int bound, boolean cache, Path dir) {
    return new Explorer(
            runner, new Explorer.Settings(strategy, runs, null, 1000, 1, 1000, dir, bound, cache))
        .explore();
  }

  private static ScenarioRunner runner(String name) {
    return ScenarioRunner.prepare(ScenarioLoader.load(name), ScenarioRunner.Options.defaults());
  }

  @Test
  void dporFindsTheMessagePassingVerdictsOfDfsInAFractionOfItsRuns() {
    ScenarioRunner runner = runner("message-passing");
    Explorer.Result dfs = explore(runner, "dfs", 100_000, -1, false, choices);
    Explorer.Result dpor = explore(runner, "dpor", 100_000, -1, false, choices);
    assertThat(dfs.exhaustive()).isTrue();
    assertThat(dpor.exhaustive()).isTrue();
    assertThat(dpor.search().exactness()).isEqualTo("exact");
    assertThat(dpor.verdicts()).isEqualTo(dfs.verdicts());
    assertThat(dpor.verdicts()).containsEntry("flag-without-data", "never");
    assertThat(dpor.runs()).isLessThan(dfs.runs() / 20);
    // The memory declares the cell each access touches, and the machine that program ends commute:
    // one run per class, three classes (issue 13's target: at most 10 runs).
    assertThat(dpor.runs() + dpor.search().pruned()).isLessThanOrEqualTo(10);
  }

  @Test
  void dporAndStateCachingKeepTheLostUpdateVerdictsWithFarFewerRuns() {
    ScenarioRunner runner = runner("lost-update");
    Explorer.Result dfs = explore(runner, "dfs", 100_000, -1, false, choices);
    Explorer.Result dpor = explore(runner, "dpor", 100_000, -1, false, choices);
    Explorer.Result cached = explore(runner, "dfs", 100_000, -1, true, choices);
    assertThat(dpor.verdicts()).isEqualTo(dfs.verdicts());
    assertThat(dpor.verdicts()).containsEntry("lost-update", "sometimes");
    assertThat(dpor.runs()).isLessThan(dfs.runs() / 20);
    assertThat(cached.verdicts()).isEqualTo(dfs.verdicts());
    assertThat(cached.search().stateCache()).as("every state had a digest").isNull();
    assertThat(cached.search().pruned()).isPositive();
    assertThat(cached.runs() + cached.search().pruned()).isLessThan(dfs.runs());
  }

  @Test
  void dporExploresThePerCpuStopMachineScenarioExhaustively() {
    // 3 CPUs x 10 get/put on their own per-CPU counters, and rmmod's stop_machine. The per-CPU
    // sum is checked where the kernel sums it (stop_machine) and at the end of the run, so gets
    // and puts of different CPUs commute (144 runs when measured; the cap leaves room).
    Explorer.Result dpor =
        explore(runner("percpu-stop-machine"), "dpor", 1_000, -1, false, choices);
    assertThat(dpor.exhaustive()).isTrue();
    assertThat(dpor.search().exactness()).isEqualTo("exact");
    assertThat(dpor.verdicts())
        .containsEntry("removed", "always")
        .containsEntry("busy", "never")
        .containsEntry("broken", "never");
  }

  /** 2.6: one module_put too many leaves the per-CPU sum at -1 when the programs finish. */
  private static final String EXTRA_PUT =
      """
      title = "2.6 per-CPU counts: one module_put too many"
      description = "generated"
      eras = ["2.6"]
      requires = [insmod, try_module_get, module_put]
      modules = [hello]
      machine.cpus = 2
      boot = ["insmod hello.conf"]
      programs = [
        { cpu = 0, name = a, steps = [{ if = "try_module_get hello", then = ["module_put hello"] }] }
        { cpu = 1, name = b, steps = [{ if = "try_module_get hello", then = ["spin 100ns"] },
          "module_put hello", "module_put hello"] }
      ]
      outcomes = [
        { name = clean, class = acceptable, description = "-", when { violations = 0 } }
        { name = broken, class = forbidden, description = "-", when { violations = "> 0" } }
      ]
      probes { }
      explore { strategy = dfs, depth = 100, runs = 1000 }
      """;

  @Test
  void aNegativePerCpuSumAtTheEndOfTheRunIsFoundByDfsAndDpor() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.parseString(EXTRA_PUT, "extra-put"), ScenarioRunner.Options.defaults());
    Explorer.Result dfs = explore(runner, "dfs", 10_000, -1, false, choices);
    Explorer.Result dpor = explore(runner, "dpor", 10_000, -1, false, choices);
    assertThat(dfs.exhaustive()).isTrue();
    assertThat(dpor.exhaustive()).isTrue();
    assertThat(dfs.verdicts()).containsEntry("broken", "always").containsEntry("clean", "never");
    assertThat(dpor.verdicts()).isEqualTo(dfs.verdicts());
  }

  @Test
  void aDelayBoundIsReportedWithTheVerdicts() {
    ScenarioRunner runner = runner("lost-update");
    Explorer.Result none = explore(runner, "dfs", 100_000, 0, false, choices);
    Explorer.Result two = explore(runner, "dfs", 100_000, 2, false, choices);
    Explorer.Result all = explore(runner, "dfs", 100_000, -1, false, choices);
    assertThat(none.runs()).isEqualTo(1);
    assertThat(none.search().exactness()).isEqualTo("exact up to 0 delays");
    assertThat(two.search().exactness()).isEqualTo("exact up to 2 delays");
    assertThat(two.runs()).isGreaterThan(none.runs()).isLessThan(all.runs());
    assertThat(two.verdicts().get("lost-update")).isEqualTo("sometimes");
  }

  @TestFactory
  Stream<DynamicTest> dporAndStateCachingGiveTheVerdictsOfDfsOnTheCatalogue() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ScenarioLoader.catalogue()) {
      Scenario scenario = ScenarioLoader.loadCatalogue(name);
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                ScenarioRunner runner =
                    ScenarioRunner.prepare(scenario, ScenarioRunner.Options.defaults());
                Explorer.Result dfs = explore(runner, "dfs", DFS_CAP, -1, false, choices);
                Assumptions.assumeTrue(
                    dfs.exhaustive(),
                    name + ": dfs does not finish within " + DFS_CAP + " runs (no reference)");
                Explorer.Result dpor = explore(runner, "dpor", DFS_CAP, -1, false, choices);
                assertThat(dpor.exhaustive()).as(name + ": dpor finished").isTrue();
                assertThat(dpor.verdicts()).as(name + ": dpor").isEqualTo(dfs.verdicts());
                Explorer.Result cached = explore(runner, "dfs", DFS_CAP, -1, true, choices);
                assertThat(cached.verdicts()).as(name + ": state cache").isEqualTo(dfs.verdicts());
              }));
    }
    return tests.stream();
  }
}
