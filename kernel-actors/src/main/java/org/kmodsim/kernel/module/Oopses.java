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
    if (kernel.settings().panicOnOops()) {
      // oops_end(): panic("Fatal exception"), through printk's panic() when printk is booted.
      kernel.deps().log().panic(kernel.sim(), kernel.self(), report.cpu(), "Fatal exception");
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
    List<LogLine> lines = new ArrayList<>();
    String address =
        era == Era.V2_4
            ? String.format("%08x", oops.address())
            : String.format("%016x", oops.address());
    int code =
        oops.access().equals("instruction fetch") ? 0x10 : oops.access().equals("write") ? 0x2 : 0;
    String tainted = Taint.taintedLine(kernel.tainted());
    String cpuLine =
        "CPU: "
            + report.cpu()
            + " PID: "
            + (1000 + report.cpu())
            + " Comm: "
            + report.comm()
            + " "
            + tainted
            + " "
            + era.release()
            + " #1";
    if (era == Era.V2_4) {
      lines.add(
          new LogLine(1, "Unable to handle kernel paging request at virtual address " + address));
      lines.add(new LogLine(4, String.format("Oops: %04x", code)));
      lines.add(new LogLine(4, "CPU:    " + report.cpu()));
      lines.add(
          new LogLine(
              4,
              "EIP:    0010:[<"
                  + address
                  + ">]    "
                  + (tainted.equals("Not tainted")
                      ? "Not tainted"
                      : tainted.replace("Tainted: ", "Tainted: ").trim())));
      return lines;
    }
    if (era == Era.V6_X) {
      lines.add(new LogLine(1, "BUG: unable to handle page fault for address: " + address));
      lines.add(
          new LogLine(
              1,
              "#PF: supervisor "
                  + (code == 0x10
                      ? "instruction fetch"
                      : code == 2 ? "write access" : "read access")
                  + " in kernel mode"));
      lines.add(new LogLine(1, String.format("#PF: error_code(0x%04x) - not-present page", code)));
      lines.add(new LogLine(4, String.format("Oops: %04x [#%d] SMP", code, number)));
      lines.add(new LogLine(4, cpuLine));
      lines.add(new LogLine(4, "RIP: 0010:0x" + address));
      lines.add(new LogLine(4, modulesLinkedIn(kernel)));
      lines.add(new LogLine(4, "CR2: " + address));
      lines.add(new LogLine(4, "---[ end trace 0000000000000000 ]---"));
      return lines;
    }
    lines.add(new LogLine(1, "BUG: unable to handle kernel paging request at " + address));
    if (era == Era.V2_6) {
      lines.add(new LogLine(1, "IP: [<" + address + ">] 0x" + address));
    }
    lines.add(new LogLine(4, String.format("Oops: %04x [#%d] SMP", code, number)));
    lines.add(new LogLine(4, modulesLinkedIn(kernel)));
    lines.add(new LogLine(4, cpuLine));
    lines.add(
        new LogLine(
            4,
            era == Era.V2_6
                ? "RIP: 0010:[<" + address + ">]  [<" + address + ">] 0x" + address
                : "RIP: 0010:0x" + address));
    return lines;
  }
}
