package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.DumpStack;

/**
 * The text of a kernel-mode page fault oops on x86 (2.4 i386, 2.6.32, 4.19 and 6.12 x86-64), as
 * arch/x86/mm/fault.c (show_fault_oops, page_fault_oops / no_context), arch/x86/kernel/dumpstack.c
 * (__die_header, __die_body, oops_end), arch/x86/kernel/process_64.c (__show_regs),
 * lib/dump_stack.c (dump_stack_print_info) and kernel/panic.c (print_tainted,
 * print_oops_end_marker) print it. Pure.
 *
 * <p>Deliberate differences: the model has no registers beyond the faulting address, so RIP and CR2
 * are the address and the others are the values of an idle task (zeros, the boot stack, the boot
 * CR0/CR3/CR4); it has no page tables (no {@code PGD} line) and no stack to walk, so the Call Trace
 * holds the one frame the model knows, the faulting address, marked unreliable ({@code ?}).
 *
 * @param era the kernel
 * @param cpu the CPU that faulted
 * @param pid the task's pid
 * @param comm the task's comm
 * @param address the faulting address
 * @param code the page fault error code (0x10 instruction fetch, 0x2 write, 0 read)
 * @param number die_counter after the increment
 * @param tainted print_tainted() as the oops prints it (before its own D)
 * @param modulesLinkedIn print_modules' line
 * @param endTraceId the end marker's id (0 from 5.14)
 */
record OopsText(
    Era era,
    int cpu,
    int pid,
    String comm,
    long address,
    int code,
    int number,
    String tainted,
    String modulesLinkedIn,
    long endTraceId) {

  /** The Hardware name: line of the model's machine (dump_stack_set_arch_desc: DMI strings). */
  static final String HARDWARE_NAME = DumpStack.HARDWARE_NAME;

  private static final String ZERO = "0000000000000000";

  /** The oops' lines with their printk levels. */
  List<LogLine> lines() {
    return switch (era) {
      case V2_4 -> era24();
      case V2_6 -> era26();
      case V4_X -> era4x();
      case V6_X -> era6x();
    };
  }

  /** dump_stack()'s lines ({@link DumpStack}) at KERN_WARNING. */
  static List<LogLine> dumpStack(
      Era era, int cpu, int pid, String comm, String tainted, List<String> frames) {
    return DumpStack.lines(era, cpu, pid, comm, tainted, frames).stream()
        .map(line -> new LogLine(4, line))
        .toList();
  }

  /**
   * die(str, regs, 0) on 6.12 x86-64 for a trap that is not a page fault: __die_header's "Oops: %s:
   * %04lx [#%d] PREEMPT SMP NOPTI", show_regs (CPU line, Hardware name, {@code rip}, the registers,
   * the Call Trace with {@code frame}), print_modules, the end marker and oops_end's executive
   * summary. The RIP symbol has no offsets (the model's kernel has no such code).
   */
  static List<LogLine> die(
      Era era,
      int cpu,
      int pid,
      String comm,
      String str,
      int number,
      String tainted,
      String rip,
      String frame,
      String modulesLinkedIn) {
    List<LogLine> lines = new ArrayList<>();
    lines.add(new LogLine(4, String.format("Oops: %s: 0000 [#%d] PREEMPT SMP NOPTI", str, number)));
    lines.add(cpuLine(cpu, " UID: 0", pid, comm, tainted, era));
    lines.add(new LogLine(4, "Hardware name: " + HARDWARE_NAME));
    List<LogLine> registers = registers(cpu, rip, null, ZERO);
    lines.addAll(registers);
    lines.add(new LogLine(4, "Call Trace:"));
    lines.add(new LogLine(4, " <TASK>"));
    lines.add(new LogLine(4, " " + frame));
    lines.add(new LogLine(4, " </TASK>"));
    lines.add(new LogLine(4, modulesLinkedIn));
    lines.add(new LogLine(4, "---[ end trace 0000000000000000 ]---"));
    lines.addAll(registers);
    return lines;
  }

  private String hex() {
    return String.format("%016x", address);
  }

  private String access() {
    return code == 0x10 ? "instruction fetch" : code == 2 ? "write access" : "read access";
  }

  /** 2.4 arch/i386/mm/fault.c and traps.c die()/show_registers(): %p is 8 hex digits. */
  private List<LogLine> era24() {
    String address32 = String.format("%08x", address & 0xffffffffL);
    return List.of(
        new LogLine(1, "Unable to handle kernel paging request at virtual address " + address32),
        new LogLine(4, String.format("Oops: %04x", code)),
        new LogLine(4, "CPU:    " + cpu),
        new LogLine(4, "EIP:    0010:[<" + address32 + ">]    " + tainted));
  }

  /**
   * 2.6.32 x86-64: show_fault_oops' two lines, __die's header (its "SMP " and newline are separate
   * printks, so the line ends in a space), show_registers' {@code CPU N }, __show_regs
   * (print_modules, then {@code Pid: %d, comm: %.20s %s %s %.*s}, RIP with printk_address), the
   * executive summary.
   */
  private List<LogLine> era26() {
    List<LogLine> lines = new ArrayList<>();
    String rip = "[<" + hex() + ">] 0x" + Long.toHexString(address);
    lines.add(new LogLine(1, "BUG: unable to handle kernel paging request at " + hex()));
    lines.add(new LogLine(1, "IP: " + rip));
    lines.add(new LogLine(0, String.format("Oops: %04x [#%d] SMP ", code, number)));
    lines.add(new LogLine(4, "CPU " + cpu + " "));
    lines.add(new LogLine(4, modulesLinkedIn));
    lines.add(
        new LogLine(
            6, "Pid: " + pid + ", comm: " + comm + " " + tainted + " " + era.release() + " #1"));
    lines.add(new LogLine(6, "RIP: 0010:[<" + hex() + ">]  " + rip));
    lines.add(new LogLine(4, "Code:  Bad RIP value."));
    lines.add(new LogLine(1, "RIP  " + rip));
    lines.add(new LogLine(4, "CR2: " + hex()));
    lines.add(new LogLine(4, String.format("---[ end trace %016x ]---", endTraceId)));
    return lines;
  }

  private List<LogLine> era4x() {
    List<LogLine> lines = new ArrayList<>();
    lines.add(new LogLine(1, "BUG: unable to handle kernel paging request at " + hex()));
    lines.add(new LogLine(4, String.format("Oops: %04x [#%d] SMP", code, number)));
    lines.add(new LogLine(4, modulesLinkedIn));
    lines.add(cpuLine(cpu, "", pid, comm, tainted, era));
    lines.add(new LogLine(4, "RIP: 0010:0x" + hex()));
    return lines;
  }

  /**
   * 6.12: show_fault_oops, __die_header's {@code Oops: %s: %04lx [#%d]%s%s%s%s%s} with str "Oops"
   * (the "Oops: " prefix is 6.10's; PREEMPT, SMP and NOPTI of a distribution kernel), show_regs
   * (dump_stack_print_info's CPU line with UID: of 6.11, Hardware name, show_ip and show_opcodes,
   * the registers, the trace), print_modules, CR2, oops_exit's end marker, oops_end's executive
   * summary.
   */
  private List<LogLine> era6x() {
    List<LogLine> lines = new ArrayList<>();
    lines.add(new LogLine(1, "BUG: unable to handle page fault for address: " + hex()));
    lines.add(new LogLine(1, "#PF: supervisor " + access() + " in kernel mode"));
    lines.add(new LogLine(1, String.format("#PF: error_code(0x%04x) - not-present page", code)));
    lines.add(
        new LogLine(4, String.format("Oops: Oops: %04x [#%d] PREEMPT SMP NOPTI", code, number)));
    lines.add(cpuLine(cpu, " UID: 0", pid, comm, tainted, era));
    lines.add(new LogLine(4, "Hardware name: " + HARDWARE_NAME));
    List<LogLine> registers =
        registers(
            cpu,
            "RIP: 0010:0x" + hex(),
            "Code: Unable to access opcode bytes at 0x" + Long.toHexString(address - 42) + ".",
            hex());
    lines.addAll(registers);
    lines.add(new LogLine(4, "Call Trace:"));
    lines.add(new LogLine(4, " <TASK>"));
    lines.add(new LogLine(4, " ? 0x" + hex()));
    lines.add(new LogLine(4, " </TASK>"));
    lines.add(new LogLine(4, modulesLinkedIn));
    lines.add(new LogLine(4, "CR2: " + hex()));
    lines.add(new LogLine(4, "---[ end trace 0000000000000000 ]---"));
    lines.addAll(registers);
    return lines;
  }

  /**
   * __show_regs(regs, SHOW_REGS_ALL) after show_ip (its RIP line and show_opcodes' Code line, which
   * looks PROLOGUE_SIZE = 42 bytes before RIP; null when the model has no bytes to show), then the
   * register lines; {@code cr2} is the last faulting address.
   */
  /**
   * The task line of lib/dump_stack.c dump_stack_print_info(): {@code CPU: %d UID: %u PID: %d Comm:
   * %.20s %s %s %.*s} ({@code uid}: " UID: 0" from 6.11, else empty).
   */
  static LogLine cpuLine(int cpu, String uid, int pid, String comm, String tainted, Era era) {
    return new LogLine(
        4,
        "CPU: "
            + cpu
            + uid
            + " PID: "
            + pid
            + " Comm: "
            + comm
            + " "
            + tainted
            + " "
            + era.release()
            + " #1");
  }

  static List<LogLine> registers(int cpu, String rip, String code, String cr2) {
    long stack = 0xffffc90000400000L + 0x3e88L + ((long) cpu << 14);
    List<LogLine> lines = new ArrayList<>();
    lines.add(new LogLine(4, rip));
    if (code != null) {
      lines.add(new LogLine(4, code));
    }
    lines.add(new LogLine(4, String.format("RSP: 0018:%016x EFLAGS: 00010246", stack)));
    lines.add(new LogLine(4, "RAX: " + ZERO + " RBX: " + ZERO + " RCX: " + ZERO));
    lines.add(new LogLine(4, "RDX: " + ZERO + " RSI: " + ZERO + " RDI: " + ZERO));
    lines.add(new LogLine(4, "RBP: " + ZERO + " R08: " + ZERO + " R09: " + ZERO));
    lines.add(new LogLine(4, "R10: " + ZERO + " R11: " + ZERO + " R12: " + ZERO));
    lines.add(new LogLine(4, "R13: " + ZERO + " R14: " + ZERO + " R15: " + ZERO));
    lines.add(
        new LogLine(
            4,
            String.format(
                "FS:  %s(0000) GS:%016x(0000) knlGS:%s",
                ZERO, 0xffff88803ec00000L + ((long) cpu << 16), ZERO)));
    lines.add(new LogLine(4, "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033"));
    lines.add(new LogLine(4, "CR2: " + cr2 + " CR3: 0000000002a14000 CR4: 00000000000006f0"));
    return lines;
  }
}
