package org.kmodsim.sim;

/**
 * Why a run ended. A run that ended at a limit or by an interrupt is <em>truncated</em>: what it
 * computed is partial, and {@link #truncation()} names why in the words the command line and the
 * JSON output use.
 */
public enum EndReason {
  /** Nothing left to deliver and no timer pending. */
  QUIESCENT(null),
  /** Model code called {@link Sim#halt}, for example when every CPU finished or on panic. */
  HALTED(null),
  /** The step bound of the run was reached ({@code kmodsim.run.max-steps}). */
  STEP_LIMIT("step-limit"),
  /** The virtual clock would have passed the run's bound ({@code kmodsim.run.max-virtual-time}). */
  VIRTUAL_TIME_LIMIT("virtual-time"),
  /** The run took longer than its wall-clock bound ({@code kmodsim.run.wall-limit}). */
  WALL_TIME_LIMIT("wall-time"),
  /** The run's choice log was full ({@code kmodsim.run.max-choice-log}). */
  CHOICE_LOG_LIMIT("choice-log-limit"),
  /** The engine was interrupted (Ctrl-C, SIGTERM): {@link SimEngine#interrupt}. */
  INTERRUPTED("interrupted"),
  /** Model code threw: a {@code Bug.on} invariant, or a plain bug in the model. */
  FAILED(null),
  /**
   * The strategy stopped the run: what would follow was explored already (an exhaustive search
   * reached a state or a schedule it had seen).
   */
  PRUNED(null);

  private final String truncation;

  EndReason(String truncation) {
    this.truncation = truncation;
  }

  /** {@code step-limit}, {@code virtual-time}, ... for a truncated run; null for a whole one. */
  public String truncation() {
    return truncation;
  }

  public boolean truncated() {
    return truncation != null;
  }
}
