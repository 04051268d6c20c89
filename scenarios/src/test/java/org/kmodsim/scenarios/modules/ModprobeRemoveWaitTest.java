package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.TraceEvent;

/**
 * kmod 30's {@code modprobe -r --wait=MSEC} and {@code --remove-holders} (tools/modprobe.c
 * rmmod_do_module, rmmod_do_remove_module; shared/util.c get_backoff_delta_msec): delete_module
 * retried after 2, 4, 8... ms while the module is in use, the holders removed first in reverse. The
 * sample modules: importer uses exporter.
 */
class ModprobeRemoveWaitTest {
  private static List<Long> deleteTimesMsec(MachineRun.Outcome outcome, String module) {
    List<Long> times = new ArrayList<>();
    for (TraceEvent event : outcome.result().trace()) {
      if (event.kind().equals("syscall")
          && event.detail().startsWith("delete_module(\"" + module + "\"")) {
        times.add(event.timeNanos() / 1_000_000);
      }
    }
    return times;
  }

  @Test
  void theWaitRetriesWithABackoffUntilTheModuleIsFreeThenRemovesIt() {
    // cpu1 removes importer at 50 ms; the shell started waiting for exporter at 10 ms
    MachineSpec spec =
        ModuleMachine.withPrograms(
            ModuleMachine.spec(
                Era.V6_X, 2, "modprobe importer; sleep 10ms; modprobe -r -w 1000 exporter; lsmod"),
            List.of(
                ModuleMachine.recording(
                    Cred.root(), new ArrayList<>(), "sleep 50ms", "rmmod importer")));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r.get(2).errors()).isEmpty();
    assertThat(r.get(2).exitStatus()).isZero();
    assertThat(r.get(3).output()).isEqualTo("Module                  Size  Used by\n");
    // t0 = 10: sleeps until 12, 16, 24, 40, 72 (each interval doubled); free at 50
    assertThat(deleteTimesMsec(outcome, "exporter")).containsExactly(10L, 12L, 16L, 24L, 40L, 72L);
  }

  @Test
  void aDependencyLeftUnusedIsRemovedWhenItsRefcntReadsZero() {
    // rmmod_do_module step 4: kmod_module_get_refcnt(dep) == 0, then rmmod_do_remove_module(dep)
    MachineRun.Outcome outcome =
        ModuleMachine.run(
            ModuleMachine.spec(
                Era.V6_X, 2, "modprobe importer; sleep 10ms; modprobe -r -w 1000 importer; lsmod"),
            1);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r.get(2).errors()).isEmpty();
    assertThat(r.get(3).output()).isEqualTo("Module                  Size  Used by\n");
    assertThat(deleteTimesMsec(outcome, "exporter")).containsExactly(10L);
  }

  @Test
  void kmod30GivesUpSilentlyAtTheDeadlineAndExitsZero() {
    // the loop ends when the backoff is 0, with the sleep's 0 as its result (fixed after kmod 34)
    MachineRun.Outcome outcome =
        ModuleMachine.run(
            ModuleMachine.spec(
                Era.V6_X,
                2,
                "modprobe importer; sleep 10ms; modprobe -r --wait=10 exporter; lsmod"),
            1);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r.get(2).errors()).isEmpty();
    assertThat(r.get(2).exitStatus()).isZero();
    assertThat(r.get(3).output()).contains("exporter ");
    // 10, then until 12, 16, 20 (the interval halved to fit), then a last try at 20
    assertThat(deleteTimesMsec(outcome, "exporter")).containsExactly(10L, 12L, 16L, 20L);
  }

  @Test
  void inTheFirstMillisecondOfTheClockKmod30TakesItsStartForUnsetAndFails() {
    // t0_msec = now_msec() = 0: after the first sleep "if (!t0_msec) err = -ENOTSUP", then ERR
    // "Failed to sleep" and -EAGAIN; the machine's clock starts at its boot
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(Era.V6_X, "modprobe importer; modprobe -r -w 1000 exporter");
    assertThat(r.get(1).errors())
        .isEqualTo(
            "modprobe: ERROR: Failed to sleep: Operation not supported\n"
                + "modprobe: ERROR: could not remove 'exporter': Resource temporarily unavailable\n");
    assertThat(r.get(1).exitStatus()).isEqualTo(1);
  }

  @Test
  void aWaitWhoseDeadlineWrapsAroundIsRefusedAsKmod30WouldLoopForever() {
    // -w -1: strtoul gives ULONG_MAX, t0 + wait_msec wraps below now, and get_backoff_delta_msec's
    // "while (t + *delta > tend)" never ends
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(
            Era.V6_X, "modprobe importer; sleep 10ms; modprobe -r -w -1 exporter; lsmod");
    assertThat(r.get(2).errors())
        .isEqualTo(
            "modprobe: a wait past its deadline (kmod 30's get_backoff_delta_msec loops forever)"
                + " is not modelled\n");
    assertThat(r.get(2).exitStatus()).isEqualTo(2);
    assertThat(r.get(3).output()).contains("exporter ");
  }

  @Test
  void withoutWaitTheInUseCheckRefusesAndRemoveHoldersRemovesTheHolderFirst() {
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(
            Era.V6_X,
            "modprobe importer; modprobe -r exporter; modprobe -r -v --remove-holders exporter;"
                + " lsmod");
    assertThat(r.get(1).errors()).isEqualTo("modprobe: FATAL: Module exporter is in use.\n");
    // rmmod_do_module(importer): its step 4 removes exporter, which it no longer uses; then
    // exporter's own step 3 finds no refcnt file and delete_module answers ENOENT (kmod 30; fixed
    // after kmod 34, commit 327c587)
    assertThat(r.get(2).output()).isEqualTo("rmmod importer\nrmmod exporter\nrmmod exporter\n");
    assertThat(r.get(2).errors())
        .isEqualTo("modprobe: ERROR: could not remove 'exporter': No such file or directory\n");
    assertThat(r.get(2).exitStatus()).isEqualTo(1);
    assertThat(r.get(3).output()).isEqualTo("Module                  Size  Used by\n");
  }

  @Test
  void removeHoldersWithoutRemoveInsertsAsKmod30Does() {
    // kmod 30: --remove-holders does not imply -r (it does after kmod 34, commit 15edeed)
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(Era.V6_X, "modprobe --remove-holders importer; lsmod");
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(1).output()).contains("importer ");
  }
}
