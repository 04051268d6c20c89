package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * The text of a WARN_ON in module code on x86-64, per era. 6.12 and 4.19: lib/bug.c report_bug
 * prints CUT_HERE, then kernel/panic.c __warn ("WARNING: CPU: %d PID: %d at %s:%d %pS",
 * print_modules, show_regs: the CPU line, Hardware name, RIP, registers, the Call Trace), and
 * print_oops_end_marker. 2.6.32: kernel/panic.c warn_slowpath_common ("WARNING: at %s:%d %pS()",
 * print_modules, dump_stack's "Pid: %d, comm: %.20s %s %s %.*s" and Call Trace, the end marker).
 * Pure.
 *
 * <p>Deliberate differences: the file and line are the module file's ({@code hello.conf:12}, where
 * the kernel prints the C file), a function's symbol is {@code name+0x0/0x40 [module]} (the model
 * lays functions out 0x40 bytes apart and has no offsets inside them), the registers are an idle
 * task's, there is no Code line (the model has no instruction bytes), and the Call Trace holds the
 * one frame the model knows, the warning function.
 *
 * @param site where the WARN_ON is
 * @param address the module's base address (0 when it is gone)
 * @param tainted print_tainted() before the W this warning adds
 * @param endTraceId the end marker's id (0 from 5.14)
 */
record WarnText(
    Era era,
    int cpu,
    int pid,
    String comm,
    Site site,
    long address,
    String tainted,
    String modulesLinkedIn,
    long endTraceId) {

  /**
   * A WARN_ON's place: the module, its function (init and exit as the init_module and
   * cleanup_module aliases module_init/module_exit create), the module file and the step's line.
   */
  public record Site(String module, String function, String file, int line) {
    String symbol() {
      String name =
          switch (function) {
            case "init" -> "init_module";
            case "exit" -> "cleanup_module";
            default -> function;
          };
      return name + "+0x0/0x40 [" + module + "]";
    }
  }

  static final String CUT_HERE = "------------[ cut here ]------------";

  List<LogLine> lines() {
    List<LogLine> lines = new ArrayList<>();
    String at = site.file() + ":" + site.line();
    if (era == Era.V2_6) {
      lines.add(new LogLine(4, CUT_HERE));
      lines.add(new LogLine(4, "WARNING: at " + at + " " + site.symbol() + "()"));
      lines.add(new LogLine(4, modulesLinkedIn));
      lines.add(
          new LogLine(
              4, "Pid: " + pid + ", comm: " + comm + " " + tainted + " " + era.release() + " #1"));
      lines.add(new LogLine(4, "Call Trace:"));
      lines.add(new LogLine(4, String.format(" [<%016x>] %s", address, site.symbol())));
      lines.add(new LogLine(4, String.format("---[ end trace %016x ]---", endTraceId)));
      return lines;
    }
    lines.add(new LogLine(4, CUT_HERE));
    lines.add(
        new LogLine(
            4, "WARNING: CPU: " + cpu + " PID: " + pid + " at " + at + " " + site.symbol()));
    lines.add(new LogLine(4, modulesLinkedIn));
    String uid = era.atLeast(Era.V6_X) ? " UID: 0" : "";
    lines.add(OopsText.cpuLine(cpu, uid, pid, comm, tainted, era));
    lines.add(new LogLine(4, "Hardware name: " + OopsText.HARDWARE_NAME));
    lines.addAll(OopsText.registers(cpu, "RIP: 0010:" + site.symbol(), null, "0000000000000000"));
    lines.add(new LogLine(4, "Call Trace:"));
    boolean task = era.atLeast(Era.V6_X); // the <TASK> markers came in 5.15
    if (task) {
      lines.add(new LogLine(4, " <TASK>"));
    }
    lines.add(new LogLine(4, " " + site.symbol()));
    if (task) {
      lines.add(new LogLine(4, " </TASK>"));
    }
    lines.add(new LogLine(4, String.format("---[ end trace %016x ]---", endTraceId)));
    return lines;
  }
}
