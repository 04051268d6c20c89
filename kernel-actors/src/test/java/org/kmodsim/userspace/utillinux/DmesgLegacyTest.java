package org.kmodsim.userspace.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.userspace.ToolExit;

/**
 * The dmesg of 2.4 and 2.6.32 as their sources have it: util-linux 2.11y and util-linux-ng 2.17.2,
 * sys-utils/dmesg.c main() and usage() (getopt "cn:s:" / "crn:s:", usage on stderr and exit 1 for
 * '?' and for more than one operand, atoi for -n and -s, klogctl(10) then klogctl(cmd, buf, bufsize
 * + 8) in 2.17.2, the output loop that skips each line's "<N>"), with glibc's getopt messages of
 * the day (glibc-2.3.2 posix/getopt.c "%s: invalid option -- %c\n"; quoted since glibc 2.8).
 */
class DmesgLegacyTest {
  private static final String USAGE_211 = "\\nUsage: dmesg [-c] [-n level] [-s bufsize]\\n";
  private static final String USAGE_217 = "\\nUsage: dmesg [-c] [-n level] [-r] [-s bufsize]\\n";

  private static DmesgCommandLine.Parsed parse(String line, boolean ng) {
    List<String> args = line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    return DmesgLegacy.parse(args, ng);
  }

  private static String shown(String line, boolean ng) {
    ToolExit exit = parse(line, ng).exit();
    return exit == null ? "RUN" : exit.err().replace("\n", "\\n") + "exit " + exit.status();
  }

  @ParameterizedTest(name = "2.11y dmesg {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-r | dmesg: invalid option -- r" + USAGE_211 + "exit 1",
        "-h | dmesg: invalid option -- h" + USAGE_211 + "exit 1",
        "--help | dmesg: invalid option -- -" + USAGE_211 + "exit 1",
        "-n | dmesg: option requires an argument -- n" + USAGE_211 + "exit 1",
        "one two | Usage: dmesg [-c] [-n level] [-s bufsize]\\nexit 1",
        "one | RUN",
        "-c -s 100 one | RUN",
        "-n x | RUN",
      })
  void utilLinux211yAsItsMainParsesIt(String line, String expected) {
    assertThat(shown(line, false)).isEqualTo(expected.strip());
  }

  @ParameterizedTest(name = "2.17.2 dmesg {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-h | dmesg: invalid option -- 'h'" + USAGE_217 + "exit 1",
        "-V | dmesg: invalid option -- 'V'" + USAGE_217 + "exit 1",
        "-s | dmesg: option requires an argument -- 's'" + USAGE_217 + "exit 1",
        "-T | dmesg: invalid option -- 'T'" + USAGE_217 + "exit 1",
        "a b c | Usage: dmesg [-c] [-n level] [-r] [-s bufsize]\\nexit 1",
        "-r | RUN",
        "-c -r -- -x | RUN",
      })
  void utilLinuxNg2172AsItsMainParsesIt(String line, String expected) {
    assertThat(shown(line, true)).isEqualTo(expected.strip());
  }

  @Test
  void theCallsAreThoseOfTheOldMain() {
    // 2.11y: klogctl(cmd, buf, bufsize), bufsize 16392 or -s (at least 4096); -n: klogctl(8)
    DmesgOptions plain = parse("", false).options();
    assertThat(plain.actions()).containsExactly(DmesgOptions.READ);
    assertThat(new DmesgRead(plain, Era.V2_4).call(DmesgOptions.READ))
        .isEqualTo(new DmesgOptions.SyslogCall(Syslog.READ_ALL, 16392));
    DmesgOptions small = parse("-c -s 12", false).options();
    assertThat(new DmesgRead(small, Era.V2_4).call(DmesgOptions.READ))
        .isEqualTo(new DmesgOptions.SyslogCall(Syslog.READ_CLEAR, 4096));
    DmesgOptions level = parse("-c -n 9x", false).options(); // the last of -c and -n wins
    assertThat(level.actions()).containsExactly(Syslog.CONSOLE_LEVEL);
    assertThat(level.syslogCall(Syslog.CONSOLE_LEVEL).len()).isEqualTo(9);
    assertThat(parse("-n 3 -c", false).options().actions()).containsExactly(DmesgOptions.READ);

    // 2.17.2: klogctl(10) sizes the read, then klogctl(cmd, buf, bufsize + 8); -s skips the size
    DmesgOptions ng = parse("-c", true).options();
    assertThat(ng.actions()).containsExactly(Syslog.SIZE_BUFFER, DmesgOptions.READ);
    DmesgRead read = new DmesgRead(ng, Era.V2_6);
    read.replied(Syslog.SIZE_BUFFER, new Syslog.Result(131072, "", null, false, null));
    assertThat(read.call(DmesgOptions.READ))
        .isEqualTo(new DmesgOptions.SyslogCall(Syslog.READ_CLEAR, 131080));
    DmesgOptions sized = parse("-s 100", true).options();
    assertThat(sized.actions()).containsExactly(DmesgOptions.READ);
    assertThat(new DmesgRead(sized, Era.V2_6).call(DmesgOptions.READ).len()).isEqualTo(4104);
  }

  @Test
  void theOutputLoopSkipsEachLinesPrefixUnlessRawAndEndsWithANewline() {
    assertThat(DmesgRead.legacyText("<4>one\n<6>two", false)).isEqualTo("one\ntwo\n");
    assertThat(DmesgRead.legacyText("<4>one\n<6>two", true)).isEqualTo("<4>one\n<6>two\n");
    // only one prefix per line, and not in the middle of one
    assertThat(DmesgRead.legacyText("<1><2>x <3>\n", false)).isEqualTo("<2>x <3>\n");
    assertThat(DmesgRead.legacyText("", false)).isEmpty();
    DmesgOptions options = parse("", false).options();
    assertThat(
            new DmesgRead(options, Era.V2_4)
                .replied(
                    DmesgOptions.READ,
                    new Syslog.Result(-1, "", org.kmodsim.kernel.Errno.EPERM, false, null))
                .err())
        .isEqualTo("klogctl: Operation not permitted\n"); // perror("klogctl")
  }

  @Test
  void atoiIsGlibcs() {
    assertThat(DmesgLegacy.atoi(" 12x")).isEqualTo(12);
    assertThat(DmesgLegacy.atoi("x")).isZero();
    assertThat(DmesgLegacy.atoi("-3")).isEqualTo(-3);
    assertThat(DmesgLegacy.atoi("+7")).isEqualTo(7);
    assertThat(DmesgLegacy.atoi("99999999999")).isEqualTo((int) 99999999999L);
  }
}
