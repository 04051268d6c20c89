package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;

/**
 * panic()'s dump_stack (kernel/panic.c panic(): pr_emerg("Kernel panic - not syncing: %s\n"), then
 * under CONFIG_DEBUG_BUGVERBOSE {@code if (!test_taint(TAINT_DIE) && oops_in_progress <= 1)
 * dump_stack();}) on a machine with printk and modules: the task line carries print_tainted() as
 * add_taint left it (a module file is out of tree: O).
 */
class PanicStackTest {
  private static List<String> dmesg(Era era, String script) {
    MachineSpec modules = ModuleMachine.spec(era, 2, script, "kmodsim.console = []");
    MachineSpec spec =
        new MachineSpec(
            modules.config(),
            modules.era(),
            modules.cpus(),
            List.of(
                new org.kmodsim.drivers.PrintkSubsystem(),
                new org.kmodsim.kernel.module.ModuleSubsystem()),
            modules.programs(),
            modules.shellScript(),
            modules.shellUser(),
            modules.shellCpu(),
            modules.bootScript(),
            modules.stopAtNanos(),
            modules.finaleScript());
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    return ModuleMachine.dmesg(outcome);
  }

  @Test
  void aPanicAfterATaintingLoadDumpsTheStackWithTheTaints() {
    List<String> six = dmesg(Era.V6_X, "insmod hello.conf; panic boom");
    int panic = six.indexOf("Kernel panic - not syncing: boom");
    assertThat(six.subList(panic + 1, panic + 8))
        .containsExactly(
            "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Tainted: G           O       6.12.0 #1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2"
                + " 04/01/2014",
            "Call Trace:",
            " <TASK>",
            " dump_stack_lvl",
            " panic",
            " </TASK>");
    List<String> two6 = dmesg(Era.V2_6, "insmod hello.conf; panic boom");
    int old = two6.indexOf("Kernel panic - not syncing: boom");
    assertThat(two6.subList(old + 1, old + 4))
        .containsExactly(
            "Pid: 1000, comm: cpu0 Not tainted 2.6.32 #1", "Call Trace:", " dump_stack");
    // 2.4 kernel/panic.c: printk(KERN_EMERG "Kernel panic: %s\n",buf), then sys_sync(); no stack
    List<String> two4 = dmesg(Era.V2_4, "insmod hello.conf; panic boom");
    assertThat(two4).endsWith("Kernel panic: boom");
  }
}
