package org.kmodsim.scenarios.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.scenarios.scenario.SeedTally;
import org.kmodsim.sim.config.ConfigValues;

/**
 * A unit on a worker: the job's scenario, configuration and module files written once under the
 * scratch directory, the scenario prepared as {@code explore} prepares it, and its seed range run
 * by {@link Explorer#sampleUnit}, the code path of a local exploration.
 */
final class Units {
  private static long preparedJob = -1;
  private static ScenarioRunner prepared;

  private Units() {}

  /** Why this node must not run the unit, or null. */
  static String refusal(WorkUnit unit, String buildId) {
    if (!unit.buildId().equals(buildId)) {
      return "build " + buildId + ", the unit's is " + unit.buildId();
    }
    if (!BuildId.digest(unit.modules()).equals(unit.modulesDigest())) {
      return "module files damaged in transit (digest " + BuildId.digest(unit.modules()) + ")";
    }
    return null;
  }

  static SeedTally run(WorkUnit unit, Path scratch) {
    ScenarioRunner runner = runner(unit, scratch);
    Explorer explorer =
        new Explorer(
            runner,
            new Explorer.Settings(
                unit.strategy(),
                unit.count(),
                null,
                unit.depth(),
                unit.firstSeed(),
                unit.pctHorizon(),
                null,
                unit.bound(),
                false));
    return unit.subtree() != null
        ? explorer.dfsUnit(unit.subtree(), unit.programStart())
        : explorer.sampleUnit();
  }

  /** A failed unit in one line, for the coordinator (never a stack trace). */
  static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static synchronized ScenarioRunner runner(WorkUnit unit, Path scratch) {
    if (preparedJob == unit.jobId()) {
      return prepared;
    }
    Path dir = scratch.resolve("job-" + unit.jobId());
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("kmodsim.conf");
      Files.writeString(config, unit.configText(), StandardCharsets.UTF_8);
      List<String> sets = List.of();
      if (!unit.modules().isEmpty()) {
        Path modules = dir.resolve("modules");
        for (Map.Entry<String, byte[]> f : unit.modules().entrySet()) {
          Path file = modules.resolve(f.getKey()).normalize();
          if (!file.startsWith(modules)) {
            throw new IllegalArgumentException("module file outside the directory: " + f.getKey());
          }
          Files.createDirectories(file.getParent());
          Files.write(file, f.getValue());
        }
        sets =
            List.of(
                "kmodsim.modules.directory="
                    + ConfigValues.quote(modules.toAbsolutePath().toString()));
      }
      prepared =
          ScenarioRunner.prepare(
              ScenarioLoader.parseString(unit.scenarioText(), unit.scenarioName()),
              new ScenarioRunner.Options(unit.era(), sets, config));
      preparedJob = unit.jobId();
      return prepared;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the unit's files under " + dir, e);
    }
  }
}
