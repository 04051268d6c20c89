package org.kmodsim.kernel.printk;

/**
 * struct ratelimit_state and ___ratelimit() (lib/ratelimit.c): at most {@code burst} passes per
 * {@code interval}; when a new interval starts after misses, the caller logs "%s: %d callbacks
 * suppressed".
 */
final class RatelimitState {
  private final long intervalNanos;
  private final int burst;
  private long begin = -1;
  private int printed;
  private int missed;

  RatelimitState(long intervalNanos, int burst) {
    this.intervalNanos = intervalNanos;
    this.burst = burst;
  }

  /** The decision and the number of misses to report first (0 for none). */
  record Decision(boolean pass, int suppressedBefore) {}

  Decision check(long now) {
    if (intervalNanos == 0) {
      return new Decision(true, 0);
    }
    int report = 0;
    if (begin < 0) {
      begin = now;
    }
    if (now > begin + intervalNanos) {
      report = missed;
      begin = now;
      printed = 0;
      missed = 0;
    }
    if (burst > printed) {
      printed++;
      return new Decision(true, report);
    }
    missed++;
    return new Decision(false, report);
  }
}
