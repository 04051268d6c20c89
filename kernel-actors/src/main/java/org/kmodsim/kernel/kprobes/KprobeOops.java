package org.kmodsim.kernel.kprobes;

import java.util.Locale;
import org.kmodsim.kernel.step.CpuContext;

/**
 * The oops a CPU takes when the int3 handler or the kretprobe trampoline follows a probe whose
 * struct and handlers were freed with their module (arch/x86/mm/fault.c page_fault_oops): the
 * kernel log line, a use-after-free violation, and the task killed (exit status 137).
 */
final class KprobeOops {
  private KprobeOops() {}

  static void useAfterFree(CpuContext cpu, KprobeManager.Freed freed) {
    String line = String.format(Locale.ROOT,
        "BUG: unable to handle page fault for address: %016x", freed.address());
    cpu.trace("printk", line);
    cpu.sim().violation(cpu.replyTo(), "use-after-free",
        "cpu" + cpu.cpuId() + ": kprobe " + freed.key() + " hit after its module was freed");
    cpu.exit(137);
  }
}
