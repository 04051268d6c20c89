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
 * depmod through the shell over a real tree (kmod 30 tools/depmod.c do_depmod, depmod_output): it
 * writes its files into the tree, {@code -n} prints instead, {@code -A} skips an up-to-date tree,
 * {@code -b ROOT VERSION} works on another tree, and getopt_long's messages and depmod's own errors
 * are kmod's, as Debian's kmod 30 printed them.
 */
class DepmodShellTest {
  /** libkmod's ERR as Debian's kmod 30 prints it through modprobe's log_kmod (ENABLE_DEBUG). */
  private static final String COMMAND_DO =
      "modprobe: ERROR: ../libkmod/libkmod-module.c:1047 command_do() ";

  @TempDir Path dir;

  private Path tree(Path root) throws IOException {
    Path tree = root.resolve("lib/modules/6.1.0-test");
    Files.createDirectories(tree.resolve("kernel"));
    Files.writeString(tree.resolve("modules.order"), "kernel/dep.ko\nkernel/user.ko\n");
    Files.write(
        tree.resolve("kernel/dep.ko"),
        new KoBuilder()
            .info("license", "GPL")
            .info("name", "dep")
            .info("alias", "dep-alias")
            .export("dep_fn", false, "", 1)
            .thisModule("dep")
            .build());
    Files.write(
        tree.resolve("kernel/user.ko"),
        new KoBuilder()
            .info("license", "GPL")
            .info("name", "user")
            .imports("dep_fn", 1L)
            .thisModule("user")
            .build());
    return tree;
  }

  private List<MachineReport.ShellResult> sh(Path tree, String script) {
    return ModuleMachine.sh(
        Era.V6_X, script, "kmodsim.modules.directory = \"" + tree.toString() + "\"");
  }

  @Test
  void showConfigDumpsTheConfigurationThenTheIndexesDepmodWrote() throws IOException {
    // kmod 30 tools/modprobe.c show_config; kmod_dump_index reads modules.alias.bin and
    // modules.symbols.bin, so before depmod there is nothing after the end line
    Path tree = tree(dir);
    Files.createDirectories(dir.resolve("etc/modprobe.d"));
    Files.writeString(
        dir.resolve("etc/modprobe.d/test.conf"),
        "options user debug=1\nblacklist dep\nsoftdep user pre: dep post: other\n");
    List<MachineReport.ShellResult> r = sh(tree, "modprobe -c; depmod; modprobe --show-config");
    String config =
        "blacklist dep\n"
            + "options user debug=1\n"
            + "softdep user pre: deppost: other\n"
            + "\n# End of configuration files. Dumping indexes now:\n\n";
    assertThat(r.get(0).output()).isEqualTo(config);
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(2).output())
        .isEqualTo(config + "alias dep_alias dep\nalias symbol:dep_fn dep\n");
  }

  @Test
  void depmodWritesItsTenFilesIntoTheTree() throws IOException {
    Path tree = tree(dir);
    List<MachineReport.ShellResult> r = sh(tree, "depmod");
    assertThat(r.get(0).errors()).isEmpty();
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(Files.readString(tree.resolve("modules.dep")))
        .isEqualTo("kernel/dep.ko:\nkernel/user.ko: kernel/dep.ko\n");
    assertThat(Files.readString(tree.resolve("modules.alias")))
        .isEqualTo("# Aliases extracted from modules themselves.\nalias dep-alias dep\n");
    for (String name :
        List.of(
            "modules.dep.bin",
            "modules.alias.bin",
            "modules.softdep",
            "modules.symbols",
            "modules.symbols.bin",
            "modules.builtin.bin",
            "modules.builtin.alias.bin",
            "modules.devname")) {
      assertThat(tree.resolve(name)).exists();
    }
    try (var files = Files.list(tree)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("tmp"));
    }
  }

  @Test
  void depmodNPrintsAndWritesNothingAndQuickSkipsAnUpToDateTree() throws IOException {
    Path tree = tree(dir);
    List<MachineReport.ShellResult> r = sh(tree, "depmod -n; depmod -n -A; depmod -A; depmod -a");
    assertThat(r.get(0).output()).startsWith("kernel/dep.ko:\nkernel/user.ko: kernel/dep.ko\n");
    assertThat(r.get(1).output()).isEmpty();
    assertThat(r.get(3).exitStatus()).isZero();
    assertThat(tree.resolve("modules.dep")).exists();
  }

  @Test
  void depmodBasedirWorksOnTheTreeUnderRoot() throws IOException {
    Path own = tree(dir.resolve("own"));
    Path other = tree(dir.resolve("other"));
    List<MachineReport.ShellResult> r =
        sh(own, "depmod -b " + dir.resolve("other") + " 6.1.0-test");
    assertThat(r.get(0).errors()).isEmpty();
    assertThat(other.resolve("modules.dep")).exists();
    assertThat(own.resolve("modules.dep")).doesNotExist();
  }

  /** The messages Debian's kmod 30 printed for the same command lines (exit status 1). */
  @Test
  void badCommandLinesGetGetoptsAndDepmodsMessages() throws IOException {
    Path tree = tree(dir);
    List<MachineReport.ShellResult> r =
        sh(
            tree,
            "depmod -x; depmod --foo; depmod -b; depmod --basedir; depmod --s; depmod --all=3;"
                + " depmod -b /nonexist 6.1.0-test; depmod foo; depmod 6.1.0-test extra;"
                + " depmod -V");
    assertThat(r.subList(0, 9)).allSatisfy(line -> assertThat(line.exitStatus()).isEqualTo(1));
    assertThat(r.get(0).errors()).isEqualTo("depmod: invalid option -- 'x'\n");
    assertThat(r.get(1).errors()).isEqualTo("depmod: unrecognized option '--foo'\n");
    assertThat(r.get(2).errors()).isEqualTo("depmod: option requires an argument -- 'b'\n");
    assertThat(r.get(3).errors()).isEqualTo("depmod: option '--basedir' requires an argument\n");
    assertThat(r.get(4).errors())
        .isEqualTo(
            "depmod: option '--s' is ambiguous; possibilities: '--symvers' '--show'"
                + " '--symbol-prefix'\n");
    assertThat(r.get(5).errors()).isEqualTo("depmod: option '--all' doesn't allow an argument\n");
    assertThat(r.get(6).errors())
        .isEqualTo(
            "depmod: ERROR: could not open directory /nonexist/lib/modules/6.1.0-test: No such"
                + " file or directory\n"
                + "depmod: FATAL: could not search modules: No such file or directory\n");
    assertThat(r.get(7).errors()).isEqualTo("depmod: ERROR: Bad version passed foo\n");
    assertThat(r.get(8).errors()).isEqualTo("depmod: FATAL: extra: not absolute path.\n");
    assertThat(r.get(9).output())
        .isEqualTo("kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n");
  }

  /**
   * modprobe over the tree: built-in modules (modprobe.c rmmod_do_module, print_action), -n, -v.
   */
  @Test
  void modprobeKnowsBuiltinModulesAndDryRuns() throws IOException {
    Path tree = tree(dir);
    Files.writeString(tree.resolve("modules.builtin"), "kernel/lib/crc32.ko\n");
    List<MachineReport.ShellResult> r =
        sh(
            tree,
            "modprobe crc32; modprobe --show-depends crc32; modprobe -r crc32;"
                + " modprobe --first-time crc32; modprobe -n user; lsmod; modprobe -v user; lsmod");
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(0).errors()).isEmpty();
    assertThat(r.get(1).output()).isEqualTo("builtin crc32\n");
    assertThat(r.get(2).errors()).isEqualTo("modprobe: FATAL: Module crc32 is builtin.\n");
    assertThat(r.get(2).exitStatus()).isEqualTo(1);
    assertThat(r.get(3).errors())
        .isEqualTo("modprobe: ERROR: could not insert 'crc32': Module already in kernel\n");
    assertThat(r.get(4).output()).isEmpty();
    assertThat(r.get(5).output()).doesNotContain("user");
    assertThat(r.get(6).output())
        .isEqualTo(
            "insmod /lib/modules/6.1.0-test/kernel/dep.ko \n"
                + "insmod /lib/modules/6.1.0-test/kernel/user.ko \n");
    assertThat(r.get(7).output()).contains("user ").contains("dep ");
  }

  /**
   * modprobe.d under the machine's root (the directory above lib/modules/VERSION): options merged
   * in file order then the command line's, a blacklisted module asked for by a configuration alias
   * loads nothing, an alias to a module, a bad line reported as libkmod reports it. The expected
   * lines are what Debian's kmod 30 printed for the same configuration with -C.
   */
  @Test
  void modprobeAppliesModprobeDOptionsBlacklistAndAliases() throws IOException {
    Path tree = tree(dir);
    Files.createDirectories(dir.resolve("etc/modprobe.d"));
    Files.writeString(
        dir.resolve("etc/modprobe.d/test.conf"),
        "options user debug=1 mode=x\n"
            + "options user extra=2\n"
            + "blacklist dep\n"
            + "alias myalias user\n"
            + "alias de* dep\n"
            + "bogus line here\n"
            + "options onlyname\n");
    Files.writeString(dir.resolve("etc/modprobe.d/ignored.txt"), "blacklist user\n");
    List<MachineReport.ShellResult> r =
        sh(
            tree,
            "modprobe --show-depends user a=b; modprobe --show-depends myalias;"
                + " modprobe --show-depends dep; modprobe dep; lsmod");
    String bad =
        "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse:"
            + " /etc/modprobe.d/test.conf line 6: ignoring bad line starting with 'bogus'\n"
            + "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse:"
            + " /etc/modprobe.d/test.conf line 7: ignoring bad line starting with 'options'\n";
    assertThat(r.get(0).errors()).isEqualTo(bad);
    assertThat(r.get(0).output())
        .isEqualTo(
            "insmod /lib/modules/6.1.0-test/kernel/dep.ko \n"
                + "insmod /lib/modules/6.1.0-test/kernel/user.ko debug=1 mode=x extra=2 a=b\n");
    assertThat(r.get(1).output())
        .isEqualTo(
            "insmod /lib/modules/6.1.0-test/kernel/dep.ko \n"
                + "insmod /lib/modules/6.1.0-test/kernel/user.ko debug=1 mode=x extra=2\n");
    assertThat(r.get(2).output()).isEmpty();
    assertThat(r.get(2).exitStatus()).isZero();
    assertThat(r.get(3).exitStatus()).isZero();
    assertThat(r.get(4).output()).doesNotContain("dep ");
  }

  /**
   * install and remove commands of modprobe.d (libkmod-module.c module_do_install_commands and
   * command_do, kmod 30 modprobe.c rmmod_do_module): run as the machine's programs, a nested {@code
   * modprobe --ignore-install} loads the module itself, {@code /bin/false} fails with libkmod's
   * "Error running install command" and insmod()'s strerror(EINVAL); {@code -C} reads only the file
   * named.
   */
  @Test
  void modprobeRunsInstallAndRemoveCommandsAsTheMachinesPrograms() throws IOException {
    Path tree = tree(dir);
    Files.createDirectories(dir.resolve("etc/modprobe.d"));
    Files.writeString(
        dir.resolve("etc/modprobe.d/cmd.conf"),
        "install user /sbin/modprobe --ignore-install user $CMDLINE_OPTS\n"
            + "install dep /bin/false\n"
            + "remove user /bin/true\n");
    Files.writeString(dir.resolve("other.conf"), "install user /bin/false\n");
    List<MachineReport.ShellResult> r =
        sh(
            tree,
            "modprobe -i dep; modprobe -v user; lsmod; modprobe -r user; lsmod;"
                + " modprobe -r -i user; lsmod; modprobe -C /other.conf user; modprobe dep;"
                + " modprobe -r dep; modprobe dep");
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(1).output())
        .isEqualTo("install /sbin/modprobe --ignore-install user $CMDLINE_OPTS \n");
    assertThat(r.get(1).exitStatus()).isZero();
    assertThat(r.get(2).output()).contains("user ").contains("dep ");
    assertThat(r.get(3).exitStatus()).isZero();
    assertThat(r.get(4).output()).contains("user "); // the remove command was /bin/true
    assertThat(r.get(6).output()).doesNotContain("user ").doesNotContain("dep ");
    assertThat(r.get(7).errors())
        .isEqualTo(
            COMMAND_DO
                + "Error running install command '/bin/false' for module user:"
                + " retcode 1\n"
                + "modprobe: ERROR: could not insert 'user': Invalid argument\n");
    assertThat(r.get(7).exitStatus()).isEqualTo(1);
    // the -C run loaded dep before user's command failed: in the kernel, nothing to do
    assertThat(r.get(8).errors()).isEmpty();
    assertThat(r.get(8).exitStatus()).isZero();
    assertThat(r.get(10).errors())
        .isEqualTo(
            COMMAND_DO
                + "Error running install command '/bin/false' for module dep:"
                + " retcode 1\n"
                + "modprobe: ERROR: could not insert 'dep': Invalid argument\n");
    assertThat(r.get(10).exitStatus()).isEqualTo(1);
  }

  /**
   * An install or remove command's status is its last program's, whatever the program (libkmod
   * command_do: system(), then WEXITSTATUS for "Error running install command '%s' for module %s:
   * retcode %d"; kmod 30 modprobe.c command_do: -WEXITSTATUS for a remove command): a nested
   * modprobe that finds no module fails with its own status 1, sh's 127 for a program the machine
   * does not have, a {@code ;} list ends with its last program's. The texts and statuses are what
   * Debian's kmod 30 (30+20221128-1) printed for the same commands over a tree of its own.
   */
  @Test
  void anInstallOrRemoveCommandEndsWithItsLastProgramsStatus() throws IOException {
    Path tree = tree(dir);
    Files.writeString(dir.resolve("nested.conf"), "install user /sbin/modprobe nosuch\n");
    Files.writeString(dir.resolve("missing.conf"), "install user nosuchprog\n");
    Files.writeString(dir.resolve("last-ok.conf"), "install user /bin/false; /bin/true\n");
    Files.writeString(dir.resolve("cat.conf"), "install user cat /nonexistent\n");
    Files.writeString(dir.resolve("remove.conf"), "remove dep /sbin/modprobe -r nosuch\n");
    List<MachineReport.ShellResult> r =
        sh(
            tree,
            "modprobe -C /nested.conf user; modprobe -C /missing.conf user;"
                + " modprobe -C /last-ok.conf user; modprobe -C /cat.conf user; lsmod;"
                + " modprobe dep; modprobe -C /remove.conf -r dep; lsmod");
    assertThat(r.get(0).errors())
        .isEqualTo(
            "modprobe: FATAL: Module nosuch not found in directory /lib/modules/6.1.0-test\n"
                + COMMAND_DO
                + "Error running install command '/sbin/modprobe nosuch' for"
                + " module user: retcode 1\n"
                + "modprobe: ERROR: could not insert 'user': Invalid argument\n");
    assertThat(r.get(0).exitStatus()).isEqualTo(1);
    assertThat(r.get(1).errors())
        .isEqualTo(
            "sh: 1: nosuchprog: not found\n"
                + COMMAND_DO
                + "Error running install command 'nosuchprog' for module user:"
                + " retcode 127\n"
                + "modprobe: ERROR: could not insert 'user': Invalid argument\n");
    assertThat(r.get(2).errors()).isEmpty();
    assertThat(r.get(2).exitStatus()).isZero();
    assertThat(r.get(3).errors())
        .isEqualTo(
            "cat: /nonexistent: No such file or directory\n"
                + COMMAND_DO
                + "Error running install command 'cat /nonexistent' for module user:"
                + " retcode 1\n"
                + "modprobe: ERROR: could not insert 'user': Invalid argument\n");
    assertThat(r.get(3).exitStatus()).isEqualTo(1);
    assertThat(r.get(4).output()).doesNotContain("user ");
    assertThat(r.get(6).errors())
        .isEqualTo(
            "modprobe: FATAL: Module nosuch not found.\n"
                + "modprobe: FATAL: Error running remove command for dep\n");
    assertThat(r.get(6).exitStatus()).isEqualTo(1);
    assertThat(r.get(7).output()).contains("dep ");
  }

  /** modinfo's command line (tools/modinfo.c): -b ROOT -k VERSION, -V, getopt_long's messages. */
  @Test
  void modinfoTakesBasedirAndSetVersionAndGetoptsMessages() throws IOException {
    Path own = tree(dir.resolve("own"));
    tree(dir.resolve("other"));
    Files.write(
        dir.resolve("other/lib/modules/6.1.0-test/kernel/only.ko"),
        new KoBuilder().info("license", "GPL").info("name", "only").thisModule("only").build());
    List<MachineReport.ShellResult> r =
        sh(
            own,
            "modinfo -F name -b "
                + dir.resolve("other")
                + " -k 6.1.0-test only; modinfo -F name only; modinfo -k 9.9 dep; modinfo -x;"
                + " modinfo; modinfo --foo; modinfo -F; modinfo -V; modinfo -k 6.1.0-test -F name"
                + " dep");
    assertThat(r.get(0).output()).isEqualTo("only\n");
    assertThat(r.get(1).errors()).isEqualTo("modinfo: ERROR: Module only not found.\n");
    assertThat(r.get(2).errors()).isEqualTo("modinfo: ERROR: Module dep not found.\n");
    assertThat(r.get(3).errors()).isEqualTo("modinfo: invalid option -- 'x'\n");
    assertThat(r.get(4).errors()).isEqualTo("modinfo: ERROR: missing module or filename.\n");
    assertThat(r.get(5).errors()).isEqualTo("modinfo: unrecognized option '--foo'\n");
    assertThat(r.get(6).errors()).isEqualTo("modinfo: option requires an argument -- 'F'\n");
    assertThat(r.subList(1, 7)).allSatisfy(line -> assertThat(line.exitStatus()).isEqualTo(1));
    assertThat(r.get(7).output())
        .isEqualTo("kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n");
    assertThat(r.get(8).output()).isEqualTo("dep\n");
  }
}
