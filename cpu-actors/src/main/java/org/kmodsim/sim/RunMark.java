package org.kmodsim.sim;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The engine's counters of a run at an instant the model chose ({@link Sim#mark}): what a rate
 * counted from there leaves out, such as a concurrent stress run's warm-up, while the run's result
 * keeps the totals.
 *
 * @param steps deliveries so far
 * @param wallNanos wall-clock nanoseconds since the run started
 * @param coverage every coverage probe's count so far
 * @param cpuNanos the process's CPU time so far ({@link ProcessCpu}), -1 when unknown
 */
public record RunMark(long steps, long wallNanos, SortedMap<String, Long> coverage, long cpuNanos) {
  public RunMark {
    coverage = Collections.unmodifiableSortedMap(new TreeMap<>(coverage));
  }

  /** A probe's count at the mark, 0 when it had none. */
  public long covered(String probe) {
    return coverage.getOrDefault(probe, 0L);
  }
}
