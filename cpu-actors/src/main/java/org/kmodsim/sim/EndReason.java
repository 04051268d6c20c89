package org.kmodsim.sim;

/** Why a run ended. */
public enum EndReason {
  /** Nothing left to deliver and no timer pending. */
  QUIESCENT,
  /** Model code called {@link Sim#halt}, for example when every CPU finished or on panic. */
  HALTED,
  /** The step bound of the run was reached. */
  STEP_LIMIT,
  /** The virtual (or, in concurrent mode, wall) time bound of the run was reached. */
  TIME_LIMIT,
  /** Model code threw: a {@code Bug.on} invariant, or a plain bug in the model. */
  FAILED,
  /**
   * The strategy stopped the run: what would follow was explored already (an exhaustive search
   * reached a state or a schedule it had seen).
   */
  PRUNED
}
