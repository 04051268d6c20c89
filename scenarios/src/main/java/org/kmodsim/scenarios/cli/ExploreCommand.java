package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.time.Duration;
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
  @Mixin ClusterOptions cluster;

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
          "dfs: explore only schedules with at most N delays (a delay passes over one older"
              + " message); dpor: only traces with at most N preemptions (races decided against"
              + " the order of the first run); verdicts are then exact up to N.")
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
    if (time != null && runs != null && cluster.cluster == null) {
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
    int d = depth != null ? depth : defaultDepth(runner, kind);
    int n = runs != null ? runs : exhaustive ? 100_000 : runner.scenario().explore().runs();
    if (n < 1 || d < 0) {
      throw new IllegalArgumentException("--runs must be >= 1 and --depth >= 0");
    }
    if (cluster.cluster != null && (kind.equals("dpor") || stateCache)) {
      throw new IllegalArgumentException(
          "--cluster distributes random, pct and dfs; "
              + (stateCache ? "--state-cache" : "dpor")
              + " runs on one node (its search does not split into independent subtrees)");
    }
    Explorer.Settings settings =
        new Explorer.Settings(
            kind,
            n,
            budget,
            d,
            runner.settings().seed(),
            pctHorizon(runner, kind),
            out,
            bound == null ? -1 : bound,
            stateCache);
    if (cluster.cluster != null) {
      return ClusterExploreRun.run(runner, settings, cluster, budget, global.json(), report);
    }
    Explorer explorer = new Explorer(runner, settings);
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
    return ExploreOutput.finish(result, runner, global.json(), report, json -> {}, () -> {});
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

  /** The depth when --depth is not given: pct's kmodsim.run.pct-depth, else the scenario's. */
  static int defaultDepth(ScenarioRunner runner, String kind) {
    return kind.equals("pct")
        ? org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.run")
            .intIn("pct-depth", 1, 1000)
        : runner.scenario().explore().depth();
  }

  /**
   * PCT's k: the configured horizon when the user set one, else the length in steps of one run of
   * this scenario (change points beyond the end of a run would never happen).
   */
  static long pctHorizon(ScenarioRunner runner, String kind) {
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
}
