package org.kmodsim.scenarios.cluster;

import java.util.Map;
import java.util.TreeMap;

/**
 * One unit of a distributed exploration: everything a worker needs to run the seeds [firstSeed,
 * firstSeed + count) of a scenario as the submitting node would, and nothing of that node's files.
 * Its result is a function of these values only, so a unit run twice gives the same tally.
 *
 * @param buildId the submitting build ({@link BuildId}): a worker of another build refuses the unit
 * @param scenarioText the scenario file's text
 * @param configText the submitting node's kmodsim configuration, resolved (its file, the scenario's
 *     machine.config and every --set)
 * @param modules the module directory's files (path relative to it, contents), empty when the
 *     built-in sample modules are used
 * @param modulesDigest {@link BuildId#digest} of {@code modules}
 * @param strategy random, pct or dfs
 * @param count seeds in the range; for a dfs unit, the cap on its runs (--runs)
 * @param bound dfs --bound (-1: none)
 * @param programStart for a dfs unit, the step at which the first program starts in the default
 *     run, as the submitter's search found it (the worker need not run the default run to find it)
 * @param subtree a dfs unit's subtree, {@code [deviations or delays, choices...]} ({@link
 *     org.kmodsim.scenarios.scenario.Explorer#dfsUnit}); null for a range of seeds
 */
public record WorkUnit(
    long jobId,
    int unitId,
    String buildId,
    String scenarioName,
    String scenarioText,
    String configText,
    String era,
    Map<String, byte[]> modules,
    String modulesDigest,
    String strategy,
    int depth,
    long pctHorizon,
    long firstSeed,
    int count,
    int bound,
    long programStart,
    int[] subtree)
    implements ClusterMessage {

  public WorkUnit {
    modules = new TreeMap<>(modules);
  }

  /** The same job's unit of another seed range. */
  public WorkUnit range(int id, long first, int n) {
    return with(new Piece(id, first, n, null));
  }

  /** The same job's dfs unit of another subtree. */
  public WorkUnit subtree(int id, int[] root) {
    return with(new Piece(id, firstSeed, count, root.clone()));
  }

  /**
   * What differs between the units of one job: the unit's id and its seed range, or its dfs
   * subtree.
   */
  public record Piece(int unitId, long firstSeed, int count, int[] subtree) {}

  public Piece piece() {
    return new Piece(unitId, firstSeed, count, subtree);
  }

  /** This job's unit with another piece. */
  public WorkUnit with(Piece p) {
    return new WorkUnit(
        jobId,
        p.unitId(),
        buildId,
        scenarioName,
        scenarioText,
        configText,
        era,
        modules,
        modulesDigest,
        strategy,
        depth,
        pctHorizon,
        p.firstSeed(),
        p.count(),
        bound,
        programStart,
        p.subtree());
  }
}
