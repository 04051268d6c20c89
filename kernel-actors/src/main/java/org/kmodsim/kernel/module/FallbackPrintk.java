package org.kmodsim.kernel.module;

import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.printk.PrintkTrace;

/**
 * The module subsystem's fallback {@code printk}, for a machine without a printk subsystem: a
 * kernel log line with its {@code <N>} level ({@link LogLine#parse}), traced.
 */
@Step.Named("printk")
record FallbackPrintk(String text) implements Step {

  /** Registers {@code printk} unless a printk subsystem did. */
  static void registerIfMissing(Commands commands) {
    commands.registerIfAbsent(
        "printk \"<LEVEL>TEXT\" (module subsystem fallback)",
        args -> new FallbackPrintk(String.join(" ", args)));
  }

  @Override
  public StepResult run(CpuContext cpu) {
    LogLine line = LogLine.parse(text);
    cpu.trace(PrintkTrace.printk(cpu.cpuId(), line.level(), line.text(), -1));
    return StepResult.NEXT;
  }
}
