package org.kmodsim.scenarios.cluster;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRunner;

/**
 * Cuts an exploration into units: consecutive seed ranges of {@code unitSize} seeds, each carrying
 * the scenario's text, the resolved configuration and the module files, so that a worker anywhere
 * runs it as this node would.
 */
public final class Jobs {
  /** The most module file bytes a job ships with each unit. */
  static final long MODULES_MAX = 4L << 20;

  private Jobs() {}

  /**
   * @param strategy random or pct
   * @param runs the seeds firstSeed .. firstSeed + runs - 1
   */
  public static List<WorkUnit> units(
      ScenarioRunner runner,
      String strategy,
      int depth,
      long pctHorizon,
      long firstSeed,
      long runs,
      int unitSize,
      String buildId) {
    if (unitSize < 1) {
      throw new IllegalArgumentException("--unit must be >= 1");
    }
    WorkUnit first =
        template(
            runner,
            buildId,
            strategy,
            depth,
            pctHorizon,
            firstSeed,
            (int) Math.min(unitSize, runs),
            -1,
            0);
    List<WorkUnit> units = new ArrayList<>();
    for (long done = 0; done < runs; done += unitSize) {
      units.add(first.range(units.size(), firstSeed + done, (int) Math.min(unitSize, runs - done)));
    }
    return units;
  }

  /**
   * A distributed dfs: one unit per open subtree of the search (in the order given), each capped at
   * an equal share of the {@code runsLeft} of --runs (at least one run); {@code programStart} is
   * the search's {@link Explorer#programStart}.
   */
  public static List<WorkUnit> subtrees(
      ScenarioRunner runner,
      Explorer.Settings settings,
      List<int[]> roots,
      long runsLeft,
      long programStart,
      String buildId) {
    WorkUnit template =
        template(
            runner,
            buildId,
            "dfs",
            settings.depth(),
            settings.pctHorizon(),
            settings.baseSeed(),
            (int) Math.max(1, runsLeft / roots.size()),
            settings.bound(),
            programStart);
    List<WorkUnit> units = new ArrayList<>();
    for (int[] root : roots) {
      units.add(template.subtree(units.size(), root));
    }
    return units;
  }

  private static WorkUnit template(
      ScenarioRunner runner,
      String buildId,
      String strategy,
      int depth,
      long pctHorizon,
      long firstSeed,
      int count,
      int bound,
      long programStart) {
    String directory = runner.config().getString("kmodsim.modules.directory");
    Map<String, byte[]> modules = directory.isEmpty() ? Map.of() : modules(Path.of(directory));
    String config =
        runner
            .config()
            .getConfig("kmodsim")
            .withValue("modules.directory", ConfigValueFactory.fromAnyRef(""))
            .atKey("kmodsim")
            .root()
            .render(ConfigRenderOptions.concise());
    long jobId = new SecureRandom().nextLong() & Long.MAX_VALUE;
    return new WorkUnit(
        jobId,
        0,
        buildId,
        runner.scenario().name(),
        ScenarioLoader.text(runner.scenario()),
        config,
        runner.era().label(),
        modules,
        BuildId.digest(modules),
        strategy,
        depth,
        pctHorizon,
        firstSeed,
        count,
        bound,
        programStart,
        null);
  }

  private static Map<String, byte[]> modules(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    long bytes = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        byte[] content = Files.readAllBytes(file);
        bytes += content.length;
        if (bytes > MODULES_MAX) {
          throw new IllegalArgumentException(
              "kmodsim.modules.directory "
                  + dir
                  + ": more than "
                  + (MODULES_MAX >> 20)
                  + " MiB of module files to send with each unit");
        }
        files.put(dir.relativize(file).toString().replace('\\', '/'), content);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("kmodsim.modules.directory: cannot read " + dir);
    }
    return files;
  }
}
