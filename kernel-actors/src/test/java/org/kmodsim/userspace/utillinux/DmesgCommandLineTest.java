package org.kmodsim.userspace.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.userspace.ToolExit;

/**
 * util-linux 2.38.1 dmesg's command line option by option (sys-utils/dmesg.c main, parse_level,
 * parse_facility; include/optutils.h err_exclusive_options; lib/strutils.c string_to_bitarray,
 * strtou32_or_err): each row is a command line and what Debian 12's dmesg 2.38.1 printed on stderr
 * and its exit status for it ("RUN" when it goes on to read or control the log).
 */
class DmesgCommandLineTest {
  private static final String TRY = "\\nTry 'dmesg --help' for more information.";

  private static String shown(String line) {
    List<String> args = line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    ToolExit exit = DmesgCommandLine.parse(args).exit();
    return exit == null ? "RUN" : exit.err().replace("\n", "\\n") + "exit " + exit.status();
  }

  @ParameterizedTest(name = "dmesg {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-n | dmesg: option requires an argument -- 'n'" + TRY + "\\nexit 1",
        "--console-level | dmesg: option '--console-level' requires an argument"
            + TRY
            + "\\nexit 1",
        "--con | dmesg: option '--con' is ambiguous; possibilities: '--console-level'"
            + " '--console-off' '--console-on'"
            + TRY
            + "\\nexit 1",
        "-q | dmesg: invalid option -- 'q'" + TRY + "\\nexit 1",
        "--foo | dmesg: unrecognized option '--foo'" + TRY + "\\nexit 1",
        "-F | dmesg: option requires an argument -- 'F'" + TRY + "\\nexit 1",
        "extra | dmesg: bad usage" + TRY + "\\nexit 1",
        "-n foo | dmesg: unknown level 'foo'\\nexit 1",
        "-n 9 | dmesg: unknown level '9'\\nexit 1",
        "-n 0 | dmesg: unknown level '0'\\nexit 1",
        "-n -1 | dmesg: unknown level '-1'\\nexit 1",
        "-l foo | dmesg: unknown level 'foo'\\nexit 1",
        "-l err,foo | dmesg: unknown level 'foo'\\nexit 1",
        "-l foo,err | dmesg: unknown level 'foo,err'\\nexit 1",
        "-l err, | dmesg: unknown level 'err,'\\nexit 1",
        "-l 8 | dmesg: unknown level '8'\\nexit 1",
        "-l ,err | exit 1",
        "-f foo,kern | dmesg: unknown facility 'foo,kern'\\nexit 1",
        "-c -C | dmesg: mutually exclusive arguments: --clear --console-off --console-on"
            + " --read-clear --console-level --raw\\nexit 1",
        "-E -n 3 | dmesg: mutually exclusive arguments: --clear --console-off --console-on"
            + " --read-clear --console-level --raw\\nexit 1",
        "-x -r | dmesg: mutually exclusive arguments: --raw --decode\\nexit 1",
        "-r -T | dmesg: mutually exclusive arguments: --ctime --raw\\nexit 1",
        "-S -w | dmesg: mutually exclusive arguments: --syslog --follow\\nexit 1",
        "-s x | dmesg: invalid buffer size argument: 'x'\\nexit 1",
        "-s 10x | dmesg: invalid buffer size argument: '10x'\\nexit 1",
        "-s -5 | dmesg: invalid buffer size argument: '-5': Numerical result out of range\\nexit 1",
        "-s 4294967296 | dmesg: invalid buffer size argument: '4294967296': Numerical result out"
            + " of range\\nexit 1",
        "--time-format foo | dmesg: unknown time format: foo\\nexit 1",
        "-V -q | exit 0",
        "-s +5 | RUN",
        "-n 8 | RUN",
        "-n DEBUG | RUN",
        "-nerr | RUN",
        "-l 7 | RUN",
        "-n 3 -n 4 | RUN",
        "-c -c | RUN",
        "--level= | RUN",
      })
  void answersAsUtilLinux2381(String line, String expected) {
    assertThat(shown(line)).isEqualTo(expected);
  }

  @Test
  void versionAndHelpAreUtilLinuxsOwnText() {
    ToolExit version = DmesgCommandLine.parse(List.of("-V")).exit();
    assertThat(version.out()).isEqualTo("dmesg from util-linux 2.38.1\n");
    ToolExit help = DmesgCommandLine.parse(List.of("-x", "-h")).exit();
    assertThat(help.out())
        .startsWith("\nUsage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.\n")
        .contains(" -n, --console-level <level> set level of messages printed to console\n")
        .endsWith("   debug - debug-level messages\n\nFor more details see dmesg(1).\n");
    assertThat(help.status()).isZero();
  }

  @Test
  void optionsSetWhatMainsLoopSets() {
    DmesgOptions level = DmesgCommandLine.parse(List.of("-n", "debug")).options();
    assertThat(level.actions()).containsExactly(Syslog.CONSOLE_LEVEL);
    assertThat(level.consoleLevel()).isEqualTo(8); // parse_level(optarg, 0): index + 1
    assertThat(DmesgCommandLine.parse(List.of("-n", "1")).options().consoleLevel()).isEqualTo(1);
    DmesgOptions read = DmesgCommandLine.parse(List.of("-c", "-k", "-l", "err,3,warn")).options();
    assertThat(read.actions()).containsExactly(DmesgOptions.READ, Syslog.CLEAR);
    assertThat(read.shows(3, 0)).isTrue();
    assertThat(read.shows(4, 0)).isTrue();
    assertThat(read.shows(6, 0)).isFalse();
    assertThat(read.shows(3, 1)).isFalse(); // -k: the kernel facility only
    assertThat(DmesgCommandLine.parse(List.of("--level=")).options().shows(3, 0)).isFalse();
    assertThat(DmesgCommandLine.parse(List.of("-s", "5")).options().syslogCall(-1).len())
        .isEqualTo(4096); // if (ctl.bufsize < 4096) ctl.bufsize = 4096
  }

  @Test
  void optionsTheModelDoesNotRenderSayIt() {
    ToolExit json = DmesgCommandLine.parse(List.of("--json")).exit();
    assertThat(json.err()).isEqualTo("dmesg: --json is not modelled\n");
    assertThat(json.status()).isEqualTo(2);
  }
}
