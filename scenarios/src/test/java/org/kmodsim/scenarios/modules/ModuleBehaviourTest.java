package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;

/** A module whose code is a Java class (whichcpu.conf, samples.WhichCpu) loads, runs, unloads. */
class ModuleBehaviourTest {

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V6_X"})
  void javaInitFunctionsAndExitRunOnTheCallingCpu(Era era) {
    MachineSpec spec =
        ModuleMachine.spec(
                era,
                2,
                "insmod whichcpu.conf; lsmod;" + " call whichcpu.whoami; spin 20us; rmmod whichcpu")
            .withPrograms(
                List.of(
                    ModuleRacesTest.program(
                        1,
                        "[{if = \"call whichcpu.whoami\","
                            + " then = [\"printk KERN_INFO \\\"whoami: cpu1 got 1\\\"\"]}]",
                        10_000)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r).extracting(MachineReport.ShellResult::exitStatus).containsOnly(0);
    assertThat(r.get(1).output()).contains("whichcpu");
    assertThat(ModuleMachine.dmesg(outcome))
        .containsSubsequence("whichcpu: loaded", "whoami: cpu1 got 1", "whichcpu: unloaded");
    assertThat(outcome.result().violations()).isEmpty();
  }
}
