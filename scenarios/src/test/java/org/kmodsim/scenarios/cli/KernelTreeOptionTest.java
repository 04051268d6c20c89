package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.module.elf.KoBuilder;

/**
 * {@code --kernel-tree DIR}: a real /lib/modules/VERSION tree as the machine's module directory.
 */
class KernelTreeOptionTest {
  @TempDir Path dir;

  @Test
  void shWithAKernelTreeLoadsItsModulesAgainstItsSymvers() throws IOException {
    Path tree = dir.resolve("6.1.0-tree");
    Files.createDirectories(tree.resolve("kernel/fs"));
    Files.writeString(tree.resolve("modules.order"), "kernel/fs/treefs.ko\n");
    Files.writeString(
        tree.resolve("Module.symvers"),
        "0x0badc0de\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n"
            + "0x12345678\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n");
    Files.write(
        tree.resolve("kernel/fs/treefs.ko"),
        new KoBuilder()
            .info("license", "GPL")
            .info("alias", "fs-treefs")
            .info("depends", "")
            .info("name", "treefs")
            .info("vermagic", "6.1.0-tree SMP preempt mod_unload modversions ")
            .imports("_printk", 0x12345678L)
            .version("module_layout", 0x0badc0deL)
            .thisModule("treefs")
            .init()
            .build());
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--kernel-tree",
            tree.toString(),
            "-c",
            "modprobe fs-treefs; lsmod; modinfo -F alias treefs");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("treefs ").endsWith("fs-treefs\n");
    assertThat(run.status()).isZero();
  }

  @Test
  void aKernelTreeThatIsNotADirectoryIsBadInput() {
    MainTest.Run run = MainTest.kmodsim("sh", "--kernel-tree", "/nonexistent/tree", "-c", "lsmod");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("kmodsim: --kernel-tree: /nonexistent/tree is not a directory\n");
  }
}
