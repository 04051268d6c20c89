package org.kmodsim.kernel.kprobes;

import com.typesafe.config.Config;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The kprobes configuration ({@code kmodsim.kprobes}), read once at boot.
 *
 * @param configured CONFIG_KPROBES: {@code config-kprobes}, and only with CONFIG_KALLSYMS ({@code
 *     kmodsim.modules.kallsyms}), which KPROBES selects in arch/Kconfig: a kernel configured
 *     without KALLSYMS has no kprobes
 * @param preempt CONFIG_PREEMPT(ION), for the default kretprobe maxactive before 6.x
 * @param optimizeDelayNanos OPTIMIZE_DELAY (5 jiffies) before a probe is jump-optimized
 * @param trapNanos what an int3 hit costs the CPU besides the handlers (trap, single-step)
 * @param kernelCallNanos how long a kernel function called by {@code kcall} runs by default
 * @param pendingRegistrationsMax registrations waiting for kallsyms at once; more fail -EAGAIN
 */
public record KprobeSettings(
    boolean configured,
    boolean preempt,
    long optimizeDelayNanos,
    long trapNanos,
    long kernelCallNanos,
    int pendingRegistrationsMax) {

  public static KprobeSettings fromConfig(Config config) {
    ConfigValues c = ConfigValues.of(config, "kmodsim.kprobes");
    return new KprobeSettings(
        c.bool("config-kprobes") && ConfigValues.of(config, "kmodsim.modules").bool("kallsyms"),
        c.bool("config-preempt"),
        c.duration("optimize-delay"),
        c.duration("trap-cost"),
        c.duration("kernel-call-cost"),
        c.intIn("pending-registrations-max", 1, 1 << 20));
  }

  public static KprobeSettings defaults() {
    return new KprobeSettings(true, false, 20_000_000, 100, 200, 1024);
  }
}
