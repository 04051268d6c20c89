package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;

class KprobeShellTest {

  static String out(List<MachineReport.ShellResult> results) {
    StringBuilder all = new StringBuilder();
    results.forEach(r -> all.append(r.output()).append(r.errors()));
    return all.toString();
  }

  @Test
  void registersListsHitsAndUnregisters() {
    List<MachineReport.ShellResult> r = KprobeTestKernel.sh(Era.V6_X,
        "register_kprobe kp symbol_name=vfs_read pre='trace pre'; ret;"
            + " cat /sys/kernel/debug/kprobes/list; kcall vfs_read; kprobe_nmissed kp;"
            + " unregister_kprobe kp; cat /sys/kernel/debug/kprobes/list; kprobe_addr kp");
    System.out.println(out(r));
  }
}
