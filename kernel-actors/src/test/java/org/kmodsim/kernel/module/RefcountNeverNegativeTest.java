package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.kernel.Era;

class RefcountNeverNegativeTest {
  private final ModuleTable table = new ModuleTable(Era.V2_4, new PerCpuAreas(2));
  private final RefcountNeverNegative invariant = new RefcountNeverNegative(table, Era.V2_4, true);

  private ModuleTable.Instance loaded(String name, ModuleState state) {
    ModuleTable.Instance instance = table.allocate(name, 0xffffffffc0000000L, 1);
    table.link(instance, null);
    instance.setState(state);
    return instance;
  }

  @Test
  void holdsWhileTheCountIsZeroOrMore() {
    ModuleTable.Instance hello = loaded("hello", ModuleState.LIVE);
    hello.publishCount(0);
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "hello", 1L, 0L)))
        .isNull();
  }

  @Test
  void reportsANegativeCountOfALiveModuleOnceInKernelWords() {
    ModuleTable.Instance hello = loaded("hello", ModuleState.LIVE);
    hello.publishCount(-1);
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "hello", 1L, 0L)))
        .isEqualTo("module_refcount(hello) = -1: more module_put than gets");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(1, "hello", 1L, 0L)))
        .isNull();
  }

  @Test
  void aModuleOnItsWayOutReadsMinusOneAsInTheKernel() {
    ModuleTable.Instance hello = loaded("hello", ModuleState.GOING);
    hello.publishCount(-1);
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("hello", "LIVE", "GOING", "")))
        .isNull();
  }

  @Test
  void from4xOnMinusOneIsBeingUnloadedEvenBeforeTheStateSaysSo() {
    ModuleTable modern = new ModuleTable(Era.V6_X, new PerCpuAreas(2));
    RefcountNeverNegative rule = new RefcountNeverNegative(modern, Era.V6_X, true);
    ModuleTable.Instance hello = modern.allocate("hello", 0xffffffffc0000000L, 1);
    modern.link(hello, null);
    hello.setState(ModuleState.LIVE);
    hello.publishCount(-1);
    assertThat(
            rule.check(org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "hello", 1L, 0L)))
        .isNull();
    hello.publishCount(-2);
    assertThat(
            rule.check(org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "hello", 1L, 0L)))
        .isEqualTo("module_refcount(hello) = -2: more module_put than gets");
  }

  @Test
  void staysQuietWhenTheModelsOwnCheckReportedTheModule() {
    ModuleTable.Instance hello = loaded("hello", ModuleState.LIVE);
    assertThat(
            invariant.check(
                org.kmodsim.sim.EventType.of("violation:refcount-underflow", "{detail}", "detail")
                    .with("module_put(hello) below zero")))
        .isNull();
    hello.publishCount(-1);
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "hello", 1L, 0L)))
        .isNull();
  }

  @Test
  void inTwoSixThePerCpuSumIsCheckedAtTheEndOfTheRunNotAfterEachGetAndPut() {
    PerCpuAreas cpus = new PerCpuAreas(2);
    ModuleTable percpu = new ModuleTable(Era.V2_6, cpus);
    RefcountNeverNegative rule = new RefcountNeverNegative(percpu, Era.V2_6, true);
    ModuleTable.Instance hello = percpu.allocate("hello", 0xffffffffc0000000L, 1);
    percpu.link(hello, null);
    hello.setState(ModuleState.LIVE);
    hello.publishCount(0);
    // A get on cpu0 and its put on cpu1: one counter at -1, legitimately (local_dec).
    cpus.of(0).add(hello.perCpuCounter(), 1);
    cpus.of(1).add(hello.perCpuCounter(), -1);
    assertThat(rule.events())
        .doesNotContain("try_module_get", "module_put", "__module_get")
        .contains(org.kmodsim.sim.Invariant.RUN_END);
    assertThat(rule.check(org.kmodsim.sim.Invariant.runEnd("all programs finished"))).isNull();
    // One put too many: the sum is -1 when every program has finished.
    cpus.of(1).add(hello.perCpuCounter(), -1);
    assertThat(rule.check(org.kmodsim.sim.Invariant.runEnd("all programs finished")))
        .isEqualTo("module_refcount(hello) = -1: more module_put than gets");
  }

  @Test
  void withOneCounterEveryGetAndPutIsChecked() {
    assertThat(invariant.events()).contains("try_module_get", "module_put", "__module_get");
  }

  @Test
  void ignoresNamesThatWereNeverLoaded() {
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.MODULE_PUT.with(0, "ghost", 1L, 0L)))
        .isNull();
  }
}
