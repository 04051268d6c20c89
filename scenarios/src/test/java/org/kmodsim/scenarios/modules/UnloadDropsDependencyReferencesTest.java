package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;

/**
 * free_module drops the references the module held on the modules it used (module_unload_free)
 * before delete_module returns, so the user's next command sees the owner's count without them.
 */
class UnloadDropsDependencyReferencesTest {

  /**
   * The race this guards against (2.6: seed 34; 4.x and 6.x: seed 8, when the owner's actor counted
   * the dependency references): delete_module answered while the owner's count update was still in
   * flight, and rmmod said "Module exporter is in use". The loader now keeps those references in
   * the owner's {@code ModuleTable} entry itself.
   */
  @Test
  void theOwnerCanBeRemovedRightAfterItsLastUser() {
    for (Era era : Era.values()) {
      for (long seed = 1; seed <= 40; seed++) {
        List<MachineReport.ShellResult> r =
            ModuleMachine.run(
                    ModuleMachine.spec(
                        era,
                        2,
                        "insmod exporter.conf; insmod importer.conf; rmmod importer; rmmod exporter; lsmod"),
                    seed)
                .report()
                .shellResults();
        assertThat(r.get(3).exitStatus()).as("%s seed %d: %s", era, seed, r).isZero();
        assertThat(r.get(4).output()).as("%s seed %d", era, seed).doesNotContain("exporter");
      }
    }
  }
}
