package org.kmodsim.scenarios.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A race test by its outcomes, not by one seed: runs seeds from the first until every expected
 * outcome has been seen, at most a budget of seeds, and fails on an outcome nobody listed (a
 * forbidden one is simply not listed), or when an expected one never turns up. A test that needs
 * one particular interleaving asks for the first seed that shows it ({@link Result#firstSeed})
 * instead of naming a seed that happened to show it on the day it was written.
 *
 * <pre>{@code
 * SeedSearch.Result<MachineRun.Outcome> found =
 *     SeedSearch.of(seed -> ownerUnload(seed, false), UnloadTest::outcomeOf)
 *         .expect("survived", "use-after-free")
 *         .everyRun((seed, run) -> assertThat(run.result().failure()).isNull())
 *         .within(1000);
 * MachineRun.Outcome oops = found.run("use-after-free");
 * }</pre>
 *
 * <p>{@link #allSeeds} runs the whole budget (for "never" properties: no violation in 1,000 seeds).
 * With {@code -Pexhaustive} (system property {@code kmodsim.exhaustive=true}) every search runs all
 * its seeds, ten times as many.
 *
 * @param <R> what one seed's run gives
 */
public final class SeedSearch<R> {
  /** Budgets grow this much, and every search runs them all, under {@code -Pexhaustive}. */
  static final int EXHAUSTIVE_FACTOR = 10;

  private final LongFunction<R> run;
  private final Function<R, String> outcome;
  private final Set<String> expected = new LinkedHashSet<>();
  private final Set<String> allowed = new LinkedHashSet<>();
  private BiConsumer<Long, R> check = (seed, r) -> {};
  private long firstSeed = 1;
  private boolean allSeeds;
  private boolean exhaustive = Boolean.getBoolean("kmodsim.exhaustive");

  private SeedSearch(LongFunction<R> run, Function<R, String> outcome) {
    this.run = run;
    this.outcome = outcome;
  }

  /** Runs {@code run(seed)} and names the run's outcome with {@code outcome}. */
  public static <R> SeedSearch<R> of(LongFunction<R> run, Function<R, String> outcome) {
    return new SeedSearch<>(run, outcome);
  }

  /** Outcomes that must each turn up within the budget (and may turn up). */
  public SeedSearch<R> expect(String... outcomes) {
    expected.addAll(List.of(outcomes));
    return this;
  }

  /** Outcomes that may turn up but need not. */
  public SeedSearch<R> allow(String... outcomes) {
    allowed.addAll(List.of(outcomes));
    return this;
  }

  /** Assertions every run must pass, whatever its outcome. */
  public SeedSearch<R> everyRun(BiConsumer<Long, R> perRun) {
    this.check = perRun;
    return this;
  }

  /** The first seed (default 1). */
  public SeedSearch<R> from(long seed) {
    this.firstSeed = seed;
    return this;
  }

  /** Runs the whole budget even once every expected outcome has been seen. */
  public SeedSearch<R> allSeeds() {
    this.allSeeds = true;
    return this;
  }

  /** As under {@code -Pexhaustive} (or not), whatever the build says; for tests of this class. */
  SeedSearch<R> exhaustive(boolean on) {
    this.exhaustive = on;
    return this;
  }

  /** Runs at most {@code maxSeeds} seeds and checks what they showed. */
  public Result<R> within(int maxSeeds) {
    long budget = exhaustive ? (long) maxSeeds * EXHAUSTIVE_FACTOR : maxSeeds;
    Map<String, Integer> histogram = new TreeMap<>();
    Map<String, Long> firstSeeds = new LinkedHashMap<>();
    Map<String, R> firstRuns = new LinkedHashMap<>();
    long seed = firstSeed;
    for (; seed < firstSeed + budget; seed++) {
      R result = run.apply(seed);
      check.accept(seed, result);
      String name = outcome.apply(result);
      if (!expected.contains(name) && !allowed.contains(name)) {
        throw new AssertionError(
            "seed "
                + seed
                + ": outcome '"
                + name
                + "' is not listed"
                + " (expected "
                + expected
                + ", allowed "
                + allowed
                + "); seen so far "
                + histogram);
      }
      histogram.merge(name, 1, Integer::sum);
      if (firstSeeds.putIfAbsent(name, seed) == null) {
        firstRuns.put(name, result);
      }
      if (!allSeeds && !exhaustive && firstSeeds.keySet().containsAll(expected)) {
        seed++;
        break;
      }
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(firstSeeds.keySet());
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "no seed in "
              + firstSeed
              + ".."
              + (firstSeed + budget - 1)
              + " showed "
              + missing
              + "; histogram "
              + histogram);
    }
    return new Result<>(histogram, firstSeeds, firstRuns, seed - firstSeed);
  }

  /**
   * What a search saw: the histogram, the first seed of each outcome and its run, and how many
   * seeds ran.
   */
  public record Result<R>(
      Map<String, Integer> histogram,
      Map<String, Long> firstSeeds,
      Map<String, R> firstRuns,
      long seedsRun) {

    /** The first seed that showed {@code outcome}. */
    public long firstSeed(String outcome) {
      Long seed = firstSeeds.get(outcome);
      if (seed == null) {
        throw new AssertionError("no seed showed '" + outcome + "'; histogram " + histogram);
      }
      return seed;
    }

    /** The run of that first seed. */
    public R run(String outcome) {
      firstSeed(outcome);
      return firstRuns.get(outcome);
    }
  }
}
