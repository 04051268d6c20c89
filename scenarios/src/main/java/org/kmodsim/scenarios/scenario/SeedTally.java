package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the random or PCT runs of one range of seeds found, in plain values: one unit of an
 * exploration made elsewhere (a cluster's worker, {@link Explorer#sampleUnit}), merged by {@link
 * Explorer#explore(java.util.function.Supplier)} into the report a local run of the same seeds
 * gives. Nothing in it depends on the machine that ran it.
 *
 * @param firstSeed the range's first seed
 * @param runs runs recorded (an interrupted run is not one)
 * @param outcomes per outcome, in the order each first appeared
 * @param coverage hits per probe
 * @param failing the first failing runs' seeds and trace digests, at most kmodsim.explore
 *     recheck-max of them, in seed order
 * @param firstFailure the first failing seed, or null
 * @param interrupted whether the range stopped before its end
 * @param subtree what a dfs unit (a subtree of the search, {@link Explorer#dfsUnit}) adds; null for
 *     a range of seeds
 */
public record SeedTally(
    long firstSeed,
    long runs,
    List<Count> outcomes,
    Map<String, Long> coverage,
    List<Failing> failing,
    Long firstFailure,
    boolean interrupted,
    Subtree subtree) {

  public SeedTally {
    outcomes = List.copyOf(outcomes);
    coverage = new TreeMap<>(coverage);
    failing = List.copyOf(failing);
  }

  /** One outcome's runs in the range, and the first seed that had it. */
  public record Count(
      String name, OutcomeClass outcomeClass, String description, long count, long firstSeed) {}

  /**
   * A failing run, for the determinism recheck: its seed, or in a dfs unit its number among the
   * unit's runs and the choices that replay it.
   */
  public record Failing(long seed, String digest, int[] choices) {}

  /**
   * A dfs unit's search.
   *
   * @param firstFailure the choices of the unit's first failing run, or null
   * @param pruned runs stopped as redundant
   * @param complete whether the subtree was searched to its end (no --runs cap, no --depth cut)
   * @param cutByBound whether --bound left schedules out
   */
  public record Subtree(int[] firstFailure, long pruned, boolean complete, boolean cutByBound) {}

  /** An explorer's runs so far as a tally (its sampleUnit, or with a search its dfsUnit). */
  static SeedTally of(Explorer e, ExhaustiveSearch search, boolean complete) {
    synchronized (e) {
      List<Count> counts = new ArrayList<>();
      e.histogram.forEach(
          (name, b) ->
              counts.add(
                  new Count(
                      name,
                      b.outcome.outcomeClass(),
                      b.outcome.description(),
                      b.count,
                      b.firstSeed)));
      List<Failing> failing = new ArrayList<>();
      e.failingDigests.forEach(
          (key, digest) -> failing.add(new Failing(key, digest, e.failingPrefixes.get(key))));
      Subtree subtree =
          search == null
              ? null
              : new Subtree(
                  e.firstFailingChoices,
                  search.pruned,
                  complete && !search.depthCut,
                  search.cutByBound);
      return new SeedTally(
          e.settings.baseSeed(),
          e.runs,
          counts,
          e.coverage,
          failing,
          e.firstFailingSeed,
          e.interrupted,
          subtree);
    }
  }

  /**
   * Merges dfs units into the search that made them, in the order given (the frontier's order):
   * their runs, outcomes, coverage, failing runs (for the recheck) and search figures. False when a
   * unit did not search its whole subtree.
   */
  static boolean mergeSubtrees(Explorer e, ExhaustiveSearch search, List<SeedTally> units) {
    boolean complete = true;
    int[] first = null;
    synchronized (e) {
      for (SeedTally t : units) {
        addRuns(e, t, true);
        search.pruned += t.subtree().pruned();
        search.cutByBound |= t.subtree().cutByBound();
        complete &= t.subtree().complete() && !t.interrupted();
        first = first != null ? first : t.subtree().firstFailure();
      }
    }
    if (first != null && e.firstFailure == null) {
      // The unit ran it elsewhere; its choice log is written here by the same run (its choices
      // replay it exactly).
      ScenarioRun run =
          e.runner
              .start(
                  e.runner.runSpec(
                      e.settings.baseSeed(),
                      org.kmodsim.sim.StrategySpec.replay(org.kmodsim.sim.ChoiceLog.of(first))),
                  0)
              .join();
      synchronized (e) {
        e.firstFailure = FirstFailureLog.save(run, e.settings);
      }
    }
    return complete;
  }

  /**
   * Merges units into an explorer as its own runs would have been recorded: in seed order, which
   * gives the histogram's order, the recheck's first recheck-max failing runs and the first failure
   * of a local run of the same seeds.
   */
  static void merge(Explorer e, java.util.Collection<SeedTally> units) {
    List<SeedTally> inOrder = new ArrayList<>(units);
    inOrder.sort(Comparator.comparingLong(SeedTally::firstSeed));
    Long first = null;
    synchronized (e) {
      for (SeedTally t : inOrder) {
        addRuns(e, t, false);
        first = first != null ? first : t.firstFailure();
      }
    }
    if (first != null && e.stopped()) {
      // Ctrl-C: no run can be made here to write its choice log; the seed replays it.
      long seed = first;
      String outcome =
          inOrder.stream()
              .flatMap(t -> t.outcomes().stream())
              .filter(c -> c.firstSeed() == seed && c.outcomeClass().failing())
              .map(Count::name)
              .findFirst()
              .orElse("");
      synchronized (e) {
        e.firstFailure = FirstFailureLog.bySeed(e.runner, seed, outcome, e.settings);
      }
    } else if (first != null) {
      // The unit ran it elsewhere; its choice log is written here by the same run (a seed
      // replays exactly).
      ScenarioRun run = e.runner.start(e.runner.runSpec(first, e.strategy()), 0).join();
      synchronized (e) {
        e.firstFailure = FirstFailureLog.save(run, e.settings);
      }
    }
  }

  /**
   * Adds one unit's runs, outcomes, coverage, failing runs (for the recheck, while fewer than
   * recheck-max) and interruption to an explorer; the caller holds its lock. A dfs unit numbers its
   * failing runs among its own runs: they are numbered on after the explorer's runs so far and keep
   * the choices that replay them. A range of seeds keys them by seed.
   */
  private static void addRuns(Explorer e, SeedTally t, boolean dfs) {
    long before = e.runs;
    e.runs += t.runs();
    for (Count c : t.outcomes()) {
      Outcome outcome = new Outcome(c.name(), c.outcomeClass(), c.description());
      e.histogram.computeIfAbsent(c.name(), n -> new Explorer.Bucket(outcome, c.firstSeed()))
              .count +=
          c.count();
    }
    t.coverage().forEach((probe, hits) -> e.coverage.merge(probe, hits, Long::sum));
    for (Failing f : t.failing()) {
      if (e.failingDigests.size() < e.recheckMax) {
        long key = dfs ? before + f.seed() : f.seed();
        e.failingDigests.put(key, f.digest());
        if (dfs) {
          e.failingPrefixes.put(key, f.choices());
        }
      }
    }
    e.interrupted |= t.interrupted();
  }
}
