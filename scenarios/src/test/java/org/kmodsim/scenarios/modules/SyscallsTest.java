package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunResult;

/** The raw system calls as steps: their return values, per era. */
class SyscallsTest {

  /** Runs the lines as one program on cpu1 and returns each line's result. */
  static List<Long> results(Era era, String... lines) {
    List<Long> results = Collections.synchronizedList(new ArrayList<>());
    ProgramSpec program = ModuleMachine.recording(Cred.root(), results, lines);
    MachineSpec spec = ModuleMachine.spec(era, 2, "").withPrograms(List.of(program));
    RunResult run = ModuleMachine.run(spec, 1).result();
    // A run that never started its program leaves no results: say why the run ended.
    assertThat(run.end()).as("%s, %s", run.haltReason(), run.failure()).isEqualTo(EndReason.HALTED);
    return results;
  }

  @Test
  void finitModuleFlagsAndDeleteModuleFlagsIn6x() {
    assertThat(
            results(
                Era.V6_X,
                "finit_module hello.conf flags=8",
                "finit_module badmagic.conf",
                "finit_module badmagic.conf flags=2",
                "init_module hello.conf howmany=2",
                "init_module hello.conf",
                "try_module_get hello",
                "delete_module hello O_NONBLOCK",
                "module_put hello",
                "delete_module hello O_NONBLOCK",
                "delete_module hello O_NONBLOCK",
                "create_module hello 4096",
                "query_module hello"))
        .containsExactly(-22L, -8L, 0L, 0L, -17L, 1L, -11L, 0L, 0L, -2L, -38L, -38L);
  }

  @Test
  void finitModuleDoesNotExistBefore3x8() {
    assertThat(results(Era.V2_6, "finit_module hello.conf", "init_module hello.conf"))
        .containsExactly(-38L, 0L);
  }

  @Test
  void era26WithoutNonblockOnAModuleInUseWaitsButForcedUnloadDoesNot() {
    assertThat(
            results(
                Era.V2_6,
                "init_module leaky.conf",
                "delete_module leaky O_NONBLOCK",
                "delete_module leaky O_NONBLOCK O_TRUNC",
                "find_module leaky"))
        .containsExactly(0L, -11L, 0L, 0L);
  }
}
