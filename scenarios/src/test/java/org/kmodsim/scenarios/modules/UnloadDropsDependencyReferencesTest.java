package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;

/**
 * free_module drops the references the module held on the modules it used (module_unload_free)
 * before delete_module returns, so the user's next command sees the owner's count without them.
 */
class UnloadDropsDependencyReferencesTest {

  /**
   * Fails today for a few seeds in a hundred in 2.6, 4.x and 6.x (2.6: seed 34; 4.x and 6.x:
   * seed 8): the loader replies Deleted while the owner's DependencyRef(-1) and its CountChanged are
   * still in flight, so /proc/modules still shows exporter's count as 1 and rmmod says "Module
   * exporter is in use". The same race made ConcurrentModeTest flaky on real threads.
   */
  @Disabled("model race in ModuleLoader.freeModule / Unload.onExitDone; see the comment")
  @Test
  void theOwnerCanBeRemovedRightAfterItsLastUser() {
    for (Era era : Era.values()) {
      for (long seed = 1; seed <= 40; seed++) {
        List<MachineReport.ShellResult> r = ModuleMachine.run(ModuleMachine.spec(era, 2,
            "insmod exporter.conf; insmod importer.conf; rmmod importer; rmmod exporter; lsmod"),
            seed).report().shellResults();
        assertThat(r.get(3).exitStatus()).as("%s seed %d: %s", era, seed, r).isZero();
        assertThat(r.get(4).output()).as("%s seed %d", era, seed).doesNotContain("exporter");
      }
    }
  }
}
