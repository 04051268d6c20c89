package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunSpec;

/** The module subsystem in the concurrent engine mode (real threads, scaled wall clock). */
class ConcurrentModeTest {

  @Test
  void loadUseAndUnloadWorkOnRealThreads() {
    for (Era era : Era.values()) {
      // The boot-time mounts are not acknowledged by the Vfs and 2.4's insmod reads
      // /proc/ksyms: the first command waits a few milliseconds (one message round trip,
      // microseconds unless a pool thread is descheduled).
      MachineSpec spec =
          ModuleMachine.spec(
              era,
              2,
              "spin 5ms; insmod exporter.conf;"
                  + " insmod importer.conf; lsmod; rmmod exporter; rmmod importer;"
                  + " rmmod exporter; lsmod");
      MachineRun.Outcome outcome =
          MachineRun.run(
              spec,
              RunSpec.concurrent(7)
                  .withTrace(5_000)
                  .withLimits(50_000_000L, Long.MAX_VALUE, java.time.Duration.ofSeconds(60)));
      assertThat(outcome.result().end()).as("%s", era).isEqualTo(EndReason.HALTED);
      List<MachineReport.ShellResult> r = outcome.report().shellResults();
      // Every check names the era and shows the whole session: a failure is a race to read.
      String session = era + " " + r;
      assertThat(r.get(2).exitStatus()).as(session).isZero();
      assertThat(r.get(3).output()).as(session).contains("importer");
      assertThat(r.get(4).exitStatus()).as(session).isEqualTo(1);
      assertThat(r.get(5).exitStatus()).as(session).isZero();
      assertThat(r.get(6).exitStatus()).as(session).isZero();
      assertThat(r.get(7).output()).as(session).isEqualTo(ModuleErrnoTest.lsmodHeader(era));
      assertThat(outcome.result().violations()).as(session).isEmpty();
    }
  }

  @Test
  void unloadWhileInUseWithCorrectCountingNeverOopsOnRealThreads() {
    for (Era era : new Era[] {Era.V2_6, Era.V6_X}) {
      MachineSpec spec =
          UnloadWhileInUseTest.machine(
              era,
              UnloadWhileInUseTest.CORRECT_USER,
              "insmod chardev.conf; spin 6us; rmmod chardev");
      for (int seed = 1; seed <= 10; seed++) {
        MachineRun.Outcome outcome =
            MachineRun.run(
                spec,
                RunSpec.concurrent(seed)
                    .withTrace(5_000)
                    .withLimits(50_000_000L, Long.MAX_VALUE, java.time.Duration.ofSeconds(60)));
        assertThat(outcome.result().end()).isEqualTo(EndReason.HALTED);
        assertThat(outcome.result().violations()).as("%s seed %d", era, seed).isEmpty();
      }
    }
  }

  @Test
  void era24CreateModuleInitModuleQueryAndAutocleanWorkOnRealThreads() {
    MachineSpec spec =
        ModuleMachine.spec(
            Era.V2_4,
            2,
            "spin 5ms; create_module slot 4096;"
                + " cat /proc/modules; delete_module slot; insmod -k chardev.conf; call chardev.open;"
                + " call chardev.release; query_module NULL QM_MODULES; rmmod -a; rmmod -a; lsmod;"
                + " insmod initfail.conf; lsmod");
    MachineRun.Outcome outcome =
        MachineRun.run(
            spec,
            RunSpec.concurrent(7)
                .withTrace(5_000)
                .withLimits(50_000_000L, Long.MAX_VALUE, java.time.Duration.ofSeconds(60)));
    assertThat(outcome.result().end()).isEqualTo(EndReason.HALTED);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r.get(2).output()).isEqualTo("slot                    4096 (uninitialized)\n");
    assertThat(r.get(7).output())
        .isEqualTo("query_module(NULL, QM_MODULES) = 0, ret = 1\nchardev\n");
    assertThat(r.get(10).output()).isEqualTo(Modules24Test.HEADER);
    assertThat(r.get(11).errors()).isEqualTo("initfail.conf: init_module: No such device\n");
    assertThat(r.get(11).exitStatus()).isEqualTo(1);
    assertThat(r.get(12).output()).isEqualTo(Modules24Test.HEADER);
    assertThat(outcome.result().violations()).isEmpty();
  }
}
