package org.kmodsim.kernel.kprobes;

/**
 * Jump optimization and the global switches of kernel/kprobes.c: kprobe_optimizer (run
 * OPTIMIZE_DELAY after a change), unoptimize on a post handler, disabling or disarming,
 * kprobes_all_disarmed (debugfs {@code enabled}) and kprobes_allow_optimization (sysctl
 * debug.kprobes-optimization). Pure; the {@link KprobeManager} starts the optimizer's timer when a
 * method says so and prints the log lines.
 *
 * <p>Owns: 1. kprobes_all_disarmed; 2. kprobes_allow_optimization.
 */
final class Optimizer {
  /** What flipping a global switch did. */
  enum Switched {
    /** It was already so: nothing happens, no log line. */
    UNCHANGED,
    SWITCHED,
    /** Switched, and the optimizer must run after the delay. */
    SWITCHED_OPTIMIZE_LATER
  }

  private final KprobeEra era;
  private final KprobeTable table;
  private boolean allDisarmed;
  private boolean optimizationAllowed = true;

  Optimizer(KprobeEra era, KprobeTable table) {
    this.era = era;
    this.table = table;
  }

  boolean allDisarmed() {
    return allDisarmed;
  }

  boolean optimizationAllowed() {
    return optimizationAllowed;
  }

  /** kprobe_optimizer: every probe that may be optimized now is. */
  void optimizeAll() {
    for (Kprobe probe : table.all()) {
      probe.optimized = optimizable(probe.address);
    }
  }

  private boolean optimizable(long address) {
    if (allDisarmed || !optimizationAllowed) {
      return false;
    }
    for (Kprobe probe : table.at(address)) {
      if (probe.ftrace || probe.isDisabled() || !probe.spec.post().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The probes at {@code address} changed: unoptimized; true when the optimizer runs later. */
  boolean unoptimizeAt(long address) {
    table.at(address).forEach(p -> p.optimized = false);
    return era.optprobes();
  }

  /** arm_all_kprobes / disarm_all_kprobes. */
  Switched setAllDisarmed(boolean disarm) {
    if (disarm == allDisarmed) {
      return Switched.UNCHANGED;
    }
    allDisarmed = disarm;
    if (disarm) {
      table.all().forEach(p -> p.optimized = false);
    }
    return !disarm && era.optprobes() ? Switched.SWITCHED_OPTIMIZE_LATER : Switched.SWITCHED;
  }

  /** optimize_all_kprobes / unoptimize_all_kprobes. */
  Switched setOptimizationAllowed(boolean allowed) {
    if (allowed == optimizationAllowed) {
      return Switched.UNCHANGED;
    }
    optimizationAllowed = allowed;
    if (!allowed) {
      table.all().forEach(p -> p.optimized = false);
    }
    return allowed ? Switched.SWITCHED_OPTIMIZE_LATER : Switched.SWITCHED;
  }
}
