package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.kernel.Era;

/** The invariant on the table as the loader writes it; the faulty loader here is the test. */
class ResolvedOwnerLiveTest {
  private final ModuleTable table = new ModuleTable(Era.V6_X, new PerCpuAreas(2));
  private final ResolvedOwnerLive invariant = new ResolvedOwnerLive(table);
  private long sequence;

  private ModuleTable.Instance loaded(String name, ModuleState state) {
    ModuleTable.Instance instance = table.allocate(name, 0xffffffffc0001000L, ++sequence);
    table.link(instance, null);
    instance.setState(state);
    return instance;
  }

  @Test
  void anExporterThatIsLiveOrComingWithItsImportersHolds() {
    loaded("exporter", ModuleState.LIVE).setHolders(List.of("importer"));
    loaded("importer", ModuleState.COMING);
    assertThat(invariant.check("module_state", "importer COMING")).isNull();
    loaded("early", ModuleState.COMING).setHolders(List.of("importer"));
    assertThat(invariant.check("module_state", "early COMING")).isNull();
  }

  @Test
  void anExporterGoingWhileAnImporterIsBoundFiresOnce() {
    ModuleTable.Instance exporter = loaded("exporter", ModuleState.LIVE);
    exporter.setHolders(List.of("importer"));
    loaded("importer", ModuleState.LIVE);
    // A faulty loader: try_stop_module let the exporter go with a holder.
    exporter.setState(ModuleState.GOING);
    assertThat(invariant.check("module_state", "exporter GOING"))
        .isEqualTo("exporter is GOING while importer use its symbols");
    assertThat(invariant.check("free_module", "exporter")).as("once per instance").isNull();
  }

  @Test
  void anExporterFreedWithAHolderFires() {
    ModuleTable.Instance exporter = loaded("exporter", ModuleState.LIVE);
    exporter.setHolders(List.of("a", "b"));
    exporter.free();
    assertThat(invariant.check("free_module", "exporter"))
        .isEqualTo("exporter is freed while a, b use its symbols");
  }

  @Test
  void anExporterWhoseImportersAreGoneMayGo() {
    ModuleTable.Instance exporter = loaded("exporter", ModuleState.LIVE);
    exporter.setHolders(List.of("importer"));
    exporter.setHolders(List.of()); // the importer was freed: its references dropped
    exporter.setState(ModuleState.GOING);
    assertThat(invariant.check("module_state", "exporter GOING")).isNull();
  }
}
