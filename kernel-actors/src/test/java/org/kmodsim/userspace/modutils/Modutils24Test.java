package org.kmodsim.userspace.modutils;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** modutils 2.4.27's insmod texts. */
class Modutils24Test {

  @Test
  void taintWarningsComeWithThePointerToTheFaqOnce() {
    assertThat(Modutils24.taintWarnings("foo.o", "Proprietary", true))
        .containsExactly(
            "Warning: loading foo.o will taint the kernel: non-GPL license - Proprietary\n",
            "  See http://www.tux.org/lkml/#export-tainted for information about tainted modules\n",
            "Warning: loading foo.o will taint the kernel: forced load\n");
    assertThat(Modutils24.taintWarnings("foo.o", null, false))
        .containsExactly(
            "Warning: loading foo.o will taint the kernel: no license\n",
            "  See http://www.tux.org/lkml/#export-tainted for information about tainted modules\n");
    assertThat(Modutils24.taintWarnings("foo.o", "Dual BSD/GPL", false)).isEmpty();
  }

  @Test
  void theUnresolvedHintDependsOnWhetherGplOnlySymbolsExist() {
    assertThat(Modutils24.unresolvedHint("foo.o", false))
        .isEqualTo(
            "foo.o: \n"
                + "Hint: You are trying to load a module without a GPL compatible license\n"
                + "      and it has unresolved symbols.  Contact the module supplier for\n"
                + "      assistance, only they can help you.\n\n");
    assertThat(Modutils24.unresolvedHint("foo.o", true)).contains("GPLONLY symbols");
    assertThat(Modutils24.gplonlySeen("d0800050 GPLONLY_exp_internal\t[exporter]\n")).isTrue();
    assertThat(Modutils24.gplonlySeen("c0119a40 printk_R1b7d4074\n")).isFalse();
  }
}
