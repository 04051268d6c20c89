package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoBuilder;
import org.kmodsim.scenarios.machine.MachineReport;

/**
 * A machine booted with a real tree runs as the tree's release: uname(2) and /proc/version
 * (init/version.c) give the tree's name, and the vermagic the loader compares (kernel/module/
 * version.c same_magic) is the one the tree's modules were built with.
 */
class KernelTreeBootTest {
  @TempDir Path dir;

  private static final String TREE_MAGIC = "6.1.0-test SMP preempt mod_unload ";

  private static byte[] module(String name, String vermagic) {
    return new KoBuilder()
        .info("license", "GPL")
        .info("name", name)
        .info("vermagic", vermagic)
        .thisModule(name)
        .init()
        .build();
  }

  private List<MachineReport.ShellResult> boot(String script) throws IOException {
    return ModuleMachine.sh(Era.V6_X, script, tree());
  }

  private String tree() throws IOException {
    Path tree = dir.resolve("lib/modules/6.1.0-test");
    Files.createDirectories(tree.resolve("kernel"));
    Files.writeString(tree.resolve("modules.order"), "kernel/first.ko\nkernel/other.ko\n");
    Files.write(tree.resolve("kernel/first.ko"), module("first", TREE_MAGIC));
    Files.write(tree.resolve("kernel/other.ko"), module("other", "6.1.0-other SMP mod_unload "));
    return "kmodsim.modules.directory = \"" + tree.toString() + "\"";
  }

  @Test
  void unameAndProcVersionGiveTheTreesRelease() throws IOException {
    List<MachineReport.ShellResult> r = boot("uname -r; cat /proc/version");
    assertThat(r.get(0).output()).isEqualTo("6.1.0-test\n");
    assertThat(r.get(1).output()).startsWith("Linux version 6.1.0-test (root@kmodsim)");
  }

  @Test
  void theKernelsVermagicIsTheTreesModules() throws IOException {
    List<MachineReport.ShellResult> r = boot("modprobe first; modprobe other; lsmod");
    String dmesg =
        String.join(
            "\n",
            ModuleMachine.dmesg(
                ModuleMachine.run(ModuleMachine.spec(Era.V6_X, 2, "modprobe other", tree()), 1)));
    assertThat(r.get(0).errors()).isEmpty();
    assertThat(r.get(1).errors())
        .isEqualTo("modprobe: ERROR: could not insert 'other': Exec format error\n");
    assertThat(r.get(2).output()).contains("first ").doesNotContain("other ");
    assertThat(dmesg)
        .contains(
            "other: version magic '6.1.0-other SMP mod_unload ' should be '" + TREE_MAGIC + "'");
  }
}
