package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.Dpor;
import org.kmodsim.sim.DporStrategy;
import org.kmodsim.sim.Schedule;
import org.kmodsim.sim.StrategySpec;

/**
 * {@code dpor --bound N} against brute force: every schedule from the programs' start is run (a
 * stateless search over all choices, no reduction), each with its preemptions ({@link
 * Dpor#preemptions}, against the first run, which is dpor's own first run). Whatever outcome some
 * schedule with at most N preemptions reaches, the bounded dpor finds too, and it calls an outcome
 * {@code always} only when every such schedule reaches it: its verdicts are exact up to N.
 */
class DporBoundTest {
  private static final Path NOWHERE = Path.of(System.getProperty("java.io.tmpdir"));

  /** Each outcome some schedule reaches, with the fewest preemptions of a schedule reaching it. */
  static Map<String, Integer> leastPreemptions(ScenarioRunner runner) {
    Explorer.Settings settings =
        new Explorer.Settings("dpor", 1, null, 1000, 1, 1000, NOWHERE, -1, false);
    int start =
        (int) new ExhaustiveSearch(new Explorer(runner, settings), runner, settings).programStart();
    Deque<int[]> prefixes = new ArrayDeque<>();
    prefixes.push(new int[0]);
    List<Schedule.Event> reference = null;
    Map<String, Integer> least = new TreeMap<>();
    int runs = 0;
    while (!prefixes.isEmpty()) {
      int[] prefix = prefixes.pop();
      DporStrategy strategy = Dpor.strategy(new Dpor.Plan(prefix, Map.of()), start, 1);
      ScenarioRun run =
          runner
              .start(
                  runner.runSpec(1, StrategySpec.of("all", seed -> strategy)).withSchedule(true), 0)
              .join();
      List<Schedule.Event> events = run.result().schedule().events();
      reference = reference == null ? events : reference;
      least.merge(run.outcome().name(), Dpor.preemptions(reference, events, start), Math::min);
      for (int s = Math.max(prefix.length, start); s < events.size(); s++) {
        Schedule.Event e = events.get(s);
        for (int a = 0; a < e.enabled().size(); a++) {
          if (a != e.choice()) {
            int[] branch = new int[s + 1];
            for (int k = 0; k < s; k++) {
              branch[k] = events.get(k).choice();
            }
            branch[s] = a;
            prefixes.push(branch);
          }
        }
      }
      assertThat(++runs).as("schedules of the brute force").isLessThan(20_000);
    }
    return least;
  }

  /** The bounded dpor's verdicts are those of the schedules with at most {@code bound}. */
  static void assertExactUpTo(ScenarioRunner runner, Map<String, Integer> least, int bound) {
    Explorer.Result dpor =
        ExplorerSearchTest.explore(runner, "dpor", 100_000, bound, false, NOWHERE);
    assertThat(dpor.exhaustive()).isTrue();
    assertThat(dpor.search().exactness())
        .isIn("exact", "exact up to " + bound + (bound == 1 ? " preemption" : " preemptions"));
    List<String> within =
        least.entrySet().stream()
            .filter(e -> e.getValue() <= bound)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(within).isNotEmpty();
    for (String outcome : within) {
      assertThat(dpor.verdicts().get(outcome))
          .as(outcome + " at bound " + bound)
          .isNotEqualTo("never");
    }
    dpor.verdicts()
        .forEach(
            (outcome, verdict) -> {
              if (verdict.equals("always")) {
                assertThat(within)
                    .as(outcome + " always at bound " + bound)
                    .containsExactly(outcome);
              }
            });
  }

  @Test
  void boundedDporIsExactOnLostUpdateAndMessagePassing() {
    for (String name : List.of("lost-update", "message-passing")) {
      ScenarioRunner runner =
          ScenarioRunner.prepare(ScenarioLoader.load(name), ScenarioRunner.Options.defaults());
      Map<String, Integer> least = leastPreemptions(runner);
      for (int bound = 0; bound <= 2; bound++) {
        assertExactUpTo(runner, least, bound);
      }
    }
  }

  /**
   * unload-while-in-use is too large for the brute force, so the check goes the other way: the
   * search at bound 1 reports each outcome that one of its own runs reaches within one preemption,
   * and only those ({@code removed} needs one: rmmod's delete_module between the task's
   * try_module_get and its module_put). Until session 8 the cut left it out (busy "always").
   */
  @Test
  void boundOneOnUnloadWhileInUseReportsWhatItsRunsReachWithinOnePreemption() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load("unload-while-in-use"), ScenarioRunner.Options.defaults());
    Explorer.Settings settings =
        new Explorer.Settings("dpor", 1, null, 1000, 1, 1000, NOWHERE, 1, false);
    int start =
        (int) new ExhaustiveSearch(new Explorer(runner, settings), runner, settings).programStart();
    Dpor search = new Dpor(start, 1);
    List<Schedule.Event> reference = null;
    Map<String, Integer> least = new TreeMap<>();
    for (Dpor.Plan plan = search.next(); plan != null; plan = search.next()) {
      DporStrategy strategy = Dpor.strategy(plan, start, 1);
      ScenarioRun run =
          runner
              .start(
                  runner.runSpec(1, StrategySpec.of("dpor", seed -> strategy)).withSchedule(true),
                  0)
              .join();
      List<Schedule.Event> events = run.result().schedule().events();
      reference = reference == null ? events : reference;
      if (run.result().end() != org.kmodsim.sim.EndReason.PRUNED) {
        least.merge(run.outcome().name(), Dpor.preemptions(reference, events, start), Math::min);
      }
      search.completed(plan, run.result().schedule(), strategy);
    }

    assertThat(least).containsEntry("busy", 0).containsEntry("removed", 1);
    Explorer.Result dpor = ExplorerSearchTest.explore(runner, "dpor", 100_000, 1, false, NOWHERE);
    assertThat(dpor.search().exactness()).isEqualTo("exact up to 1 preemption");
    assertThat(dpor.verdicts())
        .containsEntry("busy", "sometimes")
        .containsEntry("removed", "sometimes");
    dpor.verdicts()
        .forEach(
            (outcome, verdict) ->
                assertThat(verdict.equals("never") || least.getOrDefault(outcome, 2) <= 1)
                    .as(outcome + " " + verdict)
                    .isTrue());
  }

  @Provide
  Arbitrary<List<List<DporPropertyTest.Op>>> programs() {
    return new DporPropertyTest().programs();
  }

  @Property(tries = 40, seed = "1313")
  void boundedDporIsExactOnRandomLitmusPrograms(
      @ForAll("programs") List<List<DporPropertyTest.Op>> programs) {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.parseString(DporPropertyTest.scenario(programs), "random-litmus"),
            ScenarioRunner.Options.defaults());
    Map<String, Integer> least = leastPreemptions(runner);
    for (int bound = 0; bound <= 2; bound++) {
      assertExactUpTo(runner, least, bound);
    }
  }
}
