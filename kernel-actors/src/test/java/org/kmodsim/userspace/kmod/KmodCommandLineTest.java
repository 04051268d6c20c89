package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ToolExit;

/**
 * kmod 30's command lines option by option (tools/insmod.c do_insmod, tools/rmmod.c do_rmmod,
 * tools/lsmod.c do_lsmod): each row is a command line, then what the tool prints and its exit
 * status, as Debian 12's kmod 30 binary answered the same line (stderr "E:", stdout "O:", "exit N";
 * "RUN" when the tool goes on to its system calls). {@code \t} and {@code \n} in the expected text
 * are escapes.
 */
class KmodCommandLineTest {

  private static List<String> words(String line) {
    return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
  }

  private static String shown(ToolExit exit) {
    if (exit == null) {
      return "RUN";
    }
    return (exit.out().isEmpty() ? "" : "O:" + exit.out())
        + (exit.err().isEmpty() ? "" : "E:" + exit.err())
        + "exit "
        + exit.status();
  }

  private static String unescape(String text) {
    return text.replace("\\n", "\n").replace("\\t", "\t");
  }

  @ParameterizedTest(name = "insmod {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-x hello.conf | E:insmod: invalid option -- 'x'\\nexit 1",
        "hello.conf -x | E:insmod: invalid option -- 'x'\\nexit 1",
        "-fx a | E:insmod: invalid option -- 'x'\\nexit 1",
        "' ' | E:insmod: ERROR: missing filename.\\nexit 1",
        "-- | E:insmod: ERROR: missing filename.\\nexit 1",
        "-pp | E:insmod: ERROR: missing filename.\\nexit 1",
        "- a | E:insmod: ERROR: this tool does not support loading from stdin!\\nexit 1",
        "--forc x | E:insmod: unrecognized option '--forc'\\nexit 1",
        "--force-vermagic x | E:insmod: unrecognized option '--force-vermagic'\\nexit 1",
        "--force=1 x | E:insmod: unrecognized option '--force=1'\\nexit 1",
        "--help=1 | E:insmod: option '--help' doesn't allow an argument\\nexit 1",
        "-V | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "--v | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "-Vx | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "-xV | E:insmod: invalid option -- 'x'\\nexit 1",
        "--he | O:Usage:\\n\\tinsmod [options] filename [args]\\nOptions:\\n"
            + "\\t-V, --version     show version\\n\\t-h, --help        show this help\\nexit 0",
        "-p -s hello.conf | RUN",
        "-- -f | RUN",
      })
  void insmodAnswersAsKmod30(String line, String expected) {
    assertThat(shown(InsmodCommand.parse(words(line)).exit())).isEqualTo(unescape(expected));
  }

  @ParameterizedTest(name = "rmmod {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-w x | E:rmmod: ERROR: unexpected getopt_long() value 'w'.\\nexit 1",
        "--wait x | E:rmmod: unrecognized option '--wait'\\nexit 1",
        "' ' | E:rmmod: ERROR: missing module name.\\nexit 1",
        "-s | exit 1",
        "-x | E:rmmod: invalid option -- 'x'\\nexit 1",
        "--ver | E:rmmod: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\\nexit 1",
        "--ver=1 | E:rmmod: option '--ver=1' is ambiguous; possibilities: '--verbose'"
            + " '--version'\\nexit 1",
        "--verb=1 | E:rmmod: option '--verbose' doesn't allow an argument\\nexit 1",
        "--force=1 x | E:rmmod: option '--force' doesn't allow an argument\\nexit 1",
        "-V | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "--forc nosuch | RUN",
        "nosuch -f | RUN",
        "-sv nosuch | RUN",
      })
  void rmmodAnswersAsKmod30(String line, String expected) {
    assertThat(shown(RmmodCommand.parse(words(line), Era.V6_X).exit()))
        .isEqualTo(unescape(expected));
  }

  @ParameterizedTest(name = "rmmod {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--forc nosuch | nosuch | true",
        "nosuch -f | nosuch | true",
        "-- -f | _f | false",
        "- | _ | false",
      })
  void rmmodTakesEveryOperandAsAModuleNameWithDashesAsUnderscores(
      String line, String names, boolean force) {
    RmmodCommand command = RmmodCommand.parse(words(line), Era.V4_X);
    assertThat(command.names()).containsExactly(names.split(" "));
    assertThat(command.force()).isEqualTo(force);
  }
}
