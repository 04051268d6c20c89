package org.kmodsim.userspace.modutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Errno;
import org.kmodsim.userspace.ToolExit;

/** modutils 2.4 insmod's command line (insmod/insmod.c getopt) and messages, without a CPU. */
class Insmod24CommandTest {
  @Test
  void optionsMayFollowTheFileAndUnknownOnesAreBad() {
    Insmod24Command command = Insmod24Command.parse(List.of("-k", "hello", "-q", "a=1", "-L"));
    assertThat(command)
        .isEqualTo(new Insmod24Command(false, true, true, "hello", List.of("a=1"), "", null));
    assertThat(command.isPath()).isFalse();
    assertThat(Insmod24Command.parse(List.of("-z", "./x.o")).exit()).isNotNull();
    assertThat(Insmod24Command.parse(List.of("./x.o")).isPath()).isTrue();
    assertThat(Insmod24Command.parse(List.of("--force", "x.o", "--", "-b=1")).params())
        .containsExactly("-b=1");
  }

  /**
   * modutils insmod/insmod.c insmod_main: getopt_long(argc, argv, "fhkLmnpqrsSvVxXyYe:o:O:P:R:",
   * long_opts, NULL), its default case insmod_usage() (stderr, exit(1)); the messages are glibc
   * 2.3's posix/getopt.c (no quotes around the letter, `--x' for long options), as Rmmod24's.
   */
  @Test
  void badOptionsGetGlibc23sMessageThenTheUsageAndExitOne() {
    String usage = Modutils24.insmodUsage();
    assertThat(usage)
        .startsWith(
            "Usage:\ninsmod [-fhkLmnpqrsSvVxXyY] [-e persist_name] [-o module_name] [-O blob_name]"
                + " [-P prefix] module [ symbol=value ... ]\n\n")
        .endsWith("      --prefix=PREFIX   Prefix for kernel or module symbols\n");
    assertThat(Insmod24Command.parse(List.of("-z", "./x.o")).exit())
        .isEqualTo(new ToolExit("", "insmod: invalid option -- z\n" + usage, 1));
    assertThat(Insmod24Command.parse(List.of("./x.o", "-o")).exit().err())
        .isEqualTo("insmod: option requires an argument -- o\n" + usage);
    assertThat(Insmod24Command.parse(List.of("--bogus", "x.o")).exit().err())
        .isEqualTo("insmod: unrecognized option `--bogus'\n" + usage);
    assertThat(Insmod24Command.parse(List.of("--force=1", "x.o")).exit().err())
        .isEqualTo("insmod: option `--force' doesn't allow an argument\n" + usage);
    assertThat(Insmod24Command.parse(List.of("--p", "x.o")).exit().err())
        .as("--persist and --prefix differ; --probe and --poll are both 'p'")
        .isEqualTo("insmod: option `--p' is ambiguous\n" + usage);
    assertThat(Insmod24Command.parse(List.of("--po", "x.o")).exit())
        .as("an abbreviation of --poll alone")
        .isEqualTo(ToolExit.failure(2, "insmod: --poll is not modelled"));
    // -R is in the option string but not in the switch: the default case, the usage alone
    assertThat(Insmod24Command.parse(List.of("-R", "x", "x.o")).exit())
        .isEqualTo(new ToolExit("", usage, 1));
    assertThat(Insmod24Command.parse(List.of("-h", "x.o")).exit())
        .isEqualTo(new ToolExit("", usage, 1));
    assertThat(Insmod24Command.parse(List.of()).exit()).isEqualTo(new ToolExit("", usage, 1));
  }

  @Test
  void versionGoesToStderrAndTheRunGoesOnAndUnmodelledOptionsSaySo() {
    Insmod24Command command = Insmod24Command.parse(List.of("-V", "-f", "x.o"));
    assertThat(command.exit()).isNull();
    assertThat(command.force()).isTrue();
    assertThat(command.version()).isEqualTo("insmod version 2.4.27\n");
    Insmod24Command bad = Insmod24Command.parse(List.of("-V", "-r", "-Q", "x.o"));
    assertThat(bad.version()).isEqualTo("insmod version 2.4.27\n");
    assertThat(bad.exit().err()).startsWith("insmod: invalid option -- Q\nUsage:\n");
    assertThat(Insmod24Command.parse(List.of("-m", "x.o")).exit())
        .isEqualTo(ToolExit.failure(2, "insmod: -m is not modelled"));
    assertThat(Insmod24Command.parse(List.of("--name=y", "x.o")).exit())
        .isEqualTo(ToolExit.failure(2, "insmod: --name is not modelled"));
  }

  @Test
  void createModuleFailuresReadAsModutilsWritesThem() {
    assertThat(Insmod24Command.createFailed("x.o", Errno.ENOMEM, 4096))
        .isEqualTo("x.o: can't allocate kernel memory for module; needed 4096 bytes\n");
    assertThat(Insmod24Command.createFailed("x.o", Errno.EPERM, 1))
        .isEqualTo("x.o: create_module: " + Errno.EPERM.message() + "\n");
  }

  @Test
  void unresolvedSymbolsAreListedOneALine() {
    assertThat(Modutils24.unresolved("x.o", List.of("a", "b"), "GPL", ""))
        .isEqualTo("x.o: unresolved symbol a\nx.o: unresolved symbol b\n");
  }
}
