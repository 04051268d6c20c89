package org.kmodsim.scenarios.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.scenarios.cluster.BuildId;
import org.kmodsim.scenarios.cluster.ClusterExplore;
import org.kmodsim.scenarios.cluster.ClusterNodes;
import org.kmodsim.scenarios.cluster.Jobs;
import org.kmodsim.scenarios.cluster.Secret;
import org.kmodsim.scenarios.cluster.WorkUnit;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.scenarios.scenario.SeedTally;
import org.kmodsim.sim.SimEngine;

/**
 * {@code explore SCENARIO --cluster HOST:PORT}: the seeds cut into units, run by the cluster's
 * workers, merged here by the local explorer (same report as {@code explore}), then which node ran
 * which units, the refusals, and why the exploration was cut short if it was.
 */
final class ClusterExploreRun {
  /** A distributed dfs searches here until this many subtrees are open: one unit each. */
  static final int SUBTREES = 32;

  private ClusterExploreRun() {}

  static int run(
      ScenarioRunner runner,
      Explorer.Settings settings,
      ClusterOptions options,
      Duration timeLimit,
      boolean asJson,
      java.nio.file.Path report) {
    ClusterNodes.hostPort(options.cluster);
    Secret secret = Secret.read(options.node.secretFile);
    boolean dfs = settings.strategy().equals("dfs");
    List<WorkUnit> units =
        dfs
            ? List.of()
            : Jobs.units(
                runner,
                settings.strategy(),
                settings.depth(),
                settings.pctHorizon(),
                settings.baseSeed(),
                settings.runs(),
                options.unit,
                BuildId.current());
    Explorer explorer = new Explorer(runner, settings);
    ClusterExplore.Done[] done = new ClusterExplore.Done[1];
    ActorSystem<Void> system =
        ClusterNodes.start(
            Behaviors.empty(),
            ClusterNodes.config(options.node.host, 0, options.cluster, "submitter"));
    try {
      // The units are run while the explorer measures, so that runs/s is the cluster's.
      java.util.function.Function<List<WorkUnit>, List<SeedTally>> run =
          job -> {
            done[0] = submit(system, job, secret, options, timeLimit);
            if (done[0].cutShort() != null) {
              explorer.cutShort();
            }
            return done[0].tallies();
          };
      Explorer.Result result =
          dfs
              ? explorer.exploreSubtrees(
                  SUBTREES,
                  (roots, left) ->
                      run.apply(
                          Jobs.subtrees(
                              runner,
                              settings,
                              roots,
                              left,
                              explorer.programStart(),
                              BuildId.current())))
              : explorer.explore(() -> run.apply(units));
      if (done[0] == null) {
        // the dfs ended here before any subtree was left for the cluster
        done[0] =
            new ClusterExplore.Done(
                List.of(), Map.of(), List.of(), null, 0, 0, new ClusterExplore.Times(0, 0, 0));
      }
      return ExploreOutput.finish(
          result,
          runner,
          asJson,
          report,
          json -> json.put("cluster", json(done[0], dfs ? null : options.unit)),
          () -> print(done[0], dfs ? "subtree units" : "units of " + options.unit + " seeds"));
    } finally {
      // Leaving the cluster (coordinated shutdown) takes seconds: after the report, not in it.
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the report is out; a slow leave changes nothing
      }
    }
  }

  private static ClusterExplore.Done submit(
      ActorSystem<Void> system,
      List<WorkUnit> units,
      Secret secret,
      ClusterOptions options,
      Duration timeLimit) {
    return ClusterExplore.run(
        system,
        units,
        secret,
        new ClusterExplore.Limits(options.stopAfter, timeLimit),
        () -> SimEngine.sharedInterrupted() || Signals.received() != null,
        u -> {});
  }

  private static Map<String, List<Integer>> byNode(ClusterExplore.Done done) {
    Map<String, List<Integer>> byNode = new TreeMap<>();
    done.nodes()
        .forEach((unit, node) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(unit));
    return byNode;
  }

  private static void print(ClusterExplore.Done done, String units) {
    if (done.units() == 0) {
      System.out.printf(
          "cluster: the search ended here before %d subtrees were open: nothing was sent%n",
          SUBTREES);
      return;
    }
    Map<String, List<Integer>> byNode = byNode(done);
    System.out.printf(
        "cluster: %d of %d %s done on %d node(s), %d duplicate result(s) dropped%n",
        done.nodes().size(), done.units(), units, byNode.size(), done.duplicates());
    byNode.forEach(
        (node, ids) -> System.out.printf("  %-21s %4d units: %s%n", node, ids.size(), ranges(ids)));
    ClusterExplore.Times t = done.times();
    System.out.printf(
        "cluster: joined in %.1f s; the units took %.1f s, the workers ran their seeds for %.1f s"
            + " in all%n",
        t.joinNanos() / 1e9, t.unitsNanos() / 1e9, t.workNanos() / 1e9);
    done.refusals().forEach(r -> System.out.println("cluster: " + r));
    if (done.cutShort() != null) {
      System.out.printf(
          "cut short: %s; %d of %d units done%n",
          done.cutShort(), done.nodes().size(), done.units());
    }
  }

  private static Map<String, Object> json(ClusterExplore.Done done, Integer unit) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("units", done.units());
    json.put("unitsDone", done.nodes().size());
    json.put("seedsPerUnit", unit);
    json.put("duplicatesDropped", done.duplicates());
    json.put("nodes", byNode(done));
    json.put("refusals", done.refusals());
    json.put("cutShort", done.cutShort());
    json.put("joinMs", done.times().joinNanos() / 1_000_000);
    json.put("unitsMs", done.times().unitsNanos() / 1_000_000);
    json.put("workMs", done.times().workNanos() / 1_000_000);
    return json;
  }

  /** Unit ids as ranges: 0-3,7,9-10. */
  static String ranges(List<Integer> ids) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      int from = ids.get(i);
      while (i + 1 < ids.size() && ids.get(i + 1) == ids.get(i) + 1) {
        i++;
      }
      out.append(out.length() == 0 ? "" : ",").append(from);
      if (ids.get(i) != from) {
        out.append('-').append(ids.get(i));
      }
    }
    return out.toString();
  }
}
