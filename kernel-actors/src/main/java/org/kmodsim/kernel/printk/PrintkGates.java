package org.kmodsim.kernel.printk;

import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-call-site gates of printk_once() and printk_ratelimited() (include/linux/printk.h
 * DO_ONCE_LITE, lib/ratelimit.c): a call site of the step language is its gate key, "once:FORMAT"
 * or "ratelimit:FORMAT".
 *
 * <p>Owns: 1. the printk_once sites that printed; 2. one ratelimit state per ratelimited site.
 */
final class PrintkGates {
  /** Whether the call prints, and the "callbacks suppressed" line to log first, or null. */
  record Decision(boolean pass, String report) {}

  private static final Decision PASS = new Decision(true, null);

  private final long intervalNanos;
  private final int burst;
  private final TreeSet<String> onceDone = new TreeSet<>();
  private final TreeMap<String, RatelimitState> ratelimits = new TreeMap<>();

  PrintkGates(long intervalNanos, int burst) {
    this.intervalNanos = intervalNanos;
    this.burst = burst;
  }

  /** The decision for one call through {@code gate} (null: no gate) at {@code now}. */
  Decision check(String gate, long now) {
    if (gate == null) {
      return PASS;
    }
    if (gate.startsWith("once:")) {
      return new Decision(onceDone.add(gate), null);
    }
    RatelimitState.Decision decision =
        ratelimits.computeIfAbsent(gate, g -> new RatelimitState(intervalNanos, burst)).check(now);
    String report =
        decision.suppressedBefore() > 0
            ? "printk_ratelimited: " + decision.suppressedBefore() + " callbacks suppressed"
            : null;
    return new Decision(decision.pass(), report);
  }
}
