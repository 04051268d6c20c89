package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.module.Module;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.PrintkTrace;

/**
 * The oops a CPU takes on a bad access from probe code (arch/x86/mm/fault.c page_fault_oops,
 * arch/x86/kernel/dumpstack.c __die): the int3 handler or the kretprobe trampoline following a
 * probe freed with its module, a call through a NULL or dangling pointer, a fault in a handler
 * nobody handled. The safety rule broken is reported as a violation of its own {@code kind}; the
 * report goes to printk's oops path (which counts the oops, and may panic), or to the trace when
 * printk is not booted; the task is killed (exit status 137).
 */
record KprobeOops(String kind, String message, String detail, String module, long address)
    implements Step {

  /** Runs the oops on this CPU now, as a nested frame. */
  static void raise(CpuContext cpu, String kind, String message, String detail) {
    cpu.call("oops", List.of(new KprobeOops(kind, message, detail, null, 0)), 1);
  }

  /**
   * The int3 handler or the trampoline read a probe struct in the freed memory of {@code module}:
   * with the module subsystem booted, its loader prints the era's oops for a freed module (and
   * counts the use-after-free), as for any other touch of freed module memory.
   */
  static void freed(CpuContext cpu, TrapReply.Freed freed, String detail) {
    String module = freed.key().owner().isEmpty() ? null : freed.key().owner();
    cpu.call(
        "oops",
        List.of(new KprobeOops("use-after-free", freed.message(), detail, module, freed.address())),
        1);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    if (module != null && cpu.services().has(ModuleLoader.KEY)) {
      cpu.send(
          cpu.services().get(ModuleLoader.KEY),
          new ModuleLoader.ReportOops(
              cpu.cpuId(), "kmodsim", new Module.Oops(module, address, "read")));
      return killed(cpu);
    }
    cpu.sim().violation(cpu.replyTo(), kind, "cpu" + cpu.cpuId() + ": " + detail);
    List<String> lines =
        List.of(
            "BUG: " + message,
            "Oops: 0000 [#1] SMP",
            "CPU: " + cpu.cpuId() + " PID: " + (1000 + cpu.cpuId()) + " Comm: kmodsim Not tainted");
    if (cpu.services().has(Printk.KEY)) {
      return cpu.request(
          Printk.KEY,
          r -> new Printk.Oops(cpu.cpuId(), message, lines, r),
          Printk.OopsDone.class,
          (c, done) -> killed(c));
    }
    lines.forEach(line -> cpu.trace(PrintkTrace.printk(cpu.cpuId(), 4, line, -1)));
    cpu.sim().violation(cpu.replyTo(), "oops", message);
    return killed(cpu);
  }

  private static StepResult killed(CpuContext cpu) {
    cpu.killTask();
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "oops";
  }
}
