package org.kmodsim.kernel.module;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.KernLevels;
import org.kmodsim.kernel.printk.PrintkTrace;

/**
 * The module subsystem's fallback {@code printk}, for a machine without a printk subsystem: a
 * kernel log line with its level (a KERN_* macro, or the era's literal {@code <N>}: {@link
 * KernLevels}; none is KERN_WARNING, the default message level), traced. The words are not
 * formatted.
 */
@Step.Named("printk")
record FallbackPrintk(LogLine line) implements Step {

  /** Registers {@code printk} unless a printk subsystem did. */
  static void registerIfMissing(Commands commands, Era era) {
    commands.registerIfAbsent(
        "printk [KERN_LEVEL] TEXT (module subsystem fallback)", args -> of(args, era));
  }

  static FallbackPrintk of(List<String> args, Era era) {
    KernLevels.Leveled leveled = KernLevels.split(args, era);
    StringBuilder text = new StringBuilder(leveled.format());
    leveled.args().forEach(arg -> text.append(' ').append(arg));
    int level = leveled.level() < 0 ? LogLine.WARNING : leveled.level();
    return new FallbackPrintk(new LogLine(level, text.toString()));
  }

  @Override
  public StepResult run(CpuContext cpu) {
    cpu.trace(PrintkTrace.printk(cpu.cpuId(), line.level(), line.text(), -1));
    return StepResult.NEXT;
  }
}
