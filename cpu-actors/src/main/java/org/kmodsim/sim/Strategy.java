package org.kmodsim.sim;

import java.util.List;

/**
 * Chooses which enabled delivery a deterministic run makes next. Only the head of each (sender,
 * receiver) channel is ever enabled, so no strategy can break Pekko's per-pair ordering.
 */
public interface Strategy {
  /** Returned by {@link #choose} to end the run here: what follows was explored already. */
  int STOP = -1;

  /**
   * Returns an index into {@code enabled}, which has at least two entries (the engine does not ask
   * when there is no choice).
   */
  int choose(List<? extends Choice> enabled, long step);

  /**
   * Whether the engine also asks when only one delivery is enabled (a strategy that may {@link
   * #STOP} there, or that follows the machine's state at every step).
   */
  default boolean choosesForcedSteps() {
    return false;
  }

  /**
   * Called once a delivery and everything it caused have finished, with what it touched; only when
   * the run records its schedule ({@link RunSpec#withSchedule}).
   */
  default void delivered(Schedule.Event event) {}

  /** Called before the first choice: the run's view for strategies that follow its state. */
  default void attach(RunView run) {}

  /** Name and parameters, recorded with the seed, e.g. {@code pct(depth=3,k=400)}. */
  String describe();
}
