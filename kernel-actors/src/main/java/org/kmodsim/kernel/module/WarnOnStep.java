package org.kmodsim.kernel.module;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.printk.Printk;

/**
 * WARN_ON in module code (include/asm-generic/bug.h; on x86 a ud2 that traps into report_bug): the
 * loader prints the warning report and taints W (kernel/panic.c __warn); the code goes on. The
 * module file's loader gives the step its site ({@link ModuleFunctions}, read back by {@link
 * ModuleCommandLine#warnOnSite}); 2.4 had no WARN_ON.
 */
@Step.Named("WARN_ON")
record WarnOnStep(WarnText.Site site) implements Step {

  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo -> new ModuleLoader.ReportWarning(cpu.cpuId(), "cpu" + cpu.cpuId(), site, replyTo),
        ModuleLoader.Warned.class,
        (c, warned) -> {
          // From the CPU itself, so the report comes before the CPU's next printk.
          for (LogLine line : warned.lines()) {
            if (c.services().has(Printk.KEY)) {
              c.send(Printk.KEY, new Printk.Log(line.level(), line.text()));
            } else {
              c.trace(
                  org.kmodsim.kernel.printk.PrintkTrace.printk(
                      c.cpuId(), line.level(), line.text(), -1));
            }
          }
          return StepResult.NEXT;
        });
  }
}
