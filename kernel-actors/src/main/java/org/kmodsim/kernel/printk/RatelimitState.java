package org.kmodsim.kernel.printk;

/**
 * struct ratelimit_state and the function that tests it, counted in jiffies as the kernel counts:
 * at most {@code burst} passes per {@code interval}; the first call after the interval has run out
 * (time_is_before_jiffies(rs->begin + rs->interval): jiffies past begin + interval, one jiffy after
 * the interval's last) reports the misses, "%s: %d callbacks suppressed", before its own pass.
 * {@code rs->begin} is 0 until the first call sets it to jiffies.
 *
 * <p>Two versions: v2.6.32 lib/ratelimit.c {@code __ratelimit(rs)} sets {@code rs->begin = 0} at
 * the reporting call, so the next interval begins at the call after it; from 2.6.33 {@code
 * ___ratelimit(rs, func)} (4.19, 6.12) sets {@code rs->begin = jiffies}, the reporting call's own
 * time. The lock both take is the Printk actor's own order here: no call finds it contended.
 *
 * <p>Owns: begin, printed, missed of one state; interval and burst (printk_ratelimit_state's are
 * the sysctls printk_ratelimit and printk_ratelimit_burst).
 */
final class RatelimitState {
  private final Jiffies jiffies;
  private final boolean beginsAtNextCall;
  private long interval;
  private int burst;
  private long begin;
  private int printed;
  private int missed;

  /** A state of {@code interval} jiffies and {@code burst}, tested the way {@code era} tests it. */
  RatelimitState(Jiffies jiffies, boolean beginsAtNextCall, long interval, int burst) {
    this.jiffies = jiffies;
    this.beginsAtNextCall = beginsAtNextCall;
    this.interval = interval;
    this.burst = burst;
  }

  /** The decision and the number of misses to report first (0 for none). */
  record Decision(boolean pass, int suppressedBefore) {}

  long interval() {
    return interval;
  }

  int burst() {
    return burst;
  }

  /** A sysctl write: rs->interval (in jiffies). */
  void setInterval(long jiffiesInterval) {
    interval = jiffiesInterval;
  }

  /** A sysctl write: rs->burst. */
  void setBurst(int newBurst) {
    burst = newBurst;
  }

  Decision check(long nowNanos) {
    if (interval == 0) {
      return new Decision(true, 0);
    }
    long now = jiffies.at(nowNanos);
    int report = 0;
    if (begin == 0) {
      begin = now;
    }
    if (now - (begin + interval) > 0) { // time_is_before_jiffies(rs->begin + rs->interval)
      report = missed;
      missed = 0;
      printed = 0;
      begin = beginsAtNextCall ? 0 : now;
    }
    if (burst > 0 && burst > printed) {
      printed++;
      return new Decision(true, report);
    }
    missed++;
    return new Decision(false, report);
  }

  /**
   * The jiffies counter of the era's HZ: INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300*HZ),
   * include/linux/jiffies.h since 2.5) plus the ticks since boot, so it is never 0 in a run (0 is
   * rs->begin's "not yet").
   */
  record Jiffies(int hz) {
    long tickNanos() {
      return 1_000_000_000L / hz;
    }

    long at(long nowNanos) {
      return (1L << 32) - 300L * hz + nowNanos / tickNanos();
    }

    /** A duration in whole jiffies (msecs_to_jiffies rounds up; the model's are whole). */
    long of(long nanos) {
      return (nanos + tickNanos() - 1) / tickNanos();
    }
  }
}
