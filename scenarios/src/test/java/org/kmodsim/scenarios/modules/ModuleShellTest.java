package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;

class ModuleShellTest {

  @Test
  void insmodLsmodRmmodRoundTrip() {
    MachineRun.Outcome outcome =
        ModuleMachine.run(
            ModuleMachine.spec(
                Era.V6_X,
                2,
                "insmod hello.conf howmany=3; lsmod; cat /sys/module/hello/parameters/howmany;"
                    + " rmmod hello; lsmod"),
            1);
    List<MachineReport.ShellResult> results = outcome.report().shellResults();
    assertThat(outcome.result().failure()).isNull();
    // hello.conf is the lecture's printk("<1>Hello, world\n"): since 3.6 the level is KERN_SOH "1"
    // (include/linux/kern_levels.h) and printk_get_level() takes no "<1>", so it is text.
    assertThat(ModuleMachine.dmesg(outcome))
        .containsExactly(
            "hello: loading out-of-tree module taints kernel.",
            "<1>Hello, world",
            "<1>Goodbye, cruel world");
    assertThat(results.get(0).exitStatus()).isZero();
    assertThat(results.get(1).output())
        .isEqualTo("Module                  Size  Used by\n" + "hello                  16384  0\n");
    assertThat(results.get(2).output()).isEqualTo("3\n");
    assertThat(results.get(3).exitStatus()).isZero();
    assertThat(results.get(4).output()).isEqualTo("Module                  Size  Used by\n");
  }
}
