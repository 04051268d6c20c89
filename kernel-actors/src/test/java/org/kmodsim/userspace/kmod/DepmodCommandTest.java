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
 * depmod's command line and run without a machine (kmod 30 tools/depmod.c do_depmod,
 * depmod_output): getopt_long's options acted on in order, VERSION and ROOT, and the files written
 * into the tree. The shell's view of the same is {@code DepmodShellTest}.
 */
class DepmodCommandTest {
  @TempDir Path root;

  private static DepmodCommand parse(String... args) {
    return DepmodCommand.parse(List.of(args), "6.1.0");
  }

  @Test
  void optionsAreReadInOrderAndVersionAndRootNameTheTree() {
    DepmodCommand command = parse("-n", "--basedir=/tmp/r", "-A", "6.2.0-x");
    assertThat(command.exit()).isNull();
    assertThat(command.show()).isTrue();
    assertThat(command.quick()).isTrue();
    assertThat(command.dirname()).isEqualTo("/tmp/r/lib/modules/6.2.0-x");
    assertThat(parse("--dry-run").show()).isTrue();
    assertThat(parse("-a").dirname()).isEqualTo("/lib/modules/6.1.0");
  }

  @Test
  void deprecatedOptionsAreWarnedAboutAndTheRunGoesOn() {
    DepmodCommand command = parse("-u", "--quiet", "-n");
    assertThat(command.exit()).isNull();
    assertThat(command.warnings())
        .isEqualTo(
            "depmod: WARNING: Ignored deprecated option -u\n"
                + "depmod: WARNING: Ignored deprecated option --quiet\n");
    // do_depmod: "if (idx > 0) WRN("Ignored deprecated option --%s\n", cmdopts[idx].name)"
    assertThat(parse("--unres", "--map").warnings())
        .isEqualTo(
            "depmod: WARNING: Ignored deprecated option --unresolved-error\n"
                + "depmod: WARNING: Ignored deprecated option --map\n");
  }

  /** As getopt_long's loop in do_depmod: -h and -V return at once, before a later bad option. */
  @Test
  void helpAndVersionEndDepmodWhereTheyStand() {
    assertThat(parse("-V", "-x").exit())
        .isEqualTo(ToolExit.printed("kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n"));
    assertThat(parse("--help").exit().out()).startsWith("Usage:\n\tdepmod -[aA] [options]");
    assertThat(parse("-m", "-h").exit().err())
        .isEqualTo("depmod: WARNING: Ignored deprecated option -m\n");
  }

  @Test
  void badCommandLinesEndWithGetoptsOrDepmodsMessageAndStatusOne() {
    assertThat(parse("-x").exit()).isEqualTo(ToolExit.failure(1, "depmod: invalid option -- 'x'"));
    assertThat(parse("-r", "--foo").exit())
        .isEqualTo(
            new ToolExit(
                "",
                "depmod: WARNING: Ignored deprecated option -r\n"
                    + "depmod: unrecognized option '--foo'\n",
                1));
    assertThat(parse("-P", "ab").exit())
        .isEqualTo(ToolExit.failure(1, "depmod: FATAL: -P only takes a single char"));
    assertThat(parse("-P", "_").exit()).isNull();
    assertThat(parse("foo").exit())
        .isEqualTo(ToolExit.failure(1, "depmod: ERROR: Bad version passed foo"));
    assertThat(parse("6.1.0", "extra").exit())
        .isEqualTo(ToolExit.failure(1, "depmod: FATAL: extra: not absolute path."));
  }

  @Test
  void theRunWritesTheFilesIntoTheTreeUnderRootOrPrintsThemWithN() throws IOException {
    Path tree = KoDepmodIndexesTest.tree(root);
    ModuleRepository own = new ModuleRepository("", Era.V6_X);
    ToolExit shown =
        DepmodRun.run(parse("-n", "-b", root.toString(), "6.1.0"), own, Era.V6_X).ended();
    assertThat(shown.out()).startsWith("kernel/drivers/snd-core.ko:\n");
    assertThat(shown.status()).isZero();
    assertThat(tree.resolve("modules.dep")).doesNotExist();

    ToolExit written = DepmodRun.run(parse("-b", root.toString(), "6.1.0"), own, Era.V6_X).ended();
    assertThat(written.out()).isEmpty();
    assertThat(written.status()).isZero();
    assertThat(Files.readString(tree.resolve("modules.dep")))
        .startsWith("kernel/drivers/snd-core.ko:\n");
    assertThat(tree.resolve("modules.alias.bin")).exists();
    assertThat(DepmodRun.run(parse("-A", "-b", root.toString(), "6.1.0"), own, Era.V6_X).ended())
        .isEqualTo(new ToolExit("", "", 0)); // up to date: nothing to do
  }

  @Test
  void aTreeThatIsNotThereIsKmodsTwoLinesAndStatusOne() {
    ModuleRepository own = new ModuleRepository("", Era.V6_X);
    String missing = root.resolve("none").toString();
    assertThat(DepmodRun.run(parse("-b", missing, "6.1.0"), own, Era.V6_X).ended())
        .isEqualTo(
            new ToolExit(
                "",
                "depmod: ERROR: could not open directory "
                    + missing
                    + "/lib/modules/6.1.0: No such file or directory\n"
                    + "depmod: FATAL: could not search modules: No such file or directory\n",
                1));
  }
}
