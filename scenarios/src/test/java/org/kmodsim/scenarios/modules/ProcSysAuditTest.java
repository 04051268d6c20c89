package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.ProgramSpec;

/**
 * The /proc files of the 2.4 and 2.6.32 profiles read against their trees (session 9 re-audit):
 * kernel/sysctl.c of 2.4.27, 2.4.32, 2.6.32.2 and 2.6.32.69, kernel/module.c's /proc/ksyms and
 * module_get_kallsym, kernel/printk.c's boot parameters.
 */
class ProcSysAuditTest {
  static final String INVALID = "bash: echo: write error: Invalid argument\n";

  /**
   * modules_disabled is proc_dointvec_minmax with extra1 = extra2 = &one (v2.6.32 kernel/sysctl.c
   * kern_table, "only handle a transition from default "0" to "1""; 6.x kernel/module/main.c
   * module_sysctl_table): 0 is refused even while the value is 0.
   */
  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void modulesDisabledTakesOnlyOne(Era era) {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(
            era,
            "echo 0 > /proc/sys/kernel/modules_disabled; echo 2 > /proc/sys/kernel/modules_disabled;"
                + " cat /proc/sys/kernel/modules_disabled;"
                + " echo 1 > /proc/sys/kernel/modules_disabled;"
                + " echo 1 > /proc/sys/kernel/modules_disabled;"
                + " cat /proc/sys/kernel/modules_disabled");
    assertThat(run.errors(0)).isEqualTo(INVALID);
    assertThat(run.errors(1)).isEqualTo(INVALID);
    assertThat(run.at(2).output()).isEqualTo("0\n");
    assertThat(run.errors(3)).isEmpty();
    assertThat(run.errors(4)).isEmpty();
    assertThat(run.at(5).output()).isEqualTo("1\n");
  }

  /**
   * 2.4's tainted is KERN_TAINTED, proc_dointvec on a plain int (kernel/sysctl.c of 2.4.27 and
   * 2.4.32): a write replaces it, so root can clear it; modutils' insmod -f then writes old | F.
   */
  @Test
  void taintedIn24IsAPlainIntThatAWriteReplaces() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(
            Era.V2_4,
            "echo 5 > /proc/sys/kernel/tainted; cat /proc/sys/kernel/tainted;"
                + " echo 0 > /proc/sys/kernel/tainted; cat /proc/sys/kernel/tainted;"
                + " echo 4 > /proc/sys/kernel/tainted; insmod -f hello.conf;"
                + " cat /proc/sys/kernel/tainted");
    assertThat(run.at(1).output()).isEqualTo("5\n");
    assertThat(run.at(3).output()).isEqualTo("0\n");
    assertThat(run.at(6).output()).isEqualTo("6\n"); // S kept, F added by set_tainted
  }

  /** From 2.6 proc_taint only adds bits (v2.6.32 kernel/sysctl.c proc_taint: add_taint each). */
  @Test
  void taintedIn26OnlyGainsBits() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(
            Era.V2_6,
            "echo 4 > /proc/sys/kernel/tainted; echo 0 > /proc/sys/kernel/tainted;"
                + " cat /proc/sys/kernel/tainted");
    assertThat(run.errors(1)).isEmpty();
    assertThat(run.at(2).output()).isEqualTo("4\n");
  }

  /**
   * v2.6.32 proc_taint: {@code if (write && !capable(CAP_SYS_ADMIN)) return -EPERM;}; 2.4's
   * proc_dointvec tests no capability (the mode, 0644, is the whole check).
   */
  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_4", "V2_6"})
  void taintedWriteByRootWithoutCapSysAdmin(Era era) {
    EnumSet<Capability> caps = EnumSet.allOf(Capability.class);
    caps.remove(Capability.CAP_SYS_ADMIN);
    List<String> output =
        program(
            era,
            new Cred(0, "root", caps),
            "echo 4 > /proc/sys/kernel/tainted",
            "cat /proc/sys/kernel/tainted");
    assertThat(String.join("", output)).contains(era == Era.V2_4 ? "4\n" : "0\n");
  }

  /**
   * /proc/ksyms lists the modules from the head of module_list, the newest first (2.4
   * kernel/module.c s_start; sys_create_module puts a module at the head), then the kernel's
   * exports.
   */
  @Test
  void procKsymsListsTheNewestModuleFirst() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(
            Era.V2_4, "insmod exporter.conf; insmod slowinit.conf; cat /proc/ksyms | grep '\\['");
    assertThat(run.at(2).output())
        .isEqualTo(
            "d0805010 slow_fn_R51060001\t[slowinit]\n"
                + "d0800010 exp_add_R5a1c0f3e\t[exporter]\n"
                + "d0800050 GPLONLY_exp_internal_R0badf00d\t[exporter]\n");
  }

  /**
   * /proc/kallsyms: module_get_kallsym walks the modules list from its head, where load_module's
   * list_add_rcu put the newest (v2.6.32 kernel/module.c).
   */
  @Test
  void procKallsymsListsTheNewestModuleFirst() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(
            Era.V2_6,
            "insmod exporter.conf; insmod slowinit.conf; cat /proc/kallsyms | grep '\\['");
    List<String> owners =
        run.at(2)
            .output()
            .lines()
            .map(l -> l.substring(l.indexOf('[') + 1, l.length() - 1))
            .toList();
    assertThat(owners).isNotEmpty();
    assertThat(owners.get(0)).isEqualTo("slowinit");
    assertThat(owners.get(owners.size() - 1)).isEqualTo("exporter");
  }

  private static List<String> program(Era era, Cred cred, String... lines) {
    List<Long> results = Collections.synchronizedList(new ArrayList<>());
    ProgramSpec program = ModuleMachine.recording(cred, results, lines);
    MachineRun.Outcome outcome =
        ModuleMachine.run(ModuleMachine.spec(era, 2, "").withPrograms(List.of(program)), 1);
    assertThat(outcome.result().failure()).isNull();
    List<String> output = new ArrayList<>();
    for (Cpu.ProgramFinished finished : outcome.report().finishedPrograms()) {
      output.add(finished.output());
    }
    return output;
  }
}
