package org.kmodsim.scenarios.scenario;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.kmodsim.sim.EngineSettings;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimMode;

/**
 * Many free-running runs of one scenario on real threads, as jcstress runs a test: the machine's
 * actors on the engine's concurrent dispatcher, every send a plain tell, the clock the wall clock.
 * Keeps the outcome histogram and the coverage; the forbidden and interesting outcomes are those of
 * the scenario's rules. Nothing chooses the schedule, so a run has no seed and no choice log and
 * cannot be replayed: a forbidden outcome seen here is looked for again with a deterministic
 * strategy.
 */
public final class ConcurrentExplorer {

  /** The note every concurrent report carries. */
  public static final String NOT_REPLAYABLE =
      "these runs were free-running on real threads: no seed chose their schedules, so they"
          + " cannot be replayed";

  /**
   * @param runs how many runs
   * @param time a wall-clock budget instead of runs, or null
   * @param runWallLimit the wall-clock limit of one run (a run past it ends as a time limit)
   */
  public record Settings(int runs, Duration time, Duration runWallLimit) {}

  /** Counts for one outcome. */
  public static final class Bucket {
    public final Outcome outcome;
    public long count;

    Bucket(Outcome outcome) {
      this.outcome = outcome;
    }
  }

  public record Result(
      String scenario,
      String era,
      int threads,
      long runs,
      Map<String, Bucket> histogram,
      SortedMap<String, Long> coverage,
      long wallNanos) {

    public boolean failing() {
      return histogram.values().stream().anyMatch(b -> b.outcome.outcomeClass().failing());
    }

    /** The outcomes seen of {@code outcomeClass}, in the order first seen. */
    public List<String> seen(OutcomeClass outcomeClass) {
      List<String> names = new ArrayList<>();
      histogram.forEach(
          (name, b) -> {
            if (b.outcome.outcomeClass() == outcomeClass) {
              names.add(name);
            }
          });
      return names;
    }

    public double runsPerSecond() {
      return wallNanos == 0 ? 0 : runs * 1e9 / wallNanos;
    }
  }

  private final ScenarioRunner runner;
  private final Settings settings;
  private final Map<String, Bucket> histogram = new LinkedHashMap<>();
  private final TreeMap<String, Long> coverage = new TreeMap<>();
  private long runs;

  public ConcurrentExplorer(ScenarioRunner runner, Settings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  public Result explore() {
    int threads = EngineSettings.fromConfig(runner.config()).concurrentThreads();
    RunSpec spec =
        runner
            .settings()
            .runSpec()
            .withMode(SimMode.CONCURRENT)
            .withChoiceLog(false)
            .withLimits(
                runner.settings().runSpec().maxSteps(),
                runner.settings().runSpec().maxVirtualNanos(),
                settings.runWallLimit());
    long start = System.nanoTime();
    long deadline = settings.time() == null ? Long.MAX_VALUE : start + settings.time().toNanos();
    // A few runs at once keep every thread busy while one run boots or winds down.
    int window = Math.max(2, threads);
    Deque<CompletableFuture<ScenarioRun>> inFlight = new ArrayDeque<>();
    long started = 0;
    while (true) {
      boolean more =
          settings.time() != null ? System.nanoTime() < deadline : started < settings.runs();
      if (!more && inFlight.isEmpty()) {
        break;
      }
      if (more && inFlight.size() < window) {
        inFlight.addLast(runner.start(spec, 0));
        started++;
        continue;
      }
      record(inFlight.removeFirst().join());
    }
    return new Result(
        runner.scenario().name(),
        runner.era().label(),
        threads,
        runs,
        histogram,
        coverage,
        System.nanoTime() - start);
  }

  private void record(ScenarioRun run) {
    if (run.result().mode() != SimMode.CONCURRENT) {
      throw new IllegalStateException("a concurrent exploration made a deterministic run");
    }
    runs++;
    Outcome outcome = run.outcome();
    histogram.computeIfAbsent(outcome.name(), n -> new Bucket(outcome)).count++;
    run.result().coverage().forEach((probe, hits) -> coverage.merge(probe, hits, Long::sum));
  }
}
