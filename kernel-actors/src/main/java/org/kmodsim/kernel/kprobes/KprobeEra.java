package org.kmodsim.kernel.kprobes;

import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * What kprobes look like in one era (kernel/kprobes.c, include/linux/kprobes.h of 2.6.32, 4.19 and
 * 6.12): which fields and flags exist, which errno a failure gives, and the kretprobe defaults.
 * Mainline 2.4 had no kprobes: the era behaves as a kernel without {@code CONFIG_KPROBES}.
 *
 * @param configured CONFIG_KPROBES (the debugfs files and the API exist)
 * @param preempt CONFIG_PREEMPT(ION), which changes the default kretprobe maxactive before 6.x
 */
public record KprobeEra(Era era, boolean configured, boolean preempt) {

  public static KprobeEra of(Era era) {
    return new KprobeEra(era, true, false);
  }

  /** The API does something; otherwise the header stubs answer {@link #stubErrno}. */
  public boolean hasKprobes() {
    return configured && era.atLeast(Era.V2_6);
  }

  /**
   * What include/linux/kprobes.h's !CONFIG_KPROBES stubs of register_kprobe, register_kretprobe,
   * enable_kprobe and disable_kprobe return: -EOPNOTSUPP since 5.16 ("kprobes: Fix coding style
   * issues"), -ENOSYS before (and the model's 2.4, which has no kprobes at all).
   */
  public Errno stubErrno() {
    return era.atLeast(Era.V6_X) ? Errno.EOPNOTSUPP : Errno.ENOSYS;
  }

  /** kprobe::fault_handler exists up to 5.13. */
  public boolean hasFaultHandler() {
    return !era.atLeast(Era.V6_X);
  }

  /** Registering a registered struct again is refused (-EINVAL) after the 2.6 era. */
  public boolean checksReregistration() {
    return era.atLeast(Era.V4_X);
  }

  /** 5.12+: the refusal comes with WARN_ON_ONCE. */
  public boolean warnsOnReregistration() {
    return era.atLeast(Era.V6_X);
  }

  /** An unknown symbol: -ENOENT; the 2.6 kernels answered -EINVAL for any lookup failure. */
  public Errno unknownSymbol() {
    return era.atLeast(Era.V4_X) ? Errno.ENOENT : Errno.EINVAL;
  }

  /** Probing the text of a module that is going away (try_module_get failed). */
  public Errno moduleGoing() {
    return era.atLeast(Era.V4_X) ? Errno.ENOENT : Errno.EINVAL;
  }

  /** CONFIG_KPROBES_ON_FTRACE (3.7+): a probe on the fentry call site is an [FTRACE] probe. */
  public boolean ftraceProbes() {
    return era.atLeast(Era.V4_X);
  }

  /** x86 IBT (5.18+): functions start with ENDBR64 and entry probes land on symbol+4. */
  public boolean ibt() {
    return era.atLeast(Era.V6_X);
  }

  /** CONFIG_OPTPROBES (2.6.34+). */
  public boolean optprobes() {
    return era.atLeast(Era.V4_X);
  }

  /** /sys/kernel/debug/kprobes/blacklist exists from 3.16. */
  public boolean blacklistFile() {
    return era.atLeast(Era.V4_X);
  }

  /** KRETPROBE_MAX_DATA_SIZE = 4096, larger data_size is -E2BIG (5.16+). */
  public boolean limitsDataSize() {
    return era.atLeast(Era.V6_X);
  }

  /** kallsyms_lookup_name() is exported to modules up to 5.6. */
  public boolean exportsKallsymsLookupName() {
    return !era.atLeast(Era.V6_X);
  }

  /** hash_ptr() of the era: hash_long with GOLDEN_RATIO_PRIME before 4.7, hash_64 after. */
  public int bucketOf(long address) {
    long golden = era.atLeast(Era.V4_X) ? 0x61C8864680B583EBL : 0x9e37fffffffc0001L;
    return (int) ((address * golden) >>> (64 - KprobeTable.HASH_BITS));
  }

  /**
   * The maxactive a kretprobe gets when it asks for none (kp.c register_kretprobe): 6.x always
   * max(10, 2 * CPUs); before, max(10, 2 * CPUs) only with preemption, else the CPU count.
   */
  public int defaultMaxactive(int cpus) {
    if (era.atLeast(Era.V6_X) || preempt) {
      return Math.max(10, 2 * cpus);
    }
    return cpus;
  }

  /** The log line of a write to debugfs kprobes/enabled (pr_fmt "kprobes: " in 6.x). */
  public String globallyLine(boolean enabled) {
    String line = "Kprobes globally " + (enabled ? "enabled" : "disabled");
    return era.atLeast(Era.V6_X) ? "kprobes: " + line : line;
  }

  /** The first oops line after "BUG: " for a kernel-mode fault at {@code address} (x86 fault.c). */
  public String faultMessage(long address) {
    boolean nullPage = Long.compareUnsigned(address, 4096) < 0;
    String hex = String.format(java.util.Locale.ROOT, "%016x", address);
    if (era.atLeast(Era.V6_X)) {
      return nullPage
          ? "kernel NULL pointer dereference, address: " + hex
          : "unable to handle page fault for address: " + hex;
    }
    String at = nullPage && !era.atLeast(Era.V4_X) && address == 0 ? "(null)" : hex;
    return "unable to handle kernel "
        + (nullPage ? "NULL pointer dereference" : "paging request")
        + " at "
        + at;
  }

  /** The log line of a write to /proc/sys/debug/kprobes-optimization (reworded in 5.14). */
  public String optimizationLine(boolean enabled) {
    if (era.atLeast(Era.V6_X)) {
      return enabled
          ? "kprobes: kprobe jump-optimization is enabled. All kprobes are optimized if possible."
          : "kprobes: kprobe jump-optimization is disabled. All kprobes are based on software"
              + " breakpoint.";
    }
    return enabled ? "Kprobes globally optimized" : "Kprobes globally unoptimized";
  }
}
