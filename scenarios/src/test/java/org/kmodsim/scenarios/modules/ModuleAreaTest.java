package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;

/** A module larger than the x86-64 module area. */
class ModuleAreaTest {
  @TempDir Path dir;

  private String big() throws IOException {
    Path file = dir.resolve("big.conf");
    Files.writeString(
        file,
        "module {\n  name = big\n  license = \"GPL\"\n  size = 1G\n  init = [ \"return 0\" ]\n}\n");
    return file.toString();
  }

  /**
   * arch/x86/include/asm/pgtable_64_types.h: MODULES_END 0xffffffffff000000, MODULES_VADDR
   * 0xffffffffc0000000 from 4.x (1008 MiB), 0xffffffffa0000000 in 2.6.32 (1520 MiB). A 1 GiB module
   * does not fit from 4.x on: ENOMEM (module_alloc's PAGE_ALIGN(size) > MODULES_LEN is silent;
   * 6.12's mm/execmem.c execmem_vmalloc prints "execmem: unable to allocate memory").
   */
  @Test
  void aModuleLargerThanTheModuleAreaIsEnomem() throws IOException {
    String big = big();
    ModuleErrnoTest.Run v6 = ModuleErrnoTest.run(Era.V6_X, "insmod " + big + "; lsmod");
    assertThat(v6.errors(0)).endsWith("big.conf: Cannot allocate memory\n");
    assertThat(v6.dmesg()).contains("execmem: unable to allocate memory");
    assertThat(v6.at(1).output()).isEqualTo("Module                  Size  Used by\n");
    ModuleErrnoTest.Run v4 = ModuleErrnoTest.run(Era.V4_X, "insmod " + big);
    assertThat(v4.errors(0)).endsWith("big.conf: Cannot allocate memory\n");
    assertThat(v4.dmesg()).doesNotContain("execmem: unable to allocate memory");
    ModuleErrnoTest.Run v26 = ModuleErrnoTest.run(Era.V2_6, "insmod " + big);
    assertThat(v26.at(0).exitStatus()).isZero();
  }
}
