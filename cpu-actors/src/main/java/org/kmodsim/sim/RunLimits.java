package org.kmodsim.sim;

import java.util.function.BooleanSupplier;

/**
 * The bounds of one deterministic run, looked at before each delivery, and the words for the one it
 * reached (the run's halt reason): the engine's interrupt, the step cap, the wall-clock limit
 * (looked at every 1,024 deliveries), the choice log's size, the virtual-time limit. Also what
 * another thread may see of the run's progress, as of the last look.
 */
final class RunLimits {
  /** Deliveries between two looks at the wall clock (a look costs as much as a few deliveries). */
  private static final long WALL_CHECK_MASK = 1023;

  private final RunSpec spec;
  private final BooleanSupplier interrupted;
  private final long wallStart;
  private String reason;
  private volatile long liveSteps;
  private volatile long liveNanos;

  RunLimits(RunSpec spec, BooleanSupplier interrupted, long wallStart) {
    this.spec = spec;
    this.interrupted = interrupted;
    this.wallStart = wallStart;
  }

  /**
   * The limit reached before the next delivery, or null; {@code timed} is false for a stepped run,
   * whose pauses are the test's time, not the run's.
   */
  EndReason beforeDelivery(long steps, long now, boolean timed) {
    if (interrupted.getAsBoolean()) {
      reason = "interrupted";
      return EndReason.INTERRUPTED;
    }
    if (steps >= spec.maxSteps()) {
      reason = "step limit reached: " + spec.maxSteps() + " deliveries";
      return EndReason.STEP_LIMIT;
    }
    if (timed && (steps & WALL_CHECK_MASK) == 0) {
      liveSteps = steps;
      liveNanos = now;
      if (System.nanoTime() - wallStart > spec.wallLimit().toNanos()) {
        long nanos = spec.wallLimit().toNanos();
        reason =
            "wall-time limit reached: "
                + (nanos >= 1_000_000 ? nanos / 1_000_000 + " ms" : nanos + " ns");
        return EndReason.WALL_TIME_LIMIT;
      }
    }
    return null;
  }

  /** True when a log of {@code size} choices may take no more. */
  boolean choiceLogFull(int size) {
    if (size < spec.maxChoices()) {
      return false;
    }
    reason = "choice log full: " + spec.maxChoices() + " choices";
    return true;
  }

  /** True when the next timer, due at {@code due}, is past the virtual-time limit. */
  boolean pastVirtualTime(long due) {
    if (due <= spec.maxVirtualNanos()) {
      return false;
    }
    reason =
        "virtual-time limit reached: a timer due at "
            + due
            + " ns is past the run's "
            + spec.maxVirtualNanos()
            + " ns";
    return true;
  }

  /** Why the run stopped, after one of the checks said so. */
  String reason() {
    return reason;
  }

  long liveSteps() {
    return liveSteps;
  }

  long liveNanos() {
    return liveNanos;
  }
}
