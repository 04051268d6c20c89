package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/**
 * depmod's {@code -e}, {@code -E FILE}, {@code -F System.map} and {@code -w} against kmod 30's
 * tools/depmod.c: do_depmod (the files loaded before the tree is searched; "-e needs -E or -F";
 * CRIT "could not load %s: %s"), depmod_load_symvers ("%s:%u Invalid symbol version %s: %m"; only
 * lines whose third token is exactly vmlinux), depmod_load_system_map ("%s:%u: invalid line: %s",
 * the line with its newline), depmod_add_fake_syms, depmod_load_modules (a module's export replaces
 * the kernel's), depmod_load_module_dependencies ("%s needs unknown symbol %s", "%s disagrees about
 * version of symbol %s", over libkmod-elf.c kmod_elf_get_dependency_symbols' list: the undefined
 * symbols, then the __versions entries no symbol named) and output_aliases_bin ("duplicate module
 * alias:\n%s %s" under -w). Expected texts are those format strings.
 */
class DepmodSymbolsTest {
  @TempDir Path root;

  private Path tree() throws IOException {
    Path tree = root.resolve("lib/modules/6.1.0");
    Files.createDirectories(tree.resolve("kernel"));
    Files.write(
        tree.resolve("kernel/a.ko"),
        KoDepmodIndexesTest.module("a")
            .info("alias", "pci:v1*")
            .info("alias", "pci:v1*")
            .version("module_layout", 0x77)
            .imports("printk", 0x1234L)
            .imports("kfree", 0x99L)
            .imports("nosuch", 0x1L)
            .export("a_fn", false, "", 0x10)
            .build());
    Files.write(
        tree.resolve("kernel/b.ko"),
        KoDepmodIndexesTest.module("b")
            .imports("a_fn", 0x11L)
            .imports("printk", null)
            .imports("old_format", 0x1L)
            .imports("__this_module", null)
            .build());
    Files.writeString(tree.resolve("modules.order"), "kernel/a.ko\nkernel/b.ko\n");
    return tree;
  }

  private ToolExit depmod(String... args) {
    ModuleRepository own = new ModuleRepository("", Era.V6_X);
    return DepmodRun.run(DepmodCommand.parse(List.of(args), "6.1.0"), own, Era.V6_X).ended();
  }

  private String path(String module) {
    return root + "/lib/modules/6.1.0/kernel/" + module + ".ko";
  }

  @Test
  void symversGivesCrcsAndErrsymsReportsUnknownAndDisagreeingSymbols() throws IOException {
    tree();
    Path symvers = root.resolve("Module.symvers");
    Files.writeString(
        symvers,
        "0x00001234\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
            + "0x00000055\tkfree\tvmlinux\tEXPORT_SYMBOL\t\n"
            + "0x00000010\ta_fn\tkernel/a\tEXPORT_SYMBOL\t\n"
            + "0x1\told_format\tvmlinux\n"
            + "zz\tbad\tvmlinux\tEXPORT_SYMBOL\t\n");
    ToolExit run = depmod("-n", "-e", "-E", symvers.toString(), "-b", root.toString(), "6.1.0");
    // old_format: strtok's third token is "vmlinux\n", not vmlinux; a_fn's line is a module's.
    // a: printk agrees, kfree does not, nosuch is unknown, then module_layout (a __versions entry
    // no symbol names, listed after the symbol table's); b: a_fn's CRC is a's export's (0x10),
    // printk has no __versions entry (CRC 0), __this_module is depmod_add_fake_syms'
    assertThat(run.err())
        .isEqualTo(
            "depmod: ERROR: "
                + symvers
                + ":5 Invalid symbol version zz: Success\n"
                + "depmod: WARNING: "
                + path("a")
                + " disagrees about version of symbol kfree\n"
                + "depmod: WARNING: "
                + path("a")
                + " needs unknown symbol nosuch\n"
                + "depmod: WARNING: "
                + path("a")
                + " needs unknown symbol module_layout\n"
                + "depmod: WARNING: "
                + path("b")
                + " disagrees about version of symbol a_fn\n"
                + "depmod: WARNING: "
                + path("b")
                + " disagrees about version of symbol printk\n"
                + "depmod: WARNING: "
                + path("b")
                + " needs unknown symbol old_format\n");
    assertThat(run.status()).isZero();
    // modules.dep is the same: a symbol with no owner adds no dependency (mod_add_dependency)
    assertThat(run.out())
        .startsWith("kernel/a.ko:\nkernel/b.ko: kernel/a.ko\n")
        .isEqualTo(depmod("-n", "-b", root.toString(), "6.1.0").out());
    // -E without -e: cfg.check_symvers alone prints nothing
    assertThat(depmod("-n", "-E", symvers.toString(), "-b", root.toString(), "6.1.0").err())
        .isEqualTo("depmod: ERROR: " + symvers + ":5 Invalid symbol version zz: Success\n");
  }

  @Test
  void aSystemMapGivesNamesWithoutCrcs() throws IOException {
    tree();
    Path map = root.resolve("System.map");
    Files.writeString(
        map,
        "ffffffff81000000 T _text\n"
            + "ffffffff82000000 r __ksymtab_printk\n"
            + "ffffffff82000010 r __ksymtab_kfree\n"
            + "garbage\n"
            + "ffffffff82000020 r __ksymtab_old_format");
    ToolExit run = depmod("-n", "-e", "-F", map.toString(), "-b", root.toString(), "6.1.0");
    assertThat(run.err())
        .isEqualTo(
            "depmod: ERROR: "
                + map
                + ":4: invalid line: garbage\n\n"
                + "depmod: WARNING: "
                + path("a")
                + " needs unknown symbol nosuch\n"
                + "depmod: WARNING: "
                + path("a")
                + " needs unknown symbol module_layout\n");
    // -E wins over -F (do_depmod's else-if)
    Path symvers = root.resolve("Module.symvers");
    Files.writeString(symvers, "");
    assertThat(
            depmod(
                    "-n",
                    "-e",
                    "-F",
                    map.toString(),
                    "-E",
                    symvers.toString(),
                    "-b",
                    root.toString(),
                    "6.1.0")
                .err())
        .contains(path("a") + " needs unknown symbol printk\n")
        .doesNotContain("invalid line");
  }

  @Test
  void errsymsAloneIsWarnedAboutAndAFileThatDoesNotOpenEndsDepmod() throws IOException {
    tree();
    assertThat(depmod("-n", "-e", "-b", root.toString(), "6.1.0").err())
        .isEqualTo("depmod: WARNING: -e needs -E or -F\n");
    String none = root.resolve("none").toString();
    assertThat(depmod("-e", "-E", none, "-b", root.toString(), "6.1.0"))
        .isEqualTo(
            new ToolExit(
                "", "depmod: FATAL: could not load " + none + ": No such file or directory\n", 1));
    // loaded before depmod_modules_search: the missing tree is not reached
    assertThat(depmod("-F", none, "-b", none, "6.1.0").err())
        .isEqualTo("depmod: FATAL: could not load " + none + ": No such file or directory\n");
    assertThat(Files.exists(root.resolve("lib/modules/6.1.0/modules.dep"))).isFalse();
  }

  @Test
  void warnReportsAnAliasAModuleListsTwice() throws IOException {
    Path tree = tree();
    String dup = "depmod: WARNING: duplicate module alias:\npci:v1* a\n";
    assertThat(depmod("-n", "-w", "-b", root.toString(), "6.1.0").err()).isEqualTo(dup);
    assertThat(depmod("-n", "-b", root.toString(), "6.1.0").err()).isEmpty();
    assertThat(depmod("-w", "-b", root.toString(), "6.1.0")).isEqualTo(new ToolExit("", dup, 0));
    assertThat(tree.resolve("modules.alias.bin")).exists();
  }
}
