package org.kmodsim.sim;

import java.util.List;
import java.util.SplittableRandom;

/** Uniform choice among the enabled deliveries at every step. */
public final class RandomWalkStrategy implements Strategy {
  private final SplittableRandom random;

  public RandomWalkStrategy(long seed) {
    this.random = new SplittableRandom(Seeds.mix(seed, 0x5EEDL));
  }

  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    return random.nextInt(enabled.size());
  }

  @Override
  public String describe() {
    return "random";
  }
}
