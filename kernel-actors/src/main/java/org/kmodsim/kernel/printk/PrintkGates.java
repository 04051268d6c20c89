package org.kmodsim.kernel.printk;

import java.util.TreeMap;
import java.util.TreeSet;
import org.kmodsim.cpu.FunctionName;
import org.kmodsim.kernel.Errno;

/**
 * The gates in front of printk: printk_once() and printk_ratelimited() per call site
 * (include/linux/printk.h DO_ONCE_LITE and the static DEFINE_RATELIMIT_STATE(_rs,
 * DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST) of each expansion), and printk_ratelimit()'s
 * one printk_ratelimit_state for every caller (kernel/printk.c, kernel/printk/printk.c), with its
 * sysctls /proc/sys/kernel/printk_ratelimit (proc_dointvec_jiffies: seconds) and
 * printk_ratelimit_burst (proc_dointvec). A call site of the step language is its format within its
 * module function, per load of the module ("once:FORMAT" or "ratelimit:FORMAT" and the {@link
 * FunctionName}): the kernel's static flag and state are in the module's memory, new at each load.
 *
 * <p>Owns: 1. the printk_once sites that printed; 2. one ratelimit state per ratelimited site; 3.
 * printk_ratelimit_state.
 */
final class PrintkGates {
  /** Whether the call prints, and the "callbacks suppressed" line to log first, or null. */
  record Decision(boolean pass, String report) {}

  private static final Decision PASS = new Decision(true, null);

  private final PrintkEra era;
  private final RatelimitState.Jiffies jiffies;
  private final long interval;
  private final int burst;
  private final TreeSet<String> onceDone = new TreeSet<>();
  private final TreeMap<String, RatelimitState> ratelimits = new TreeMap<>();
  private final RatelimitState printkRatelimitState;

  /** The model's DEFAULT_RATELIMIT_INTERVAL and _BURST, also printk_ratelimit_state's at boot. */
  PrintkGates(PrintkEra era, long intervalNanos, int burst) {
    this.era = era;
    this.jiffies = new RatelimitState.Jiffies(era.hz());
    this.interval = jiffies.of(intervalNanos);
    this.burst = burst;
    this.printkRatelimitState = state();
  }

  /**
   * The decision for one call through {@code gate} (null: no gate) at {@code now}, from {@code
   * caller} (null outside module code).
   */
  Decision check(String gate, FunctionName caller, long now) {
    if (gate == null) {
      return PASS;
    }
    String function = caller == null ? null : caller.function();
    String site = caller == null ? gate : caller.module() + "." + function + ":" + gate;
    if (gate.startsWith("once:")) {
      return new Decision(onceDone.add(site), null);
    }
    RatelimitState state = ratelimits.computeIfAbsent(site, s -> state());
    return decision(state.check(now), era.ratelimitReporter(function, "printk_ratelimited"));
  }

  /** printk_ratelimit() from {@code caller} (null outside module code). */
  Decision printkRatelimit(FunctionName caller, long now) {
    String function = caller == null ? null : caller.function();
    return decision(
        printkRatelimitState.check(now), era.ratelimitReporter(function, "printk_ratelimit"));
  }

  private RatelimitState state() {
    return new RatelimitState(jiffies, era.ratelimitBeginsAtNextCall(), interval, burst);
  }

  /** ___ratelimit's KERN_WARNING "%s: %d callbacks suppressed\n" (lib/ratelimit.c). */
  private static Decision decision(RatelimitState.Decision decision, String func) {
    int missed = decision.suppressedBefore();
    String report = missed > 0 ? func + ": " + missed + " callbacks suppressed" : null;
    return new Decision(decision.pass(), report);
  }

  /** A read of printk_ratelimit (proc_dointvec_jiffies: rs->interval / HZ) or _burst. */
  String read(boolean intervalFile) {
    return (intervalFile
            ? printkRatelimitState.interval() / era.hz()
            : printkRatelimitState.burst())
        + "\n";
  }

  /**
   * A write of printk_ratelimit (seconds, stored times HZ; more than INT_MAX / HZ is EINVAL) or
   * printk_ratelimit_burst: the first number is taken (proc_dointvec), text that is not one is
   * EINVAL and keeps the old value.
   *
   * @return null on success, else the errno
   */
  Errno write(boolean intervalFile, String data) {
    String word = data.trim().split("\\s+")[0];
    int value;
    try {
      value = Integer.parseInt(word.startsWith("+") ? word.substring(1) : word);
    } catch (NumberFormatException e) {
      return Errno.EINVAL;
    }
    if (!intervalFile) {
      printkRatelimitState.setBurst(value);
      return null;
    }
    if (Math.abs((long) value) > Integer.MAX_VALUE / era.hz()) {
      return Errno.EINVAL;
    }
    printkRatelimitState.setInterval((long) value * era.hz());
    return null;
  }
}
