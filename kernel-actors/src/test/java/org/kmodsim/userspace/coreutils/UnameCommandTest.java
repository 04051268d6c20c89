package org.kmodsim.userspace.coreutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Utsname;

/** uname's options and line (coreutils 9.1 src/uname.c: decode_switches, print_element). */
class UnameCommandTest {
  private static final Utsname UTS = Utsname.of(Era.V6_X);

  private static String line(String... args) {
    return UnameCommand.parse(List.of(args)).line(UTS);
  }

  @Test
  void noOptionIsTheKernelNameAndFieldsComeInTheirFixedOrder() {
    assertThat(line()).isEqualTo(UTS.sysname() + "\n");
    assertThat(line("-r", "-s")).isEqualTo(UTS.sysname() + " " + UTS.release() + "\n");
    assertThat(line("--machine", "-n")).isEqualTo(UTS.nodename() + " " + UTS.machine() + "\n");
    assertThat(line("-po")).isEqualTo("unknown GNU/Linux\n");
  }

  @Test
  void allLeavesOutTheUnknownFields() {
    String all =
        String.join(
                " ",
                UTS.sysname(),
                UTS.nodename(),
                UTS.release(),
                UTS.version(),
                UTS.machine(),
                "GNU/Linux")
            + "\n";
    assertThat(line("-a")).isEqualTo(all);
    assertThat(line("--all", "-p")).isEqualTo(all);
  }

  @Test
  void theFirstBadArgumentIsTheError() {
    String help = "\nTry 'uname --help' for more information.\n";
    assertThat(UnameCommand.parse(List.of("-rQ", "x")).error())
        .isEqualTo("uname: invalid option -- 'Q'" + help);
    assertThat(UnameCommand.parse(List.of("--bogus")).error())
        .isEqualTo("uname: unrecognized option '--bogus'" + help);
    assertThat(UnameCommand.parse(List.of("-r", "x", "--bogus")).error())
        .isEqualTo("uname: extra operand 'x'" + help);
    assertThat(UnameCommand.parse(List.of("-r")).error()).isNull();
  }
}
