package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

/** The reference-count operations by era (include/linux/module.h). */
class ModuleRefOpTest {
  @Test
  void theUseCountMacrosAreTheirOwnIn24AndGetAndPutLater() {
    ModuleEra v24 = ModuleEra.of(Era.V2_4);
    ModuleEra v6 = ModuleEra.of(Era.V6_X);
    assertThat(ModuleRefOp.INC_USE_COUNT.in(v24)).isEqualTo(ModuleRefOp.INC_USE_COUNT);
    assertThat(ModuleRefOp.DEC_USE_COUNT.in(v24)).isEqualTo(ModuleRefOp.DEC_USE_COUNT);
    assertThat(ModuleRefOp.INC_USE_COUNT.in(v6)).isEqualTo(ModuleRefOp.GET);
    assertThat(ModuleRefOp.DEC_USE_COUNT.in(v6)).isEqualTo(ModuleRefOp.PUT);
    assertThat(ModuleRefOp.TRY_GET.in(v6)).isEqualTo(ModuleRefOp.TRY_GET);
    assertThat(ModuleRefOp.IN_USE.in(v6)).isEqualTo(ModuleRefOp.IN_USE);
  }

  @Test
  void theSynopsesNameTheKernelFunctionsAndThe24Ones() {
    assertThat(ModuleRefOp.TRY_GET.synopsis).isEqualTo("try_module_get MODULE");
    assertThat(ModuleRefOp.INC_USE_COUNT.synopsis).isEqualTo("MOD_INC_USE_COUNT MODULE (2.4)");
    assertThat(ModuleRefOp.REFCOUNT.readsCount()).isTrue();
    assertThat(ModuleRefOp.PUT.readsCount()).isFalse();
  }
}
