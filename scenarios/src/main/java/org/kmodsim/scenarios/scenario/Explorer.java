package org.kmodsim.scenarios.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.StrategySpec;

/**
 * Many runs of one scenario, in parallel on the engine's workers: random or PCT over consecutive
 * seeds, or a bounded exhaustive search (dfs) over choice prefixes by stateless re-execution. Keeps
 * the outcome histogram and coverage, saves the choice log of the first failing run, and reruns
 * every failing seed once to compare digests (a mismatch is a determinism leak).
 *
 * <p>A run that stopped at a limit counts as {@code truncated:LIMIT} (its outcome is unknown, so no
 * dfs verdict is exact); an interrupt of the engine (Ctrl-C) ends the exploration with the runs
 * finished so far, none of the interrupted ones counted.
 */
public final class Explorer {

  /**
   * @param strategy random, pct, dfs or dpor
   * @param runs the run budget (for dfs, a cap on the search)
   * @param time a wall-clock budget instead of runs (random and pct), or null
   * @param depth pct: the bug depth d; dfs: how many choices may deviate from the default path
   * @param choicesDir where the first failing run's choice log is written
   * @param bound dfs: the most delays a schedule may have (older messages passed over); dpor: the
   *     most preemptions a trace may have (races decided against the first run's order), or -1
   * @param stateCache dfs: prune a schedule on reaching a machine state already explored from
   */
  public record Settings(
      String strategy,
      int runs,
      Duration time,
      int depth,
      long baseSeed,
      long pctHorizon,
      Path choicesDir,
      int bound,
      boolean stateCache) {

    public Settings(
        String strategy,
        int runs,
        Duration time,
        int depth,
        long baseSeed,
        long pctHorizon,
        Path choicesDir) {
      this(strategy, runs, time, depth, baseSeed, pctHorizon, choicesDir, -1, false);
    }
  }

  /**
   * How an exhaustive search went: complete runs (each with an outcome), runs stopped as redundant
   * (dpor: sleep-set blocked; dfs with a state cache: a state already explored), and what the
   * verdicts are worth.
   *
   * @param exactness {@code exact}, {@code exact up to N delays} (dfs), {@code exact up to N
   *     preemptions} (dpor), singular for a bound of 1 ({@code exact up to 1 delay}), or {@code
   *     bounded} (by --depth or --runs)
   * @param stateCache why state caching was off for some states (an entity without a digest), or
   *     null when every state had one; null without --state-cache
   */
  public record Search(
      long complete,
      long pruned,
      long races,
      long states,
      int bound,
      String exactness,
      boolean stateCacheOn,
      String stateCache) {

    /** A bound with its unit: dpor's preemptions or dfs's delays ({@code 1 preemption}). */
    public static String bound(int bound, boolean dpor) {
      return bound + (dpor ? " preemption" : " delay") + (bound == 1 ? "" : "s");
    }
  }

  /**
   * What an exhaustive search has done so far, for a progress display: runs made, runs known to be
   * still needed (backtrack points or queued prefixes: a lower bound on what remains), and the
   * outcomes so far.
   */
  public record Progress(long runs, long pending, Map<String, Long> outcomes) {}

  /** Counts for one outcome. */
  public static final class Bucket {
    public final Outcome outcome;
    public long count;
    public long firstSeed;

    Bucket(Outcome outcome, long firstSeed) {
      this.outcome = outcome;
      this.firstSeed = firstSeed;
    }
  }

  /** The first failing run: how to see it again. */
  public record FirstFailure(
      long seed,
      String strategy,
      String outcome,
      Path choicesFile,
      int choices,
      String replayCommand) {}

  /** A failing seed whose rerun did not give the same digest. */
  public record Leak(long seed, String firstDigest, String secondDigest) {}

  public record Result(
      String scenario,
      String era,
      String strategy,
      long runs,
      Map<String, Bucket> histogram,
      SortedMap<String, Long> coverage,
      FirstFailure firstFailure,
      List<Leak> leaks,
      long rerun,
      boolean exhaustive,
      Map<String, String> verdicts,
      long wallNanos,
      long firstSeedOfRuns,
      boolean interrupted,
      Search search) {

    public boolean failing() {
      return histogram.values().stream().anyMatch(b -> b.outcome.outcomeClass().failing());
    }

    /** Runs that stopped at a limit before they finished. */
    public long truncatedRuns() {
      return histogram.values().stream()
          .filter(b -> b.outcome.outcomeClass() == OutcomeClass.TRUNCATED)
          .mapToLong(b -> b.count)
          .sum();
    }

    /**
     * Why the exploration is partial: {@code interrupted}, the limit of its first truncated run
     * ({@code step-limit}, ...), {@code no-runs}; null when every run finished.
     */
    public String truncated() {
      if (interrupted) {
        return "interrupted";
      }
      for (Map.Entry<String, Bucket> e : histogram.entrySet()) {
        if (e.getValue().outcome.outcomeClass() == OutcomeClass.TRUNCATED) {
          return e.getKey().substring(e.getKey().indexOf(':') + 1);
        }
      }
      return runs == 0 ? "no-runs" : null;
    }

    /** The first seed of random and pct runs; the one seed of every dfs run. */
    public long firstSeed() {
      return firstSeedOfRuns;
    }

    public double runsPerSecond() {
      return wallNanos == 0 ? 0 : runs * 1e9 / wallNanos;
    }
  }

  final ScenarioRunner runner;
  final Settings settings;
  final Map<String, Bucket> histogram = new LinkedHashMap<>();
  final TreeMap<String, Long> coverage = new TreeMap<>();
  // The first recheckMax failing runs (in the order recorded), rerun at the end to compare
  // digests: enough to catch a determinism leak, bounded in time and memory.
  final int recheckMax;
  final Map<Long, String> failingDigests = new LinkedHashMap<>();
  final Map<Long, int[]> failingPrefixes = new LinkedHashMap<>();
  FirstFailure firstFailure;
  long runs;
  private long deliveries;
  private final ExhaustiveSearch search;
  boolean interrupted;
  // A unit of a distributed exploration (sampleUnit): the first failing seed, no choice log.
  boolean unit;
  Long firstFailingSeed;
  int[] firstFailingChoices; // a dfs unit's first failing run

  private Listener listener; // null: nobody shows progress, and no counts are copied per run

  /** Told after every run: the runs done and the count per outcome so far (a progress bar). */
  public interface Listener {
    void progress(long runs, Map<String, Long> counts);
  }

  public Explorer(ScenarioRunner runner, Settings settings) {
    this.runner = runner;
    this.settings = settings;
    this.search = new ExhaustiveSearch(this, runner, settings);
    this.recheckMax =
        org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.explore")
            .intIn("recheck-max", 0, Integer.MAX_VALUE);
  }

  public Explorer onProgress(Listener newListener) {
    this.listener = newListener;
    return this;
  }

  /** The engine was interrupted: no more runs start. */
  synchronized boolean stopped() {
    interrupted |= SimEngine.shared().interrupted();
    return interrupted;
  }

  public Result explore() {
    return explore(null);
  }

  /**
   * The same exploration with the random or PCT runs made elsewhere: {@code units} gives the
   * tallies of the seed ranges that were run (a cluster's workers, {@link #sampleUnit}); they are
   * merged as the runs of one local exploration would have been recorded, then the determinism
   * recheck, the first failure's choice log and the result are this explorer's own.
   */
  public Result explore(java.util.function.Supplier<java.util.Collection<SeedTally>> units) {
    long start = System.nanoTime();
    boolean exhaustive = false;
    if (settings.strategy().equals("dfs")) {
      exhaustive = search.dfs();
    } else if (settings.strategy().equals("dpor")) {
      exhaustive = search.dpor();
    } else if (units != null) {
      SeedTally.merge(this, units.get());
    } else {
      sample(start);
    }
    return result(start, exhaustive);
  }

  /**
   * A dfs distributed by subtree: searched here until at least {@code open} subtrees are left,
   * which {@code subtrees} has explored elsewhere ({@link #dfsUnit}, in the order given; it is told
   * the runs left of --runs to share among them); their tallies are merged as this search's own
   * runs. Runs, counts, coverage, verdicts and exactness are those of a local dfs (the order of the
   * histogram's rows and which failure is first may differ).
   */
  public Result exploreSubtrees(int open, BiFunction<List<int[]>, Long, List<SeedTally>> subtrees) {
    long start = System.nanoTime();
    boolean complete = search.dfs(List.of(new int[] {0}), open);
    if (complete && !search.frontier.isEmpty()) {
      long left = settings.runs() - runs() - search.pruned;
      complete = SeedTally.mergeSubtrees(this, search, subtrees.apply(search.frontier, left));
    }
    return result(start, complete && !search.depthCut);
  }

  /**
   * One unit of a distributed dfs: the subtree under {@code root}, no recheck, no choice log; the
   * first program starts at {@code programStart} (the submitter's {@link #programStart}).
   */
  public SeedTally dfsUnit(int[] root, long programStart) {
    unit = true;
    search.knownProgramStart(programStart);
    boolean complete = search.dfs(List.of(root), 0);
    return SeedTally.of(this, search, complete);
  }

  /** The step at which the first program starts in the default run (dfs branches only after). */
  public long programStart() {
    return search.programStart();
  }

  private Result result(long start, boolean exhaustive) {
    List<Leak> leaks = stopped() ? List.of() : Recheck.leaks(this);
    exhaustive &=
        !stopped()
            && histogram.values().stream()
                .noneMatch(b -> b.outcome.outcomeClass() == OutcomeClass.TRUNCATED);
    Map<String, String> verdicts = new LinkedHashMap<>();
    if (exhaustiveStrategy()) {
      for (OutcomeRule rule : runner.scenario().outcomes()) {
        verdicts.put(rule.name(), "never");
      }
      histogram.forEach((name, b) -> verdicts.put(name, b.count == runs ? "always" : "sometimes"));
    }
    return new Result(
        runner.scenario().name(),
        runner.era().label(),
        strategyLabel(),
        runs,
        histogram,
        coverage,
        firstFailure,
        leaks,
        stopped() ? 0 : failingDigests.size(),
        exhaustive,
        verdicts,
        System.nanoTime() - start,
        settings.baseSeed(),
        interrupted,
        exhaustiveStrategy() ? search(exhaustive) : null);
  }

  /**
   * One unit of a distributed exploration: the runs of seeds [baseSeed, baseSeed + runs), recorded
   * as {@link #explore} records them, with no recheck and no choice log written (the exploration
   * that merges the unit does both).
   */
  public SeedTally sampleUnit() {
    unit = true;
    sample(System.nanoTime());
    return SeedTally.of(this, null, true);
  }

  /** The exploration was cut short (a stop rule): what was merged is partial. */
  public synchronized void cutShort() {
    interrupted = true;
  }

  private boolean exhaustiveStrategy() {
    return settings.strategy().equals("dfs") || settings.strategy().equals("dpor");
  }

  private Search search(boolean exhaustive) {
    String exactness;
    if (!exhaustive) {
      exactness = "bounded";
    } else if (search.cutByBound) {
      exactness =
          "exact up to " + Search.bound(settings.bound(), !settings.strategy().equals("dfs"));
    } else {
      exactness = "exact";
    }
    return new Search(
        runs,
        search.pruned,
        search.races,
        search.visited.size(),
        settings.bound(),
        exactness,
        settings.stateCache(),
        settings.stateCache() ? search.undigested : null);
  }

  /** Runs so far, runs known to be still needed, outcomes so far; safe from any thread. */
  public synchronized Progress progress() {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    histogram.forEach((name, b) -> outcomes.put(name, b.count));
    return new Progress(runs, search.pending, outcomes);
  }

  private String strategyLabel() {
    return switch (settings.strategy()) {
      case "pct" -> "pct(depth=" + settings.depth() + ",k=" + settings.pctHorizon() + ")";
      case "dfs" ->
          "dfs("
              + (settings.bound() >= 0 ? "bound=" + settings.bound() : "depth=" + settings.depth())
              + (settings.stateCache() ? ",state-cache" : "")
              + ")";
      case "dpor" -> settings.bound() >= 0 ? "dpor(bound=" + settings.bound() + ")" : "dpor";
      default -> "random";
    };
  }

  StrategySpec strategy() {
    return settings.strategy().equals("pct")
        ? StrategySpec.pct(Math.max(1, settings.depth()), settings.pctHorizon())
        : StrategySpec.random();
  }

  private void sample(long start) {
    long deadline = settings.time() == null ? Long.MAX_VALUE : start + settings.time().toNanos();
    // Runs in flight: the workers start the waiting ones themselves as they end a run, and this
    // thread wakes once per half window to record the finished ones, in the order of their seeds.
    int window = SimEngine.shared().workers() * 8;
    ArrayDeque<CompletableFuture<ScenarioRun>> inFlight = new ArrayDeque<>();
    long next = 0;
    while (true) {
      // A time budget gets at least one run: an exploration of nothing would say nothing.
      boolean more =
          !stopped()
              && (settings.time() != null
                  ? next == 0 || System.nanoTime() < deadline
                  : next < settings.runs());
      if (!more && inFlight.isEmpty()) {
        break;
      }
      if (more && inFlight.size() < window) {
        long seed = settings.baseSeed() + next++;
        inFlight.addLast(runner.start(runner.runSpec(seed, strategy()), 0));
        continue;
      }
      // The run half a window in (the last when no more start), a failed one reported in turn.
      CompletableFuture<ScenarioRun> half =
          inFlight.stream().skip(more ? window / 2 - 1 : inFlight.size() - 1).findFirst().get();
      half.exceptionally(e -> null).join();
      do {
        record(inFlight.removeFirst().join(), null);
      } while (!inFlight.isEmpty() && inFlight.peekFirst().isDone());
    }
  }

  /** Runs recorded so far (each with an outcome). */
  synchronized long runs() {
    return runs;
  }

  /** The deliveries (steps) of the runs recorded so far, not of the determinism recheck's. */
  public synchronized long deliveries() {
    return deliveries;
  }

  synchronized void record(ScenarioRun run, int[] dfsPrefix) {
    if (run.result().end() == org.kmodsim.sim.EndReason.INTERRUPTED) {
      interrupted = true; // not a run done: its outcome is unknown
      return;
    }
    runs++;
    deliveries += run.result().steps();
    Outcome outcome = run.outcome();
    histogram.computeIfAbsent(outcome.name(), n -> new Bucket(outcome, run.seed())).count++;
    run.result().coverage().forEach((probe, hits) -> coverage.merge(probe, hits, Long::sum));
    if (listener != null) {
      Map<String, Long> counts = new LinkedHashMap<>();
      histogram.forEach((name, b) -> counts.put(name, b.count));
      listener.progress(runs, counts);
    }
    if (!outcome.outcomeClass().failing()) {
      return;
    }
    long key = dfsPrefix != null ? runs : run.seed();
    if (failingDigests.size() < recheckMax) {
      failingDigests.put(key, run.result().traceDigest());
      if (dfsPrefix != null) {
        failingPrefixes.put(key, dfsPrefix);
      }
    }
    if (unit) {
      firstFailingChoices = firstFailingSeed != null ? firstFailingChoices : dfsPrefix;
      firstFailingSeed = firstFailingSeed != null ? firstFailingSeed : run.seed();
    } else if (firstFailure == null) {
      firstFailure = FirstFailureLog.save(run, settings);
    }
  }
}
