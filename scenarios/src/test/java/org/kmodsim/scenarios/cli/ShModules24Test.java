package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code kmodsim sh --era 2.4}: the 2.4 system calls and modutils' insmod from the shell. */
class ShModules24Test {

  @Test
  void createModuleLeavesAnUninitializedModuleThatInsmodThenFindsTaken() {
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--era",
            "2.4",
            "-c",
            "create_module hello 20000; lsmod; query_module hello QM_INFO; insmod hello.conf;"
                + " delete_module hello; insmod -k hello.conf; cat /proc/modules");
    assertThat(run.out())
        .isEqualTo(
            "Module                  Size  Used by    Not tainted\n" // modutils 2.4.27 lsmod.c
                + "hello                  20000   0  (uninitialized)\n"
                + "query_module(\"hello\", QM_INFO) = 0, ret = 16\n"
                + "address 0xd0800000 size 20000 flags MOD_UNINITIALIZED usecount 0\n"
                + "hello                  16384   0 (autoclean) (unused)\n");
    assertThat(run.err()).isEqualTo("insmod: a module named hello already exists\n");
    assertThat(run.status()).isZero();
  }
}
