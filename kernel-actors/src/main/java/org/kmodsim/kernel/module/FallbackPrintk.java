package org.kmodsim.kernel.module;

import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The module subsystem's fallback {@code printk}, for a machine without a printk subsystem: a
 * kernel log line with its {@code <N>} level, traced.
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
    int level = LogLine.WARNING;
    String body = text;
    if (body.length() > 2
        && body.charAt(0) == '<'
        && body.charAt(2) == '>'
        && Character.isDigit(body.charAt(1))) {
      level = body.charAt(1) - '0';
      body = body.substring(3);
    }
    cpu.trace(org.kmodsim.kernel.printk.PrintkTrace.printk(cpu.cpuId(), level, body, -1));
    return StepResult.NEXT;
  }
}
