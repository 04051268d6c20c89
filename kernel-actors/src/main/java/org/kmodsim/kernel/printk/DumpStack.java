package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * dump_stack()'s text (lib/dump_stack.c; 2.6.32 arch/x86/kernel/dumpstack.c), pure, at the default
 * level (KERN_WARNING here): dump_stack_print_info's line (6.11+ with UID:; 2.6.32 "Pid: %d, comm:
 * %.20s %s %s %.*s"), Hardware name (not in 2.6.32), and the Call Trace, in {@code <TASK>} markers
 * from 5.15. Deliberate difference: the frames are the model's function names, without the offsets
 * and addresses the kernel prints. 2.4 has no dump_stack.
 */
public final class DumpStack {
  private DumpStack() {}

  /** The Hardware name: line of the model's machine (dump_stack_set_arch_desc: DMI strings). */
  public static final String HARDWARE_NAME =
      "QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014";

  /**
   * The lines of dump_stack() called by {@code frames.get(0)}, which {@code frames.get(1)} called,
   * and so on, on {@code cpu} in task {@code pid} ({@code comm}), with print_tainted()'s {@code
   * tainted}.
   */
  public static List<String> lines(
      Era era, int cpu, int pid, String comm, String tainted, List<String> frames) {
    List<String> lines = new ArrayList<>();
    String release = era.release() + " #1";
    if (era == Era.V2_6) {
      lines.add("Pid: " + pid + ", comm: " + comm + " " + tainted + " " + release);
    } else {
      String uid = era.atLeast(Era.V6_X) ? " UID: 0" : "";
      lines.add(
          "CPU: " + cpu + uid + " PID: " + pid + " Comm: " + comm + " " + tainted + " " + release);
      lines.add("Hardware name: " + HARDWARE_NAME);
    }
    lines.add("Call Trace:");
    boolean task = era.atLeast(Era.V6_X);
    if (task) {
      lines.add(" <TASK>");
    }
    lines.add(era.atLeast(Era.V6_X) ? " dump_stack_lvl" : " dump_stack");
    for (String frame : frames) {
      lines.add(" " + frame);
    }
    if (task) {
      lines.add(" </TASK>");
    }
    return lines;
  }
}
