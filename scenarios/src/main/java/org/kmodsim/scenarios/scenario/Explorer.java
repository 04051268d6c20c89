package org.kmodsim.scenarios.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.kmodsim.sim.CachingStrategy;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.Dpor;
import org.kmodsim.sim.DporStrategy;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.OldestFirstStrategy;
import org.kmodsim.sim.RandomWalkStrategy;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.Strategy;
import org.kmodsim.sim.StrategySpec;

/**
 * Many runs of one scenario, in parallel on the engine's workers: random or PCT over consecutive
 * seeds, or a bounded exhaustive search (dfs) over choice prefixes by stateless re-execution. Keeps
 * the outcome histogram and coverage, saves the choice log of the first failing run, and reruns
 * every failing seed once to compare digests (a mismatch is a determinism leak).
 */
public final class Explorer {

  /**
   * @param strategy random, pct or dfs
   * @param runs the run budget (for dfs, a cap on the search)
   * @param time a wall-clock budget instead of runs (random and pct), or null
   * @param depth pct: the bug depth d; dfs: how many choices may deviate from the default path
   * @param choicesDir where the first failing run's choice log is written
   * @param bound dfs and dpor: the most delays a schedule may have (older messages passed over), or
   *     -1 for none
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
   * @param exactness {@code exact}, {@code exact up to N delays}, or {@code bounded} (by --depth,
   *     --runs or, for dpor, --bound)
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
      String stateCache) {}

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
      Search search) {

    public boolean failing() {
      return histogram.values().stream().anyMatch(b -> b.outcome.outcomeClass().failing());
    }

    /** The first seed of random and pct runs; the one seed of every dfs run. */
    public long firstSeed() {
      return firstSeedOfRuns;
    }

    public double runsPerSecond() {
      return wallNanos == 0 ? 0 : runs * 1e9 / wallNanos;
    }
  }

  private final ScenarioRunner runner;
  private final Settings settings;
  private final Map<String, Bucket> histogram = new LinkedHashMap<>();
  private final TreeMap<String, Long> coverage = new TreeMap<>();
  private final Map<Long, String> failingDigests = new LinkedHashMap<>();
  private final Map<Long, int[]> failingPrefixes = new LinkedHashMap<>();
  private FirstFailure firstFailure;
  private long runs;
  private long programStart;
  private long pruned;
  private long races;
  private final Map<Long, Integer> visited = new java.util.HashMap<>();
  private String undigested;
  private boolean cutByBound;
  private volatile long pending;

  public Explorer(ScenarioRunner runner, Settings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  public Result explore() {
    long start = System.nanoTime();
    boolean exhaustive = false;
    if (settings.strategy().equals("dfs")) {
      exhaustive = dfs();
    } else if (settings.strategy().equals("dpor")) {
      exhaustive = dpor();
    } else {
      sample(start);
    }
    List<Leak> leaks = recheck();
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
        failingDigests.size(),
        exhaustive,
        verdicts,
        System.nanoTime() - start,
        settings.baseSeed(),
        exhaustiveStrategy() ? search(exhaustive) : null);
  }

  private boolean exhaustiveStrategy() {
    return settings.strategy().equals("dfs") || settings.strategy().equals("dpor");
  }

  private Search search(boolean exhaustive) {
    String exactness;
    if (!exhaustive) {
      exactness = "bounded";
    } else if (cutByBound) {
      exactness =
          settings.strategy().equals("dfs")
              ? "exact up to " + settings.bound() + " delays"
              : "bounded";
    } else {
      exactness = "exact";
    }
    return new Search(
        runs,
        pruned,
        races,
        visited.size(),
        settings.bound(),
        exactness,
        settings.stateCache(),
        settings.stateCache() ? undigested : null);
  }

  /** Runs so far, runs known to be still needed, outcomes so far; safe from any thread. */
  public synchronized Progress progress() {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    histogram.forEach((name, b) -> outcomes.put(name, b.count));
    return new Progress(runs, pending, outcomes);
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

  private StrategySpec strategy() {
    return settings.strategy().equals("pct")
        ? StrategySpec.pct(Math.max(1, settings.depth()), settings.pctHorizon())
        : StrategySpec.random();
  }

  private void sample(long start) {
    long deadline = settings.time() == null ? Long.MAX_VALUE : start + settings.time().toNanos();
    int window = SimEngine.shared().workers() * 2;
    Deque<CompletableFuture<ScenarioRun>> inFlight = new ArrayDeque<>();
    long next = 0;
    while (true) {
      boolean more =
          settings.time() != null ? System.nanoTime() < deadline : next < settings.runs();
      if (!more && inFlight.isEmpty()) {
        break;
      }
      if (more && inFlight.size() < window) {
        long seed = settings.baseSeed() + next++;
        inFlight.addLast(runner.start(runner.runSpec(seed, strategy()), 0));
        continue;
      }
      record(inFlight.removeFirst().join(), null);
    }
  }

  /**
   * Stateless DFS: each run forces a prefix of choices and goes on with the seeded default; the
   * alternatives at every later choice point become new prefixes, as long as a prefix deviates from
   * a default at most {@code depth} times. Batches of prefixes run in parallel; the order of the
   * search does not depend on timing.
   */
  private boolean dfs() {
    programStart = programStart();
    boolean search = settings.bound() >= 0 || settings.stateCache();
    Deque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {0}); // [deviations or delays, prefix...]
    boolean bounded = false;
    int batchSize = SimEngine.shared().workers() * 2;
    while (!stack.isEmpty()) {
      pending = stack.size();
      if (runs + pruned >= settings.runs()) {
        return false;
      }
      List<int[]> batch = new ArrayList<>();
      while (!stack.isEmpty()
          && batch.size() < batchSize
          && runs + pruned + batch.size() < settings.runs()) {
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
        CachingStrategy strategy = search ? strategies.get(b) : null;
        if (strategy != null && strategy.pruned()) {
          pruned++;
        } else {
          record(run, choicesOf(run));
        }
        if (strategy != null && undigested == null) {
          undigested = strategy.undigested();
        }
        bounded |= push(stack, item, run);
      }
      // States join the cache between batches, so that which run is pruned does not depend on
      // which of a batch's parallel runs got somewhere first.
      for (CachingStrategy strategy : strategies) {
        for (long state : strategy.reached()) {
          visited.merge(state, batch.get(strategies.indexOf(strategy))[0], Math::min);
        }
      }
    }
    return !bounded;
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
  private boolean dpor() {
    programStart = programStart();
    int start = (int) programStart;
    Dpor search = new Dpor(start, settings.bound());
    for (Dpor.Plan plan = search.next(); plan != null; plan = search.next()) {
      if (runs + pruned >= settings.runs()) {
        races = search.races();
        return false;
      }
      DporStrategy strategy = Dpor.strategy(plan, start, settings.bound(), settings.baseSeed());
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
        record(run, choicesOf(run));
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

  /**
   * The step at which the machine starts the first program in the default run: the search branches
   * only after it, so the boot (subsystems, CPUs coming online, boot commands) keeps one schedule
   * and the depth is spent on the programs.
   */
  private long programStart() {
    ScenarioRun first =
        runner
            .start(
                runner.runSpec(settings.baseSeed(), StrategySpec.replay(ChoiceLog.of())), 1_000_000)
            .join();
    for (org.kmodsim.sim.TraceEvent e : first.result().trace()) {
      if (e.kind().equals("RunProgram") && e.source().equals("machine")) {
        return e.step();
      }
    }
    return 0;
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

  private synchronized void record(ScenarioRun run, int[] dfsPrefix) {
    runs++;
    Outcome outcome = run.outcome();
    histogram.computeIfAbsent(outcome.name(), n -> new Bucket(outcome, run.seed())).count++;
    run.result().coverage().forEach((probe, hits) -> coverage.merge(probe, hits, Long::sum));
    if (!outcome.outcomeClass().failing()) {
      return;
    }
    long key = dfsPrefix != null ? runs : run.seed();
    failingDigests.put(key, run.result().traceDigest());
    if (dfsPrefix != null) {
      failingPrefixes.put(key, dfsPrefix);
    }
    if (firstFailure == null) {
      firstFailure = saveFirst(run);
    }
  }

  private FirstFailure saveFirst(ScenarioRun run) {
    RunResult result = run.result();
    Path dir = settings.choicesDir() != null ? settings.choicesDir() : Path.of(".");
    Path file =
        dir.resolve("kmodsim-" + run.scenario().name() + "-seed" + result.seed() + ".choices");
    String replay;
    try {
      result.choices().save(file, result.seed(), result.strategy());
      replay =
          "kmodsim replay "
              + run.scenario().name()
              + " --era "
              + run.era().label()
              + " --choices "
              + file;
    } catch (RuntimeException e) {
      file = null;
      replay =
          "kmodsim replay "
              + run.scenario().name()
              + " --era "
              + run.era().label()
              + " --seed "
              + result.seed()
              + (settings.strategy().equals("pct")
                  ? " --strategy pct --depth "
                      + settings.depth()
                      + " --set kmodsim.run.pct-horizon="
                      + settings.pctHorizon()
                  : "");
    }
    return new FirstFailure(
        result.seed(),
        result.strategy(),
        run.outcome().name(),
        file,
        result.choices().size(),
        replay);
  }

  /** Reruns every failing run once; a different digest is a determinism leak. */
  private List<Leak> recheck() {
    List<Leak> leaks = new ArrayList<>();
    List<Long> keys = new ArrayList<>(failingDigests.keySet());
    List<CompletableFuture<ScenarioRun>> again = new ArrayList<>();
    for (long key : keys) {
      int[] prefix = failingPrefixes.get(key);
      again.add(
          runner.start(
              prefix != null
                  ? runner.runSpec(settings.baseSeed(), StrategySpec.replay(ChoiceLog.of(prefix)))
                  : runner.runSpec(key, strategy()),
              0));
    }
    for (int i = 0; i < keys.size(); i++) {
      String second = again.get(i).join().result().traceDigest();
      String first = failingDigests.get(keys.get(i));
      if (!first.equals(second)) {
        long seed = failingPrefixes.containsKey(keys.get(i)) ? settings.baseSeed() : keys.get(i);
        leaks.add(new Leak(seed, first, second));
      }
    }
    return leaks;
  }
}
