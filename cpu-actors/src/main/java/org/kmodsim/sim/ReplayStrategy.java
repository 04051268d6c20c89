package org.kmodsim.sim;

import java.util.List;

/**
 * Forces the choices of a saved {@link ChoiceLog}. Past the end of the log it falls back to the
 * given strategy (minimisation replays shortened logs this way). A logged choice that is out of
 * range means the model no longer behaves as when the log was written.
 */
public final class ReplayStrategy implements Strategy {
  private final ChoiceLog log;
  private final Strategy afterwards;
  private int next;

  public ReplayStrategy(ChoiceLog log, Strategy afterwards) {
    this.log = log;
    this.afterwards = afterwards;
  }

  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    // The log also records forced steps (one enabled); those never reach a strategy.
    while (next < log.size() && log.enabled(next) == 1) {
      next++;
    }
    if (next >= log.size()) {
      return afterwards.choose(enabled, step);
    }
    int choice = log.choice(next++);
    if (choice >= enabled.size()) {
      throw new ReplayDivergedException(
          "replay diverged at step "
              + step
              + ": the log chooses "
              + choice
              + " but only "
              + enabled.size()
              + " deliveries are enabled");
    }
    return choice;
  }

  @Override
  public String describe() {
    return "replay(" + log.size() + " choices)";
  }
}
