package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.kernel.Era;

class FreedModuleNeverEnteredTest {
  private final ModuleTable table = new ModuleTable(Era.V6_X, new PerCpuAreas(2));
  private final FreedModuleNeverEntered invariant = new FreedModuleNeverEntered(table);

  private ModuleTable.Instance loaded(String name) {
    ModuleTable.Instance instance = table.allocate(name, 0xffffffffc0001000L, 1);
    table.link(instance, null);
    instance.setState(ModuleState.LIVE);
    return instance;
  }

  @Test
  void aGetOnALiveModuleHolds() {
    loaded("chardev");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.TRY_MODULE_GET.with(
                    1, "chardev", true, 0L, 1L)))
        .isNull();
  }

  @Test
  void aSuccessfulGetOnFreedMemoryIsAUseAfterFreeReportedOnce() {
    loaded("chardev").free();
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.TRY_MODULE_GET.with(
                    1, "chardev", false, 0L, 1L)))
        .isNull();
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.TRY_MODULE_GET.with(
                    1, "chardev", true, 0L, 1L)))
        .isEqualTo("try_module_get(chardev) succeeded on freed module memory at ffffffffc0001000");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.TRY_MODULE_GET.with(
                    0, "chardev", true, 0L, 1L)))
        .isNull();
  }

  @Test
  void staysQuietWhenTheModelReportedTheModulesUseAfterFree() {
    loaded("chardev").free();
    assertThat(
            invariant.check(
                org.kmodsim.sim.EventType.of("violation:use-after-free", "{detail}", "detail")
                    .with("cpu1 read at ffffffffc0001010 in freed module chardev")))
        .isNull();
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.TRY_MODULE_GET.with(
                    1, "chardev", true, 0L, 1L)))
        .isNull();
  }
}
