package org.kmodsim.scenarios.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kmodsim.sim.CachingStrategy;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.Dpor;
import org.kmodsim.sim.DporStrategy;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.OldestFirstStrategy;
import org.kmodsim.sim.RandomWalkStrategy;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.Strategy;
import org.kmodsim.sim.StrategySpec;

/**
 * The exhaustive searches of {@link Explorer}: dfs over choice prefixes (with a state cache or a
 * delay bound when asked) and dpor ({@link Dpor}). Each complete run goes to the explorer's
 * histogram; what the search itself learns (runs pruned, races, cached states, whether a bound cut
 * something) stays here for the result.
 */
final class ExhaustiveSearch {
  private final Explorer explorer;
  private final ScenarioRunner runner;
  private final Explorer.Settings settings;
  private long programStart = -1; // the step of the first program's start, once known
  long pruned;
  long races;
  final Map<Long, Integer> visited = new java.util.HashMap<>();
  String undigested;
  boolean cutByBound;
  boolean depthCut; // dfs: --depth left alternatives out
  List<int[]> frontier = List.of();
  volatile long pending;

  ExhaustiveSearch(Explorer explorer, ScenarioRunner runner, Explorer.Settings settings) {
    this.explorer = explorer;
    this.runner = runner;
    this.settings = settings;
  }

  boolean dfs() {
    return dfs(List.of(new int[] {0}), 0) && !depthCut;
  }

  /**
   * The dfs of the subtrees under {@code roots} (items {@code [deviations or delays, prefix...]}):
   * false when the run cap or a stop cut it. With {@code open > 0} it stops once that many subtrees
   * are open and leaves them, in the order it would have taken them, in {@link #frontier} (a
   * distributed dfs: each is a unit).
   */
  boolean dfs(List<int[]> roots, int open) {
    programStart();
    boolean search = settings.bound() >= 0 || settings.stateCache();
    Deque<int[]> stack = new ArrayDeque<>();
    for (int i = roots.size() - 1; i >= 0; i--) {
      stack.push(roots.get(i));
    }
    int batchSize = SimEngine.shared().workers() * 2;
    while (!stack.isEmpty()) {
      pending = stack.size();
      if (explorer.runs() + pruned >= settings.runs() || explorer.stopped()) {
        return false;
      }
      if (open > 0 && stack.size() >= open) {
        frontier = new ArrayList<>(stack); // in pop order
        return true;
      }
      List<int[]> batch = new ArrayList<>();
      while (!stack.isEmpty()
          && batch.size() < batchSize
          && explorer.runs() + pruned + batch.size() < settings.runs()) {
        batch.add(stack.pop());
      }
      List<CompletableFuture<ScenarioRun>> futures = new ArrayList<>();
      List<CachingStrategy> strategies = new ArrayList<>();
      for (int[] item : batch) {
        int[] prefix = Arrays.copyOfRange(item, 1, item.length);
        if (search) {
          CachingStrategy strategy = cachingStrategy(prefix, item[0]);
          strategies.add(strategy);
          futures.add(
              runner.start(
                  runner
                      .runSpec(settings.baseSeed(), StrategySpec.of("dfs", seed -> strategy))
                      .withSchedule(settings.bound() >= 0)
                      .withStateDigest(settings.stateCache()),
                  0));
        } else {
          futures.add(
              runner.start(
                  runner.runSpec(settings.baseSeed(), StrategySpec.replay(ChoiceLog.of(prefix))),
                  0));
        }
      }
      for (int b = 0; b < batch.size(); b++) {
        int[] item = batch.get(b);
        ScenarioRun run = futures.get(b).join();
        if (run.result().end() == EndReason.INTERRUPTED) {
          explorer.record(run, null); // marks the exploration interrupted; no alternatives
          continue;
        }
        CachingStrategy strategy = search ? strategies.get(b) : null;
        if (strategy != null && strategy.pruned()) {
          pruned++;
        } else {
          explorer.record(run, choicesOf(run));
        }
        if (strategy != null && undigested == null) {
          undigested = strategy.undigested();
        }
        depthCut |= push(stack, item, run);
      }
      // States join the cache between batches, so that which run is pruned does not depend on
      // which of a batch's parallel runs got somewhere first.
      for (CachingStrategy strategy : strategies) {
        for (long state : strategy.reached()) {
          visited.merge(state, batch.get(strategies.indexOf(strategy))[0], Math::min);
        }
      }
    }
    return true;
  }

  /** Pushes the alternatives of a run's choice points past its prefix; true when depth cut one. */
  private boolean push(Deque<int[]> stack, int[] item, ScenarioRun run) {
    boolean bounded = false;
    int prefixLength = item.length - 1;
    List<int[]> points = choicePoints(run.result().choices());
    int first = firstProgramPoint(run);
    int[] delays = settings.bound() >= 0 ? delaysOf(run, points.size()) : null;
    int deviations = item[0];
    for (int i = points.size() - 1; i >= Math.max(prefixLength, first); i--) {
      for (int alt = points.get(i)[1] - 1; alt >= 0; alt--) {
        if (alt == points.get(i)[0]) {
          continue;
        }
        int cost;
        if (delays != null) {
          cost = 0;
          for (int j = first; j < i; j++) {
            cost += delays[j * 2];
          }
          cost += olderAt(run, i, alt);
          if (cost > settings.bound()) {
            cutByBound = true;
            continue;
          }
        } else {
          cost = deviations + 1;
          if (cost > settings.depth()) {
            bounded = true;
            continue;
          }
        }
        int[] child = new int[i + 2];
        child[0] = cost;
        for (int j = 0; j < i; j++) {
          child[j + 1] = points.get(j)[0];
        }
        child[i + 1] = alt;
        stack.push(child);
      }
    }
    return bounded;
  }

  /** For each choice point of a run, the delays of the choice made (at [2i]). */
  private static int[] delaysOf(ScenarioRun run, int count) {
    int[] delays = new int[count * 2];
    int point = 0;
    for (org.kmodsim.sim.Schedule.Event e : run.result().schedule().events()) {
      if (e.enabled().size() != 1 && point < count) {
        delays[point * 2] = e.delays();
        point++;
      }
    }
    return delays;
  }

  /** The delays of choosing {@code alt} at choice point {@code point} of a run. */
  private static int olderAt(ScenarioRun run, int point, int alt) {
    int seen = 0;
    for (org.kmodsim.sim.Schedule.Event e : run.result().schedule().events()) {
      if (e.enabled().size() != 1) {
        if (seen == point) {
          return e.older()[alt];
        }
        seen++;
      }
    }
    throw new IllegalStateException("no choice point " + point);
  }

  private CachingStrategy cachingStrategy(int[] prefix, int cost) {
    Strategy boot = new RandomWalkStrategy(settings.baseSeed());
    Strategy afterwards =
        settings.bound() >= 0 ? new BootThen(boot, programStart, new OldestFirstStrategy()) : boot;
    return new CachingStrategy(
        prefix, afterwards, settings.stateCache() ? visited : Map.of(), programStart, cost);
  }

  /** The boot's random walk (as dfs and programStart make it), then another strategy. */
  private static final class BootThen implements Strategy {
    private final Strategy boot;
    private final long from;
    private final Strategy then;

    BootThen(Strategy boot, long from, Strategy then) {
      this.boot = boot;
      this.from = from;
      this.then = then;
    }

    @Override
    public int choose(List<? extends org.kmodsim.sim.Choice> enabled, long step) {
      return step < from ? boot.choose(enabled, step) : then.choose(enabled, step);
    }

    @Override
    public String describe() {
      return then.describe();
    }
  }

  /**
   * Source-DPOR with sleep sets ({@link Dpor}): one run at a time, each replaying the deepest node
   * with a backtrack choice left; runs stopped as sleep-set blocked have no outcome.
   */
  boolean dpor() {
    int start = (int) programStart();
    Dpor search = new Dpor(start, settings.bound());
    for (Dpor.Plan plan = search.next(); plan != null; plan = search.next()) {
      if (explorer.runs() + pruned >= settings.runs() || explorer.stopped()) {
        races = search.races();
        return false;
      }
      DporStrategy strategy = Dpor.strategy(plan, start, settings.baseSeed());
      ScenarioRun run =
          runner
              .start(
                  runner
                      .runSpec(settings.baseSeed(), StrategySpec.of("dpor", seed -> strategy))
                      .withSchedule(true),
                  0)
              .join();
      if (run.result().end() == EndReason.PRUNED) {
        pruned++;
      } else {
        explorer.record(run, choicesOf(run));
      }
      if (run.result().end() == EndReason.INTERRUPTED) {
        races = search.races();
        return false; // the run stopped part-way: its schedule is not one to backtrack on
      }
      search.completed(plan, run.result().schedule(), strategy);
      pending = search.pending();
    }
    races = search.races();
    cutByBound = search.cut();
    if (search.misses() > 0) {
      throw new IllegalStateException(
          "dpor: "
              + search.misses()
              + " race(s) could not be reversed (ambiguous channel keys); use --strategy dfs");
    }
    return true;
  }

  /** The choices a run made at its choice points: replaying them gives the same run. */
  private static int[] choicesOf(ScenarioRun run) {
    List<int[]> points = choicePoints(run.result().choices());
    int[] choices = new int[points.size()];
    for (int i = 0; i < choices.length; i++) {
      choices[i] = points.get(i)[0];
    }
    return choices;
  }

  /** The first program's start as found elsewhere (a dfs unit's submitter): no run to find it. */
  void knownProgramStart(long step) {
    programStart = step;
  }

  /** The index of the first choice point at or after the first program's start. */
  private int firstProgramPoint(ScenarioRun run) {
    ChoiceLog log = run.result().choices();
    int point = 0;
    for (int i = 0; i < log.size() && i < programStart; i++) {
      if (log.enabled(i) != 1) {
        point++;
      }
    }
    return point;
  }

  /**
   * The step at which the machine starts the first program in the default run: the search branches
   * only after it, so the boot (subsystems, CPUs coming online, boot commands) keeps one schedule
   * and the depth is spent on the programs.
   */
  long programStart() {
    if (programStart < 0) {
      programStart = 0;
      ScenarioRun first =
          runner
              .start(
                  runner.runSpec(settings.baseSeed(), StrategySpec.replay(ChoiceLog.of())),
                  1_000_000)
              .join();
      for (org.kmodsim.sim.TraceEvent e : first.result().trace()) {
        if (e.kind().equals("RunProgram") && e.source().equals("machine")) {
          programStart = e.step();
          break;
        }
      }
    }
    return programStart;
  }

  /** The real choice points of a run, as (choice, enabled) pairs; forced steps left out. */
  static List<int[]> choicePoints(ChoiceLog log) {
    List<int[]> points = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.enabled(i) != 1) {
        points.add(new int[] {log.choice(i), log.enabled(i)});
      }
    }
    return points;
  }
}
