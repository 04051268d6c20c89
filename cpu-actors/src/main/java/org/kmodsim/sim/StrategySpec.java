package org.kmodsim.sim;

import java.util.Locale;

/**
 * Which strategy a deterministic run uses, before it is seeded: {@code random}, {@code pct} with a
 * depth and a horizon, or {@code replay} of a saved choice log.
 */
public record StrategySpec(
    String kind,
    int depth,
    long horizon,
    ChoiceLog replay,
    java.util.function.LongFunction<Strategy> custom) {

  private static final StrategySpec RANDOM = new StrategySpec("random", 0, 0, null, null);

  /** Uniform choice; one spec for every run (a record without state: equal to a new one). */
  public static StrategySpec random() {
    return RANDOM;
  }

  public static StrategySpec pct(int depth, long horizon) {
    return new StrategySpec("pct", depth, horizon, null, null);
  }

  /** Forces the logged choices, then goes on at random (seeded) if the run is longer. */
  public static StrategySpec replay(ChoiceLog log) {
    return new StrategySpec("replay", 0, 0, log, null);
  }

  /**
   * A strategy made for one run by an exploration (one {@code dpor} run, a state-caching {@code
   * dfs} run): {@code make} gets the run's seed.
   */
  public static StrategySpec of(String kind, java.util.function.LongFunction<Strategy> make) {
    return new StrategySpec(kind, 0, 0, null, make);
  }

  /** Parses a strategy name from the command line: random or pct. */
  public static StrategySpec parse(String name, int depth, long horizon) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "random" -> random();
      case "pct" -> pct(depth, horizon);
      default ->
          throw new IllegalArgumentException(
              "unknown strategy '" + name + "' (expected random or pct)");
    };
  }

  public Strategy create(long seed) {
    if (custom != null) {
      return custom.apply(seed);
    }
    return switch (kind) {
      case "pct" -> new PctStrategy(seed, depth, horizon);
      case "replay" -> new ReplayStrategy(replay, new RandomWalkStrategy(seed));
      default -> new RandomWalkStrategy(seed);
    };
  }
}
