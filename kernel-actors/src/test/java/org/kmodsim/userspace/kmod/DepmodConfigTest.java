package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoBuilder;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/**
 * depmod.d as kmod 30 reads and applies it (tools/depmod.c): cfg_file_parse's directives and
 * messages, cfg_load's files, depmod_module_is_higher_priority's choice between two files of one
 * module, should_exclude_dir, the external directories, and {@code -C}. The expected texts are the
 * format strings of cfg_file_parse and cfg_files_filter_out with log_printf's "depmod: PRIO: ".
 */
class DepmodConfigTest {
  @TempDir Path root;

  private static final String DIRNAME = "/lib/modules/6.1.0";

  private static final String FILE =
      "# comment\n"
          + "search updates extra built-in\n"
          + "override foo 6.1.* weird\n"
          + "override bar 5.10.0 old\n"
          + "override baz\n"
          + "external * /opt/ext\n"
          + "exclude skipme\n"
          + "include other.conf\n"
          + "bogus line\n"
          + "\t#tab\n"
          + "search \\\n"
          + "  kernel\n";

  /** cfg_file_parse: each directive's list newest first, ERR always, INF from -vv on. */
  @Test
  void directivesAreParsedAsCfgFileParseDoesWithItsMessages() {
    DepmodConfig config = DepmodConfig.parse("/etc/depmod.d/a.conf", FILE, "6.1.0", 0);
    assertThat(config.searches()).containsExactly("kernel", "built-in", "extra", "updates");
    assertThat(config.overrides()).containsExactly("weird/foo");
    assertThat(config.externals()).containsExactly("/opt/ext");
    assertThat(config.excludes()).containsExactly("skipme");
    String errors =
        "depmod: ERROR: /etc/depmod.d/a.conf:5: ignoring bad line starting with 'override'\n"
            + "depmod: ERROR: /etc/depmod.d/a.conf:9: ignoring bad line starting with 'bogus'\n"
            + "depmod: ERROR: /etc/depmod.d/a.conf:10: ignoring bad line starting with '#tab'\n";
    assertThat(config.messages()).isEqualTo(errors);
    assertThat(DepmodConfig.parse("/etc/depmod.d/a.conf", FILE, "6.1.0", 1).messages())
        .isEqualTo(errors);
    assertThat(DepmodConfig.parse("/etc/depmod.d/a.conf", FILE, "6.1.0", 2).messages())
        .isEqualTo(
            "depmod: INFO: /etc/depmod.d/a.conf:4: override kernel did not match 5.10.0\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:5: ignoring bad line starting with"
                + " 'override'\n"
                + "depmod: INFO: /etc/depmod.d/a.conf:8: command include not implemented yet\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:9: ignoring bad line starting with 'bogus'\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:10: ignoring bad line starting with"
                + " '#tab'\n");
    // cfg_load: no search line is "search updates"
    assertThat(DepmodConfig.parse("x.conf", "exclude a b\n", "6.1.0", 0).searches())
        .containsExactly("updates");
    assertThat(DepmodConfig.parse("x.conf", "exclude a b\n", "6.1.0", 0).excludes())
        .containsExactly("b", "a");
  }

  /**
   * cfg_load over default_cfg_paths: every file by name, the first directory of a name wins, a name
   * without .conf is INF's "All cfg files need .conf", a directory ERR's "Directories inside
   * directories are not supported"; -C reads only its paths (a file whatever its name).
   */
  @Test
  void filesAreReadByNameAcrossTheDirectoriesAndCReplacesThem() throws IOException {
    write("etc/depmod.d/b.conf", "search etc-b\n");
    write("lib/depmod.d/b.conf", "search lib-b\n");
    write("lib/depmod.d/a.conf", "search lib-a\n");
    write("run/depmod.d/notes.txt", "search notes\n");
    Files.createDirectories(root.resolve("etc/depmod.d/sub.conf"));
    write("other/x.cfg", "exclude e\n");
    DepmodConfig config = DepmodConfig.load(root, List.of(), "6.1.0", 2);
    assertThat(config.searches()).containsExactly("etc-b", "lib-a");
    assertThat(config.messages())
        .isEqualTo(
            "depmod: ERROR: Directories inside directories are not supported:"
                + " /etc/depmod.d/sub.conf\n"
                + "depmod: INFO: All cfg files need .conf: /run/depmod.d/notes.txt\n");
    DepmodConfig given = DepmodConfig.load(root, List.of("/other/x.cfg"), "6.1.0", 0);
    assertThat(given.searches()).containsExactly("updates");
    assertThat(given.excludes()).containsExactly("e");
    assertThat(DepmodConfig.load(null, List.of(), "6.1.0", 0)).isEqualTo(DepmodConfig.NONE);
  }

  private static DepmodSearch.Candidate tree(String path) {
    return new DepmodSearch.Candidate(path, true, null);
  }

  private static List<String> selected(String conf, DepmodSearch.Candidate... found) {
    DepmodConfig config = DepmodConfig.parse("a.conf", conf, "6.1.0", 0);
    return DepmodSearch.select(config, DIRNAME, List.of(found)).stream()
        .map(DepmodSearch.Candidate::path)
        .toList();
  }

  /**
   * depmod_module_is_higher_priority: updates/ over the rest without a search line; the first
   * search entry highest; built-in for the directories not listed; a tie keeps the file found
   * first; an override names the file that wins.
   */
  @Test
  void searchOrderAndOverridesChooseBetweenTwoFilesOfOneModule() {
    DepmodSearch.Candidate extra = tree("extra/foo.ko");
    DepmodSearch.Candidate kernel = tree("kernel/drivers/foo.ko");
    DepmodSearch.Candidate updates = tree("updates/foo.ko.xz");
    DepmodSearch.Candidate other = tree("kernel/bar.ko");
    assertThat(selected("", extra, kernel, other, updates))
        .containsExactly("kernel/bar.ko", "updates/foo.ko.xz");
    assertThat(selected("search extra built-in\n", kernel, updates, extra))
        .containsExactly("extra/foo.ko");
    assertThat(selected("search built-in updates\n", updates, kernel))
        .containsExactly("kernel/drivers/foo.ko");
    assertThat(selected("search built-in updates\n", kernel, updates))
        .containsExactly("kernel/drivers/foo.ko");
    assertThat(selected("search built-in\n", kernel, extra)).containsExactly(kernel.path());
    assertThat(selected("override foo * extra\n", updates, extra)).containsExactly("extra/foo.ko");
    assertThat(selected("override foo * extra\n", extra, updates)).containsExactly("extra/foo.ko");
    // kmod's else-if: two files under one search entry, only the new one's match counts
    assertThat(selected("", tree("updates/a/foo.ko"), tree("updates/b/foo.ko")))
        .containsExactly("updates/b/foo.ko");
  }

  /** An external directory has its own number where "external" stands in the search list. */
  @Test
  void externalDirectoriesRankWhereTheExternalSearchEntryStands() {
    DepmodSearch.Candidate kernel = tree("kernel/foo.ko");
    DepmodSearch.Candidate ext = new DepmodSearch.Candidate("/opt/ext/foo.ko", false, null);
    assertThat(selected("search external built-in\nexternal * /opt/ext\n", kernel, ext))
        .containsExactly("/opt/ext/foo.ko");
    assertThat(selected("search built-in external\nexternal * /opt/ext\n", kernel, ext))
        .containsExactly("kernel/foo.ko");
    assertThat(selected("external * /opt/ext\n", kernel, ext)).containsExactly("kernel/foo.ko");
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void module(String path, KoBuilder builder) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, builder.build());
  }

  private static KoBuilder ko(String name) {
    return new KoBuilder().info("license", "GPL").info("name", name).thisModule(name);
  }

  /**
   * depmod -n over a machine whose /etc/depmod.d searches updates, then the external directory,
   * then the rest, and excludes a directory: modules.dep lists updates/foo.ko, not kernel/foo.ko,
   * the external module by its full path (mod_get_compressed_path: no relpath), nothing under the
   * excluded directory, and the bad line's ERR comes first; -C reads only its file.
   */
  @Test
  void depmodAppliesTheMachinesDepmodDAndCReplacesIt() throws IOException {
    String tree = "lib/modules/6.1.0/";
    module(tree + "kernel/foo.ko", ko("foo").export("foo_fn", false, "", 1));
    module(tree + "updates/foo.ko", ko("foo").export("foo_fn", false, "", 1));
    module(tree + "kernel/user.ko", ko("user").imports("foo_fn", 1L));
    module(tree + "kernel/skip/bar.ko", ko("bar").imports("foo_fn", 1L));
    module("opt/ext/ext.ko", ko("ext").imports("foo_fn", 1L));
    write(tree + "modules.order", "kernel/user.ko\nkernel/foo.ko\nkernel/skip/bar.ko\n");
    write(
        "etc/depmod.d/a.conf",
        "search updates external built-in\nexternal 6\\.1 /opt/ext\nexclude skip\nbogus\n");
    write("other.conf", "search built-in\n");
    ModuleRepository machine = new ModuleRepository(root.resolve(tree).toString(), Era.V6_X);

    ToolExit shown = DepmodRun.run(parse("-n"), machine, Era.V6_X).ended();
    assertThat(shown.err())
        .isEqualTo(
            "depmod: ERROR: /etc/depmod.d/a.conf:4: ignoring bad line starting with 'bogus'\n");
    assertThat(shown.out())
        .startsWith(
            "kernel/user.ko: updates/foo.ko\n"
                + "updates/foo.ko:\n"
                + "/opt/ext/ext.ko: updates/foo.ko\n"
                + "# Aliases extracted from modules themselves.\n");
    assertThat(shown.status()).isZero();

    ToolExit given = DepmodRun.run(parse("-n", "-C", "/other.conf"), machine, Era.V6_X).ended();
    assertThat(given.err()).isEmpty();
    assertThat(given.out())
        .startsWith(
            "kernel/user.ko: kernel/foo.ko\n"
                + "kernel/foo.ko:\n"
                + "kernel/skip/bar.ko: kernel/foo.ko\n"
                + "# Aliases");
    // modprobe's modules.dep is depmod's with the machine's depmod.d
    assertThat(Depmod.run(machine, Era.V6_X).files().get("foo")).isEqualTo("updates/foo.ko");
    ModprobeTree modprobe = ModprobeTree.of(machine, Era.V6_X, List.of());
    assertThat(modprobe.path("foo")).isEqualTo("/lib/modules/6.1.0/updates/foo.ko");
    assertThat(modprobe.path("ext")).isEqualTo("/opt/ext/ext.ko");
    assertThat(modprobe.dependencies("ext")).containsExactly("foo");
  }

  /**
   * A tree built in code, run through Debian's kmod 30 (kmod 30+20221128-1, {@code depmod -b ROOT
   * -n -C FILE 6.1.0}, paths under ROOT shown without it; the external directory named by its path
   * on the host there): three files of foo under kernel/, updates/ and extra/, an external user.ko
   * beside the tree's, a module whose only reference to foo_fn is its __versions entry and whose
   * w_fn is weak, an excluded directory and an excluded file. What kmod printed is expected here
   * byte for byte, but for the order of the modules modules.order does not list (kmod's hash and
   * qsort order).
   */
  @Test
  void aTreeBuiltInCodeGivesWhatDebiansKmod30Printed() throws IOException {
    String tree = "lib/modules/6.1.0/";
    module(tree + "kernel/foo.ko", ko("foo").export("foo_fn", false, "", 1));
    module(tree + "updates/foo.ko", ko("foo").export("foo_fn", false, "", 1));
    module(tree + "extra/foo.ko", ko("foo").export("foo_fn", false, "", 1));
    module(tree + "kernel/user.ko", ko("user").imports("foo_fn", 1L));
    module(tree + "kernel/skip/bar.ko", ko("bar").imports("foo_fn", 1L));
    module(tree + "kernel/w.ko", ko("w").export("w_fn", false, "", 5));
    module(
        tree + "kernel/vers.ko",
        ko("vers").version("module_layout", 7).version("foo_fn", 1).weakImport("w_fn"));
    module("opt/ext/ext.ko", ko("ext").imports("foo_fn", 1L).imports("w_fn", 5L));
    module("opt/ext/user.ko", ko("user"));
    write(
        tree + "modules.order",
        "kernel/user.ko\nkernel/foo.ko\nkernel/skip/bar.ko\nkernel/vers.ko\nkernel/w.ko\n");
    write(
        "etc/depmod.d/a.conf",
        "search updates external built-in\nexternal 6\\.1 /opt/ext\nexclude skip\nbogus\n"
            + "override x 5.0 y\ninclude z\n\t#x\nsearch \\\n  other\noverride foo\n");
    write("etc/b.conf", "override foo * extra\n");
    write("etc/c.conf", "search extra built-in\n");
    write("etc/dir/notes.txt", "search x\n");
    write("etc/dir/z.conf", "exclude w.ko\n");
    Files.createDirectories(root.resolve("etc/dir/sub.conf"));
    write("Module.symvers", "0x00000008\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n");
    ModuleRepository machine = new ModuleRepository(root.resolve(tree).toString(), Era.V6_X);

    ToolExit a =
        DepmodRun.run(parse("-n", "-C", "/etc/depmod.d/a.conf"), machine, Era.V6_X).ended();
    assertThat(a.err())
        .isEqualTo(
            "depmod: ERROR: /etc/depmod.d/a.conf:4: ignoring bad line starting with 'bogus'\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:7: ignoring bad line starting with '#x'\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:10: ignoring bad line starting with"
                + " 'override'\n");
    List<String> dep = a.out().lines().takeWhile(line -> !line.startsWith("#")).toList();
    assertThat(dep.subList(0, 2))
        .containsExactly("kernel/vers.ko: updates/foo.ko kernel/w.ko", "kernel/w.ko:");
    assertThat(dep.subList(2, dep.size()))
        .containsExactlyInAnyOrder(
            "/opt/ext/ext.ko: updates/foo.ko kernel/w.ko", "updates/foo.ko:", "/opt/ext/user.ko:");
    // -vv: cfg_file_parse's INF lines too (libkmod's own INFO lines and SHOW are not modelled)
    assertThat(
            DepmodRun.run(parse("-n", "-vv", "-C", "/etc/depmod.d/a.conf"), machine, Era.V6_X)
                .ended()
                .err())
        .contains(
            "depmod: ERROR: /etc/depmod.d/a.conf:4: ignoring bad line starting with 'bogus'\n"
                + "depmod: INFO: /etc/depmod.d/a.conf:5: override kernel did not match 5.0\n"
                + "depmod: INFO: /etc/depmod.d/a.conf:6: command include not implemented yet\n"
                + "depmod: ERROR: /etc/depmod.d/a.conf:7: ignoring bad line starting with '#x'\n");
    String extra =
        "kernel/user.ko: extra/foo.ko\n"
            + "kernel/skip/bar.ko: extra/foo.ko\n"
            + "kernel/vers.ko: kernel/w.ko extra/foo.ko\n"
            + "kernel/w.ko:\n"
            + "extra/foo.ko:\n"
            + "# Aliases extracted from modules themselves.\n"
            + "# Soft dependencies extracted from modules themselves.\n"
            + "# Aliases for symbols, used by symbol_request().\n"
            + "alias symbol:foo_fn foo\n"
            + "alias symbol:w_fn w\n";
    assertThat(DepmodRun.run(parse("-n", "-C", "/etc/b.conf"), machine, Era.V6_X).ended())
        .isEqualTo(new ToolExit(extra, "", 0));
    assertThat(DepmodRun.run(parse("-n", "-C", "/etc/c.conf"), machine, Era.V6_X).ended())
        .isEqualTo(new ToolExit(extra, "", 0));
    ToolExit dir =
        DepmodRun.run(
                parse(
                    "-n",
                    "-e",
                    "-E",
                    root.resolve("Module.symvers").toString(),
                    "-C",
                    "/etc/dir",
                    "-C",
                    "/etc/b.conf"),
                machine,
                Era.V6_X)
            .ended();
    assertThat(dir.out())
        .startsWith(
            "kernel/user.ko: extra/foo.ko\n"
                + "kernel/skip/bar.ko: extra/foo.ko\n"
                + "kernel/vers.ko: extra/foo.ko\n"
                + "extra/foo.ko:\n"
                + "# Aliases");
    assertThat(dir.err())
        .isEqualTo(
            "depmod: ERROR: Directories inside directories are not supported: /etc/dir/sub.conf\n"
                + "depmod: WARNING: /lib/modules/6.1.0/kernel/vers.ko disagrees about version of"
                + " symbol module_layout\n");
  }

  private static DepmodCommand parse(String... args) {
    return DepmodCommand.parse(List.of(args), "6.1.0");
  }
}
