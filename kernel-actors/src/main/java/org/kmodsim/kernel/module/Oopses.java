package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * The oops a CPU produces when it touches a freed module (arch/x86/mm/fault.c show_fault_oops,
 * kernel/panic.c, kernel/module/main.c print_modules), per era, and the violation the run counts.
 */
final class Oopses {
  private Oopses() {}

  static void report(ModuleInternal kernel, ModuleLoader.ReportOops report) {
    Module.Oops oops = report.oops();
    kernel.debugLocksOff(); // oops_enter
    for (LogLine line : lines(kernel, report, kernel.nextOops())) {
      kernel.log(line);
    }
    kernel.taint(List.of(Taint.DIE));
    kernel
        .sim()
        .violation(
            kernel.self(),
            "use-after-free",
            "cpu"
                + report.cpu()
                + " "
                + oops.access()
                + " at "
                + Long.toHexString(oops.address())
                + " in freed module "
                + oops.module());
    oopsEnd(kernel, report.cpu());
  }

  /**
   * __warn (kernel/panic.c) from report_bug on x86: the report, then add_taint(TAINT_WARN,
   * LOCKDEP_STILL_OK); the task goes on.
   */
  static void warn(ModuleInternal kernel, ModuleLoader.ReportWarning report) {
    Era era = kernel.era().era();
    ModuleList.Entry entry = kernel.modules().find(report.site().module());
    long address = entry == null ? 0 : entry.address;
    long endTraceId = era.atLeast(Era.V6_X) ? 0 : kernel.sim().random("oops_id").nextLong();
    WarnText text =
        new WarnText(
            era,
            report.cpu(),
            1000 + report.cpu(),
            report.comm(),
            report.site(),
            address,
            Taint.taintedLine(kernel.tainted(), era),
            modulesLinkedIn(kernel),
            endTraceId);
    List<LogLine> lines = text.lines();
    kernel.taint(List.of(Taint.WARN));
    kernel.send(report.replyTo(), new ModuleLoader.Warned(lines));
    kernel.trace("warn", report.site().module() + " " + report.site().function());
  }

  /**
   * The #CP of an indirect call without ENDBR (6.12 arch/x86/kernel/cet.c do_kernel_cp_fault:
   * pr_err "Missing ENDBR: %pS", then BUG(), which lib/bug.c report_bug prints with CUT_HERE and
   * "kernel BUG at %s:%u!", then die("invalid opcode")): the oops, taint D, the violation.
   */
  static void missingEndbr(ModuleInternal kernel, ModuleLoader.ReportMissingEndbr report) {
    Era era = kernel.era().era();
    kernel.debugLocksOff(); // oops_enter
    kernel.log(LogLine.err("Missing ENDBR: " + report.target()));
    kernel.log(LogLine.warn(WarnText.CUT_HERE));
    kernel.log(new LogLine(2, "kernel BUG at arch/x86/kernel/cet.c:132!"));
    List<LogLine> lines =
        OopsText.die(
            era,
            report.cpu(),
            1000 + report.cpu(),
            report.comm(),
            "invalid opcode",
            kernel.nextOops(),
            Taint.taintedLine(kernel.tainted(), era),
            "RIP: 0010:do_kernel_cp_fault",
            "? " + report.target(),
            modulesLinkedIn(kernel));
    lines.forEach(kernel::log);
    kernel.taint(List.of(Taint.DIE));
    kernel
        .sim()
        .violation(
            kernel.self(),
            "missing-endbr",
            "cpu" + report.cpu() + " indirect call to " + report.target() + " without ENDBR");
    oopsEnd(kernel, report.cpu());
  }

  /** oops_end(): panic("Fatal exception") under panic_on_oops, through printk's panic(). */
  private static void oopsEnd(ModuleInternal kernel, int cpu) {
    if (kernel.settings().panicOnOops()) {
      kernel
          .deps()
          .log()
          .panic(
              kernel.sim(),
              kernel.self(),
              cpu,
              "Fatal exception",
              true,
              Taint.maskOf(kernel.tainted()));
    }
  }

  /** print_modules: {@code Modules linked in: a b(OE)} and {@code [last unloaded: c]}. */
  static String modulesLinkedIn(ModuleInternal kernel) {
    StringBuilder line = new StringBuilder("Modules linked in:");
    for (String module : linkedIn(kernel.modules())) {
      line.append(' ').append(module);
    }
    if (kernel.lastUnloaded() != null) {
      line.append(" [last unloaded: ").append(kernel.lastUnloaded()).append(']');
    }
    return line.toString();
  }

  /** The names of the modules, newest first, with their flags for "Modules linked in:". */
  static List<String> linkedIn(ModuleList modules) {
    List<String> names = new ArrayList<>();
    for (ModuleList.Entry entry : modules.newestFirst()) {
      String letters = Taint.moduleString(entry.taints);
      String marks =
          (entry.state() == ModuleState.COMING ? "+" : "")
              + (entry.state() == ModuleState.GOING ? "-" : "");
      names.add(
          entry.name + (letters.isEmpty() && marks.isEmpty() ? "" : "(" + letters + marks + ")"));
    }
    return names;
  }

  static List<LogLine> lines(ModuleInternal kernel, ModuleLoader.ReportOops report, int number) {
    Module.Oops oops = report.oops();
    Era era = kernel.era().era();
    int code =
        oops.access().equals("instruction fetch") ? 0x10 : oops.access().equals("write") ? 0x2 : 0;
    long endTraceId = era.atLeast(Era.V6_X) ? 0 : kernel.sim().random("oops_id").nextLong();
    return new OopsText(
            era,
            report.cpu(),
            1000 + report.cpu(),
            report.comm(),
            oops.address(),
            code,
            number,
            Taint.taintedLine(kernel.tainted(), era),
            modulesLinkedIn(kernel),
            endTraceId)
        .lines();
  }
}
