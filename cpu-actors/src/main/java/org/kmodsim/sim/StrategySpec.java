package org.kmodsim.sim;

import java.util.Locale;

/**
 * Which strategy a deterministic run uses, before it is seeded: {@code random}, {@code pct} with a
 * depth and a horizon, or {@code replay} of a saved choice log.
 */
public record StrategySpec(String kind, int depth, long horizon, ChoiceLog replay) {

  public static StrategySpec random() {
    return new StrategySpec("random", 0, 0, null);
  }

  public static StrategySpec pct(int depth, long horizon) {
    return new StrategySpec("pct", depth, horizon, null);
  }

  /** Forces the logged choices, then goes on at random (seeded) if the run is longer. */
  public static StrategySpec replay(ChoiceLog log) {
    return new StrategySpec("replay", 0, 0, log);
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
    return switch (kind) {
      case "pct" -> new PctStrategy(seed, depth, horizon);
      case "replay" -> new ReplayStrategy(replay, new RandomWalkStrategy(seed));
      default -> new RandomWalkStrategy(seed);
    };
  }
}
