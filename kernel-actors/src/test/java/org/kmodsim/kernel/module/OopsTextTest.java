package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class OopsTextTest {

  private static List<String> text(Era era, String tainted) {
    return new OopsText(
            era,
            1,
            1001,
            "insmod",
            0xffffffffc0a01000L,
            0x10,
            1,
            tainted,
            "Modules linked in: [last unloaded: chardev(O)]",
            0x1c0d9b5f2e2f2a3cL)
        .lines().stream().map(LogLine::text).toList();
  }

  /**
   * 6.12, an instruction fetch in freed module text: arch/x86/mm/fault.c show_fault_oops and
   * page_fault_oops (__die("Oops", ...), then "CR2: %016lx"), arch/x86/kernel/dumpstack.c
   * __die_header ("Oops: %s: %04lx [#%d]%s%s%s%s%s", 6.10's prefix), lib/dump_stack.c
   * dump_stack_print_info ("%sCPU: %d UID: %u PID: %d Comm: %.20s %s%s %s %.*s", 6.11's UID),
   * arch/x86/kernel/dumpstack.c show_opcodes ("Code: Unable to access opcode bytes at 0x%lx."),
   * show_trace_log_lvl's <TASK> markers, kernel/panic.c print_oops_end_marker (zeros since 5.14),
   * oops_end's executive summary.
   */
  @Test
  void the6xReportHasTheHeaderTheRegistersTheTraceAndTheSummary() {
    List<String> lines = text(Era.V6_X, "Tainted: G           O      ");
    assertThat(lines.subList(0, 9))
        .containsExactly(
            "BUG: unable to handle page fault for address: ffffffffc0a01000",
            "#PF: supervisor instruction fetch in kernel mode",
            "#PF: error_code(0x0010) - not-present page",
            "Oops: Oops: 0010 [#1] PREEMPT SMP NOPTI",
            "CPU: 1 UID: 0 PID: 1001 Comm: insmod Tainted: G           O       6.12.0 #1",
            "Hardware name: " + OopsText.HARDWARE_NAME,
            "RIP: 0010:0xffffffffc0a01000",
            "Code: Unable to access opcode bytes at 0xffffffffc0a00fd6.",
            "RSP: 0018:ffffc90000407e88 EFLAGS: 00010246");
    int trace = lines.indexOf("Call Trace:");
    assertThat(lines.subList(trace, trace + 8))
        .containsExactly(
            "Call Trace:",
            " <TASK>",
            " ? 0xffffffffc0a01000",
            " </TASK>",
            "Modules linked in: [last unloaded: chardev(O)]",
            "CR2: ffffffffc0a01000",
            "---[ end trace 0000000000000000 ]---",
            "RIP: 0010:0xffffffffc0a01000");
    assertThat(lines.get(trace - 1))
        .isEqualTo("CR2: ffffffffc0a01000 CR3: 0000000002a14000 CR4: 00000000000006f0");
    assertThat(lines).last().isEqualTo(lines.get(trace - 1));
  }

  /**
   * 2.6.32 x86-64: arch/x86/mm/fault.c show_fault_oops ("BUG: unable to handle kernel paging
   * request at %016lx", "IP: " printk_address), arch/x86/kernel/dumpstack.c __die (KERN_EMERG "%s:
   * %04lx [#%d] ", then "SMP " and "\n": the line ends in a space) and dump_stack's "Pid: %d, comm:
   * %.20s %s %s %.*s", process_64.c __show_regs (print_modules, then Pid:, then "RIP:
   * %04lx:[<%016lx>] " and printk_address " [<%p>] %s%pS"), the executive summary and the random
   * oops id.
   */
  @Test
  void the26ReportHasThePidCommLine() {
    List<String> lines =
        text(Era.V2_6, Taint.taintedLine(java.util.EnumSet.of(Taint.FORCED_RMMOD), Era.V2_6));
    assertThat(lines)
        .containsExactly(
            "BUG: unable to handle kernel paging request at ffffffffc0a01000",
            "IP: [<ffffffffc0a01000>] 0xffffffffc0a01000",
            "Oops: 0010 [#1] SMP ",
            "CPU 1 ",
            "Modules linked in: [last unloaded: chardev(O)]",
            "Pid: 1001, comm: insmod Tainted: G  R        2.6.32 #1",
            "RIP: 0010:[<ffffffffc0a01000>]  [<ffffffffc0a01000>] 0xffffffffc0a01000",
            "Code:  Bad RIP value.",
            "RIP  [<ffffffffc0a01000>] 0xffffffffc0a01000",
            "CR2: ffffffffc0a01000",
            "---[ end trace 1c0d9b5f2e2f2a3c ]---");
  }

  /**
   * 2.4 i386 (arch/i386/mm/fault.c, arch/i386/kernel/traps.c show_registers: "EIP: %04x:[<%08lx>]
   * %s" with print_tainted, whose "Tainted: %c%c%c" keeps its spaces): addresses are 8 hex digits.
   */
  @Test
  void the24ReportPrintsThirtyTwoBitAddressesAndTheUntrimmedTaint() {
    List<String> lines = text(Era.V2_4, "Tainted: P  ");
    assertThat(lines)
        .containsExactly(
            "Unable to handle kernel paging request at virtual address c0a01000",
            "Oops: 0010",
            "CPU:    1",
            "EIP:    0010:[<c0a01000>]    Tainted: P  ");
  }
}
