package org.kmodsim.sim;

/**
 * A replayed choice log that does not fit the run: it chooses a delivery that is not there. The log
 * was written for another scenario, era or build, or edited: the user's input, not a model bug.
 */
public final class ReplayDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ReplayDivergedException(String message) {
    super(message);
  }
}
