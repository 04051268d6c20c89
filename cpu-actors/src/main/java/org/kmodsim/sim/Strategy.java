package org.kmodsim.sim;

import java.util.List;

/**
 * Chooses which enabled delivery a deterministic run makes next. Only the head of each (sender,
 * receiver) channel is ever enabled, so no strategy can break Pekko's per-pair ordering.
 */
public interface Strategy {
  /**
   * Returns an index into {@code enabled}, which has at least two entries (the engine does not ask
   * when there is no choice).
   */
  int choose(List<? extends Choice> enabled, long step);

  /** Name and parameters, recorded with the seed, e.g. {@code pct(depth=3,k=400)}. */
  String describe();
}
