package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;

/** WARN_ON in module code: the era's report, taint W (512), the code goes on. */
class WarnOnTest {
  @TempDir Path dir;

  private String warner() throws IOException {
    Path file = dir.resolve("warner.conf");
    Files.writeString(
        file,
        "module {\n"
            + "  name = warner\n"
            + "  license = \"GPL\"\n"
            + "  imports = [ printk ]\n"
            + "  init = [\n"
            + "    \"WARN_ON\",\n"
            + "    \"printk KERN_INFO \\\"still here\\\"\",\n"
            + "    \"return 0\" ]\n"
            + "}\n");
    return file.toString();
  }

  /**
   * 6.12: lib/bug.c report_bug prints CUT_HERE ("------------[ cut here ]------------"), then
   * kernel/panic.c __warn: "WARNING: CPU: %d PID: %d at %s:%d %pS", print_modules, show_regs (the
   * CPU line with UID:, Hardware name, RIP: %pS, registers, Call Trace in <TASK> markers),
   * print_oops_end_marker ("---[ end trace %016llx ]---", zeros), then add_taint(TAINT_WARN,
   * LOCKDEP_STILL_OK): W is 1 << 9 = 512, lock debugging stays on.
   */
  @Test
  void warnOnIn6xPrintsTheCutHereReportAndTaintsW() throws IOException {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(Era.V6_X, "insmod " + warner() + "; cat /proc/sys/kernel/tainted");
    List<String> dmesg = run.dmesg();
    int cut = dmesg.indexOf("------------[ cut here ]------------");
    assertThat(cut).isNotNegative();
    assertThat(dmesg.subList(cut, cut + 6))
        .containsExactly(
            "------------[ cut here ]------------",
            "WARNING: CPU: 0 PID: 1000 at warner.conf:6 init_module+0x0/0x40 [warner]",
            "Modules linked in: warner(O+)",
            "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Tainted: G           O       6.12.0 #1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2"
                + " 04/01/2014",
            "RIP: 0010:init_module+0x0/0x40 [warner]");
    assertThat(dmesg.subList(cut, dmesg.size()))
        .containsSubsequence(
            "Call Trace:",
            " <TASK>",
            " init_module+0x0/0x40 [warner]",
            " </TASK>",
            "---[ end trace 0000000000000000 ]---",
            "still here");
    assertThat(dmesg).doesNotContain("Disabling lock debugging due to kernel taint");
    assertThat(run.at(1).output()).isEqualTo((512 + 4096) + "\n");
  }

  /**
   * 2.6.32 kernel/panic.c warn_slowpath_common: "------------[ cut here ]------------", "WARNING:
   * at %s:%d %pS()", print_modules, dump_stack ("Pid: %d, comm: %.20s %s %s %.*s", Call Trace),
   * print_oops_end_marker with the random oops id, add_taint(TAINT_WARN), which 2.6.32's add_taint
   * exempts from disabling lock debugging.
   */
  @Test
  void warnOnIn26PrintsWarningAtFileLine() throws IOException {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(Era.V2_6, "insmod " + warner() + "; cat /proc/sys/kernel/tainted");
    List<String> dmesg = run.dmesg();
    int cut = dmesg.indexOf("------------[ cut here ]------------");
    assertThat(dmesg.subList(cut, cut + 5))
        .containsExactly(
            "------------[ cut here ]------------",
            "WARNING: at warner.conf:6 init_module+0x0/0x40 [warner]()",
            "Modules linked in: warner(+)", // 2.6.32 module_flags: + while COMING
            "Pid: 1000, comm: cpu0 Not tainted 2.6.32 #1",
            "Call Trace:");
    assertThat(dmesg.get(cut + 6)).matches("---\\[ end trace [0-9a-f]{16} \\]---");
    assertThat(run.at(1).output()).isEqualTo("512\n");
  }
}
