package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.sim.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim bench explore SCENARIO}: the rate of {@code kmodsim explore SCENARIO --runs N},
 * cold and warm, as a share of the engine's own deliveries per second measured in the same JVM.
 *
 * <p>The same exploration (the same seeds, so the same runs) is made again and again: first cold,
 * as the first exploration of a fresh {@code kmodsim explore} (the JVM's start left out); then
 * unmeasured for {@code --warm-up}, as JMH and {@code stress unload} leave their warm-up out; then
 * measured once, warm. The reference is {@code bench engine}'s long contention run, measured after
 * the cold exploration and again after the warm one; the better of the two is the figure, so a
 * share is never flattered by a slow reference. A share is the exploration's deliveries (the steps
 * of its runs, the determinism recheck's reruns not counted, its time counted) per second over the
 * engine's. The failing runs' choice logs go to a directory deleted at the end.
 */
@Command(
    name = "explore",
    description =
        "Explore's runs per second, cold and warm, and its deliveries per second as a share of"
            + " bench engine's, measured in the same JVM.")
public final class BenchExploreCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;
  @Mixin GlobalOptions global;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Runs of each exploration (default 10000).")
  int runs = 10_000;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      description = "random or pct (default: the scenario's when it is one of them, else random).")
  String strategy;

  @Option(
      names = "--warm-up",
      paramLabel = "D",
      description =
          "Unmeasured explorations for at least this long before the measured one (default:"
              + " kmodsim.bench.explore.warm-up).")
  String warmUp;

  /** One exploration's figures. */
  private record Figures(long runs, long deliveries, long wallNanos, Map<String, Long> outcomes) {
    double runsPerSec() {
      return runs * 1e9 / Math.max(1, wallNanos);
    }

    double deliveriesPerSec() {
      return deliveries * 1e9 / Math.max(1, wallNanos);
    }
  }

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    // The reference is bench engine's, under the same --config and --set.
    Config engineConfig = KmodsimConfig.load(global.configFile(), global.overrides());
    long warmUpNanos =
        warmUp != null
            ? duration(warmUp, "--warm-up")
            : ConfigValues.of(engineConfig, "kmodsim.bench.explore")
                .duration("warm-up", 0, Durations.MAX_NANOS);
    ScenarioRunner runner = RunCommand.prepare(scenario, global);
    if (runner.settings().mode() == SimMode.CONCURRENT) {
      throw new IllegalArgumentException(
          "bench explore measures deterministic explorations; --mode concurrent runs are"
              + " measured by explore --mode concurrent itself");
    }
    String own = runner.scenario().explore().strategy();
    String kind =
        strategy != null ? strategy : List.of("random", "pct").contains(own) ? own : "random";
    if (!List.of("random", "pct").contains(kind)) {
      throw new IllegalArgumentException(
          "bench explore repeats random or pct explorations (got '"
              + kind
              + "'); a dfs or dpor search is timed by explore --strategy "
              + kind
              + " --json (wallMs)");
    }
    Path choices = temporaryDirectory();
    try {
      Explorer.Settings settings =
          new Explorer.Settings(
              kind,
              runs,
              null,
              ExploreCommand.defaultDepth(runner, kind),
              runner.settings().seed(),
              ExploreCommand.pctHorizon(runner, kind),
              choices);
      Figures cold = explore(runner, settings);
      if (cold == null) {
        return cutShort("the cold exploration", null);
      }
      RunResult before = BenchCommand.Engine.longRun(engineConfig, true);
      long warmStart = System.nanoTime();
      int warmUps = 0;
      do {
        if (explore(runner, settings) == null) {
          return cutShort("the warm-up", cold);
        }
        warmUps++;
      } while (System.nanoTime() - warmStart < warmUpNanos);
      long warmUpWall = System.nanoTime() - warmStart;
      Figures warm = explore(runner, settings);
      if (warm == null) {
        return cutShort("the measured exploration", cold);
      }
      RunResult after = BenchCommand.Engine.longRun(engineConfig, false);
      if (before.end().truncated() || after.end().truncated()) {
        System.out.println(
            "bench explore: the engine's reference run did not finish: no figures"
                + ScenarioOutput.truncationNote(before.end().truncated() ? before : after));
        return ExitCode.TRUNCATED;
      }
      double engine = Math.max(before.stepsPerSecond(), after.stepsPerSecond());
      print(runner, kind, cold, warm, warmUps, warmUpWall, before, after, engine);
      return 0;
    } finally {
      delete(choices);
    }
  }

  /** One exploration as {@code kmodsim explore} makes it; null when it was cut short. */
  private static Figures explore(ScenarioRunner runner, Explorer.Settings settings) {
    Explorer explorer = new Explorer(runner, settings);
    Explorer.Result result = explorer.explore();
    if (result.truncated() != null) {
      return null;
    }
    Map<String, Long> outcomes = new LinkedHashMap<>();
    result.histogram().forEach((name, bucket) -> outcomes.put(name, bucket.count));
    return new Figures(result.runs(), explorer.deliveries(), result.wallNanos(), outcomes);
  }

  private void print(
      ScenarioRunner runner,
      String kind,
      Figures cold,
      Figures warm,
      int warmUps,
      long warmUpWall,
      RunResult before,
      RunResult after,
      double engine) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", runner.scenario().name());
    json.put("era", runner.era().label());
    json.put("strategy", kind);
    json.put("runs", warm.runs());
    json.put("deliveriesPerRun", Math.round(10.0 * warm.deliveries() / warm.runs()) / 10.0);
    json.put("outcomes", warm.outcomes());
    json.put("coldRunsPerSec", Math.round(cold.runsPerSec()));
    json.put("coldWallMs", cold.wallNanos() / 1_000_000);
    json.put("coldShare", share(cold.deliveriesPerSec(), engine));
    json.put("warmUpExplorations", warmUps);
    json.put("warmUpMs", warmUpWall / 1_000_000);
    json.put("runsPerSec", Math.round(warm.runsPerSec()));
    json.put("wallMs", warm.wallNanos() / 1_000_000);
    json.put("deliveriesPerSec", Math.round(warm.deliveriesPerSec()));
    json.put("engineDeliveriesPerSec", Math.round(engine));
    json.put("engineBeforePerSec", Math.round(before.stepsPerSecond()));
    json.put("engineAfterPerSec", Math.round(after.stepsPerSecond()));
    json.put("share", share(warm.deliveriesPerSec(), engine));
    json.put("machine", Output.machine());
    if (global.json()) {
      System.out.println(Output.json(json));
    } else {
      json.forEach((key, value) -> System.out.println(key + ": " + text(value)));
    }
  }

  /** A value as the text output shows it: the outcomes as {@code name count, name count}. */
  private static String text(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder b = new StringBuilder();
      map.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
      return b.toString();
    }
    return String.valueOf(value);
  }

  /** A share to three decimals (0.305 is 30.5%). */
  private static double share(double deliveriesPerSec, double engine) {
    return Math.round(1000 * deliveriesPerSec / engine) / 1000.0;
  }

  /** An exploration stopped (Ctrl-C, a limit): what was measured before it, and no share. */
  private static int cutShort(String during, Figures cold) {
    System.out.println(
        "bench explore: cut short during "
            + during
            + (cold == null
                ? ""
                : " (the cold exploration: " + Math.round(cold.runsPerSec()) + " runs/s)")
            + ": no figures");
    return ExitCode.TRUNCATED;
  }

  /** An option's duration (0 or more), or bad input that names the option. */
  private static long duration(String text, String option) {
    try {
      return org.kmodsim.cpu.CommandLine.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("kmodsim-bench-explore-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is no reason to fail the benchmark
    }
  }
}
