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

  private Path tree() throws IOException {
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
    return tree;
  }

  @Test
  void shWithAKernelTreeLoadsItsModulesAgainstItsSymvers() throws IOException {
    Path tree = tree();
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
  void cmdlineIsAppendedToProcCmdlineAndATwoLineOneIsBadInput() {
    MainTest.Run run =
        MainTest.kmodsim(
            "sh", "--era=4.x", "--cmdline", "hello.howmany=2", "-c", "cat /proc/cmdline");
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "BOOT_IMAGE=/boot/vmlinuz-4.19.0 root=/dev/sda1 ro console=ttyS0,9600n8"
                + " hello.howmany=2\n");
    MainTest.Run bad = MainTest.kmodsim("sh", "--cmdline", "a\nb", "-c", "lsmod");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("kmodsim.machine.cmdline").contains("one line");
  }

  @Test
  void aKernelTreeThatIsNotADirectoryIsBadInput() {
    MainTest.Run run = MainTest.kmodsim("sh", "--kernel-tree", "/nonexistent/tree", "-c", "lsmod");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("kmodsim: --kernel-tree: /nonexistent/tree is not a directory\n");
  }

  /** --symvers FILE replaces the tree's own Module.symvers: a CRC it disagrees with is refused. */
  @Test
  void symversGivesTheKernelsExportsInsteadOfTheTreesFile() throws IOException {
    Path tree = tree();
    Path other = dir.resolve("other.symvers");
    Files.writeString(
        other,
        "0x0badc0de\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n"
            + "0x99999999\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n");
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--kernel-tree",
            tree.toString(),
            "--symvers",
            other.toString(),
            "-c",
            "uname -r; modprobe treefs");
    assertThat(run.out()).isEqualTo("6.1.0-tree\n");
    assertThat(run.err()).contains("could not insert 'treefs'");
    MainTest.Run missing =
        MainTest.kmodsim("sh", "--symvers", "/nonexistent/Module.symvers", "-c", "lsmod");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("kmodsim: --symvers: /nonexistent/Module.symvers is not a file\n");
  }

  /** run, explore and stress take --kernel-tree too (the machine boots as the tree's release). */
  @Test
  void runExploreAndStressTakeAKernelTree() throws IOException {
    Path tree = tree();
    for (String[] args :
        new String[][] {
          {"run", "unload-while-in-use", "--era", "6.x", "--kernel-tree", tree.toString()},
          {
            "explore",
            "unload-while-in-use",
            "--era",
            "6.x",
            "--runs",
            "2",
            "--kernel-tree",
            tree.toString()
          },
          {"stress", "unload", "--kernel-tree", "/nonexistent/tree"},
          {"run", "unload-while-in-use", "--kernel-tree", "/nonexistent/tree"}
        }) {
      MainTest.Run run = MainTest.kmodsim(args);
      if (args[args.length - 1].startsWith("/nonexistent")) {
        assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.err()).contains("--kernel-tree: /nonexistent/tree is not a directory");
      } else {
        assertThat(run.err()).as(String.join(" ", args)).doesNotContain("Unknown option");
        assertThat(run.status()).as(String.join(" ", args)).isNotEqualTo(2);
      }
    }
  }
}
