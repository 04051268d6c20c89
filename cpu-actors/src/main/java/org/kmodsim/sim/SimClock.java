package org.kmodsim.sim;

/** Simulated time in nanoseconds since the run started. */
public interface SimClock {
  long nowNanos();
}
