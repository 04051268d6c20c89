package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodsim.scenarios.scenario.ConcurrentExplorer;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim explore SCENARIO}: many runs in parallel. Prints the outcome histogram with
 * classes, coverage, and for the first forbidden outcome its seed, choice log and the command that
 * replays it; dfs adds a litmus verdict per outcome (always, sometimes, never). Exit status 1 when
 * any run was forbidden or unlisted, 4 when runs stopped at a limit (and none was forbidden).
 */
@Command(name = "explore", description = "Explore the schedules of a scenario.")
public final class ExploreCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;
  @Mixin GlobalOptions global;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      description =
          "random, pct, dfs (every schedule) or dpor (one schedule per class of equivalent"
              + " ones) (default: the scenario's).")
  String strategy;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Number of runs (default: the " + "scenario's budget).")
  Integer runs;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      description = "Run for this long instead (e.g. 30s, 2m); random and pct only.")
  String time;

  @Option(
      names = "--depth",
      paramLabel = "D",
      description = "pct: bug depth; dfs: deviations from the default schedule.")
  Integer depth;

  @Option(
      names = "--bound",
      paramLabel = "N",
      description =
          "dfs, dpor: explore only schedules with at most N delays (a delay passes over one"
              + " older message); verdicts are then exact up to N delays.")
  Integer bound;

  @Option(
      names = "--state-cache",
      description =
          "dfs: prune a schedule on reaching a machine state already explored from"
              + " (off where some actor or shared memory has no state digest).")
  boolean stateCache;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the failing run's choice log goes (default: current directory).")
  Path out;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the HTML report of the first failing run.")
  Path report;

  @Override
  public Integer call() {
    ScenarioRunner runner = RunCommand.prepare(scenario, global);
    if (runner.settings().mode() == org.kmodsim.sim.SimMode.CONCURRENT) {
      return concurrent(runner);
    }
    String kind = strategy != null ? strategy : runner.scenario().explore().strategy();
    if (!List.of("random", "pct", "dfs", "dpor").contains(kind)) {
      throw new IllegalArgumentException(
          "unknown strategy '" + kind + "' (expected random, pct, dfs or dpor)");
    }
    boolean exhaustive = kind.equals("dfs") || kind.equals("dpor");
    if (bound != null && (!exhaustive || bound < 0)) {
      throw new IllegalArgumentException(
          bound < 0 ? "--bound must be >= 0" : "--bound works with dfs and dpor");
    }
    if (stateCache && !kind.equals("dfs")) {
      throw new IllegalArgumentException(
          kind.equals("dpor")
              ? "--state-cache works with dfs only: with dpor's sleep sets, a schedule pruned at"
                  + " a known state would hide the races that dpor needs to see"
              : "--state-cache works with dfs only");
    }
    if (depth != null && kind.equals("dpor")) {
      throw new IllegalArgumentException("dpor takes --bound, not --depth");
    }
    if (time != null && runs != null) {
      throw new IllegalArgumentException("give --runs or --time, not both");
    }
    Duration budget = time == null ? null : parseTime(time);
    if (budget != null && budget.isZero()) {
      throw new IllegalArgumentException("--time must be more than 0s (no time, no runs)");
    }
    if (budget != null && exhaustive) {
      throw new IllegalArgumentException(
          "--time works with random and pct; " + kind + " takes --runs");
    }
    int d =
        depth != null
            ? depth
            : kind.equals("pct")
                ? org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.run")
                    .intIn("pct-depth", 1, 1000)
                : runner.scenario().explore().depth();
    int n = runs != null ? runs : exhaustive ? 100_000 : runner.scenario().explore().runs();
    if (n < 1 || d < 0) {
      throw new IllegalArgumentException("--runs must be >= 1 and --depth >= 0");
    }
    Explorer explorer =
        new Explorer(
            runner,
            new Explorer.Settings(
                kind,
                n,
                budget,
                d,
                runner.settings().seed(),
                pctHorizon(runner, kind),
                out,
                bound == null ? -1 : bound,
                stateCache));
    String task = "explore " + runner.scenario().name();
    long total = budget != null ? 0 : n;
    long budgetNanos = budget != null ? budget.toNanos() : 0;
    java.util.concurrent.atomic.AtomicReference<ProgressLine> line =
        new java.util.concurrent.atomic.AtomicReference<>(
            new ProgressLine(task, 0, total, "runs", budgetNanos, Map.of()));
    Explorer.Result result;
    try (Progress progress = Progress.start(global.json(), line::get)) {
      if (progress.shown()) {
        // dfs and dpor: the runs known to be still needed (a lower bound) give the estimate.
        explorer.onProgress(
            (done, counts) -> {
              long estimate =
                  exhaustive ? Math.min(total, done + explorer.progress().pending()) : total;
              line.set(new ProgressLine(task, done, estimate, "runs", budgetNanos, counts));
            });
      }
      result = explorer.explore();
    }
    if (global.json()) {
      System.out.println(Output.json(json(result)));
    } else {
      print(result, runner);
    }
    if (report != null) {
      String written = ExploreReport.write(runner, result.firstFailure(), report);
      if (!global.json()) {
        System.out.println(written);
      }
    }
    return ExitCode.of(result.failing(), result.truncated() != null);
  }

  /** What the first line adds when the exploration is partial. */
  static String truncationNote(Explorer.Result r) {
    String why = r.truncated();
    if (why == null) {
      return "";
    }
    if (why.equals("interrupted")) {
      return " (interrupted after " + r.runs() + " runs; what follows is partial)";
    }
    if (why.equals("no-runs")) {
      return " (truncated: no-runs; nothing was explored)";
    }
    return " (truncated: "
        + why
        + " in "
        + r.truncatedRuns()
        + " of "
        + r.runs()
        + " runs, whose outcome is unknown; raise the limit or shorten the scenario)";
  }

  /**
   * {@code --mode concurrent}: free-running runs on real threads; the options that choose
   * deterministic schedules are refused, not ignored.
   */
  private Integer concurrent(ScenarioRunner runner) {
    String refused =
        strategy != null
            ? "--strategy"
            : depth != null
                ? "--depth"
                : out != null
                    ? "--out"
                    : bound != null ? "--bound" : stateCache ? "--state-cache" : null;
    if (refused != null) {
      throw new IllegalArgumentException(
          refused
              + " chooses or saves deterministic schedules, and --mode concurrent runs have none"
              + " (drop it, or explore in deterministic mode)");
    }
    if (time != null && runs != null) {
      throw new IllegalArgumentException("give --runs or --time, not both");
    }
    int n = runs != null ? runs : runner.scenario().explore().runs();
    if (n < 1) {
      throw new IllegalArgumentException("--runs must be >= 1");
    }
    ConcurrentExplorer.Result result =
        new ConcurrentExplorer(
                runner,
                new ConcurrentExplorer.Settings(
                    n,
                    time == null ? null : parseTime(time),
                    runner.config().getDuration("kmodsim.explore.concurrent-run-limit")))
            .explore();
    if (global.json()) {
      System.out.println(Output.json(ConcurrentExploreOutput.json(result)));
    } else {
      ConcurrentExploreOutput.print(result, runner);
    }
    return result.failing() ? 1 : 0;
  }

  /**
   * PCT's k: the configured horizon when the user set one, else the length in steps of one run of
   * this scenario (change points beyond the end of a run would never happen).
   */
  private static long pctHorizon(ScenarioRunner runner, String kind) {
    com.typesafe.config.ConfigOrigin origin =
        runner.config().getValue("kmodsim.run.pct-horizon").origin();
    boolean defaulted = origin.resource() != null && origin.resource().endsWith("reference.conf");
    if (!kind.equals("pct") || !defaulted) {
      return org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.run")
          .longIn("pct-horizon", 1, Long.MAX_VALUE);
    }
    long steps =
        runner
            .run(runner.settings().seed(), org.kmodsim.sim.StrategySpec.random(), 0)
            .result()
            .steps();
    return Math.max(1, steps);
  }

  private static Duration parseTime(String text) {
    try {
      return Duration.ofNanos(
          org.kmodsim.cpu.CommandLine.parseDuration(
              text.endsWith("m")
                  ? (Double.parseDouble(text.substring(0, text.length() - 1)) * 60) + "s"
                  : text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--time: bad duration '" + text + "' (e.g. 30s, 2m)");
    }
  }

  static Map<String, Object> json(Explorer.Result r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", r.scenario());
    json.put("era", r.era());
    json.put("firstSeed", r.firstSeed());
    json.put("runs", r.runs());
    json.put("truncated", r.truncated());
    json.put("truncatedRuns", r.truncatedRuns());
    json.put("strategy", r.strategy());
    Map<String, Object> histogram = new LinkedHashMap<>();
    r.histogram()
        .forEach(
            (name, b) -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("count", b.count);
              entry.put("class", b.outcome.outcomeClass().label());
              entry.put("description", b.outcome.description());
              entry.put("firstSeed", b.firstSeed);
              histogram.put(name, entry);
            });
    json.put("histogram", histogram);
    json.put("coverage", r.coverage());
    if (r.firstFailure() == null) {
      json.put("firstForbidden", null);
    } else {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("seed", r.firstFailure().seed());
      f.put("outcome", r.firstFailure().outcome());
      f.put("strategy", r.firstFailure().strategy());
      f.put(
          "choicesFile",
          r.firstFailure().choicesFile() == null
              ? null
              : r.firstFailure().choicesFile().toString());
      f.put("replayCommand", r.firstFailure().replayCommand());
      json.put("firstForbidden", f);
    }
    json.put("rerun", r.rerun());
    json.put(
        "determinismLeaks",
        r.leaks().stream()
            .map(
                l ->
                    Map.of(
                        "seed",
                        l.seed(),
                        "firstDigest",
                        l.firstDigest(),
                        "secondDigest",
                        l.secondDigest()))
            .toList());
    if (r.search() != null) {
      json.put("exhaustive", r.exhaustive());
      json.put("verdicts", r.verdicts());
      Map<String, Object> search = new LinkedHashMap<>();
      search.put("exactness", r.search().exactness());
      search.put("bound", r.search().bound() < 0 ? null : r.search().bound());
      search.put("completeRuns", r.search().complete());
      search.put("prunedRuns", r.search().pruned());
      search.put("races", r.search().races());
      if (r.search().stateCacheOn()) {
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("states", r.search().states());
        cache.put("undigested", r.search().stateCache());
        search.put("stateCache", cache);
      }
      json.put("search", search);
    }
    json.put("runsPerSec", Math.round(r.runsPerSecond()));
    json.put("wallMs", r.wallNanos() / 1_000_000);
    return json;
  }

  /**
   * PCT's guarantee for this scenario: one run finds a bug of depth d with probability at least
   * 1/(n·k^(d−1)), n the channels of a run (measured on the first seed) and k its steps.
   */
  static String pctBound(String strategy, ScenarioRunner runner) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("pct\\(depth=(\\d+),k=(\\d+)\\)").matcher(strategy);
    if (!m.find()) {
      return "pct bound: unknown for " + strategy;
    }
    int depth = Integer.parseInt(m.group(1));
    long k = Long.parseLong(m.group(2));
    int channels =
        runner
            .run(runner.settings().seed(), org.kmodsim.sim.StrategySpec.random(), 0)
            .result()
            .channels();
    return String.format(
        "pct bound: one run finds a depth-%d bug with probability >= "
            + "1/(n*k^(d-1)) = %.3g (n = %d channels, k = %d steps)",
        depth, org.kmodsim.sim.PctStrategy.bound(channels, k, depth), channels, k);
  }

  private static void print(Explorer.Result r, ScenarioRunner runner) {
    System.out.println(
        "seed " + runner.settings().seed() + " (first of the run seeds)" + truncationNote(r));
    System.out.printf(
        "explore %s: era %s, strategy %s, %d runs, %.0f runs/s%n",
        r.scenario(), r.era(), r.strategy(), r.runs(), r.runsPerSecond());
    if (r.strategy().startsWith("pct")) {
      System.out.println(pctBound(r.strategy(), runner));
    }
    System.out.println("outcomes:");
    r.histogram()
        .forEach(
            (name, b) ->
                System.out.printf(
                    "  %8d  %-28s %-12s %s%s%n",
                    b.count,
                    name,
                    b.outcome.outcomeClass().label(),
                    b.outcome.description(),
                    r.verdicts().isEmpty() ? "" : "  [" + r.verdicts().get(name) + "]"));
    if (!r.verdicts().isEmpty()) {
      r.verdicts()
          .forEach(
              (name, verdict) -> {
                if (verdict.equals("never")) {
                  System.out.printf(
                      "  %8d  %-28s %-12s %s  [never]%n",
                      0,
                      name,
                      runner.scenario().rule(name).outcomeClass().label(),
                      runner.scenario().rule(name).description());
                }
              });
      System.out.println(SearchLine.of(r));
      Explorer.Search search = r.search();
      if (search.stateCacheOn()) {
        System.out.printf(
            "state cache: %d states, %d runs pruned at a known state%s%n",
            search.states(),
            search.pruned(),
            search.stateCache() == null ? "" : "; off where " + search.stateCache());
      }
    }
    ScenarioOutput.printCoverage(runner.scenario().probes(), r.coverage(), System.out);
    if (r.firstFailure() != null) {
      Explorer.FirstFailure f = r.firstFailure();
      System.out.printf(
          "first forbidden outcome: %s at seed %d (strategy %s)%n",
          f.outcome(), f.seed(), f.strategy());
      if (f.choicesFile() != null) {
        System.out.println("  choice log: " + f.choicesFile() + " (" + f.choices() + " steps)");
      }
      System.out.println("  replay: " + f.replayCommand());
    } else {
      System.out.println("no forbidden outcome");
    }
    System.out.printf(
        "determinism: %d failing run(s) rerun, %d leak(s)%n", r.rerun(), r.leaks().size());
    r.leaks()
        .forEach(
            l ->
                System.out.printf(
                    "  determinism leak at seed %d: digest %s then %s%n",
                    l.seed(), l.firstDigest(), l.secondDigest()));
  }
}
