package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printk level of a format string, era by era: before 3.6 a leading "&lt;N&gt;" is the level
 * (v2.6.32 kernel/printk.c vprintk: {@code case '0' ... '7': current_log_level = c - '0'} and the
 * three characters are skipped), since 3.6 only KERN_SOH + a level character is one
 * (include/linux/kern_levels.h {@code #define KERN_ALERT KERN_SOH "1"}, include/linux/printk.h
 * printk_get_level), so the lecture's {@code printk("<1>Hello, world\n")} logs the text {@code
 * <1>Hello, world} at default_message_loglevel (4). The macro spelling is one level everywhere.
 */
class KernSohTest {

  /**
   * dmesg -r prints each record's syslog prefix "&lt;level&gt;" (util-linux, --raw); printk.time
   * off for 2.6's character ring; 3.5+ records carry their time (dmesg -r refuses -t).
   */
  private static String sh(String era, String script) {
    MainTest.Run run =
        MainTest.kmodsim("sh", "--era", era, "--set", "kmodsim.printk.time=false", "-c", script);
    assertThat(run.err()).isEmpty();
    return run.out();
  }

  @Test
  void theLecturesHelloIsLevelOneIn26AndTextAtTheDefaultLevelIn6x() {
    assertThat(sh("2.6", "insmod hello.conf; dmesg -r | grep Hello"))
        .isEqualTo("<1>Hello, world\n");
    String script = "insmod hello.conf; dmesg -r | grep Hello";
    assertThat(sh("4.x", script)).isEqualTo("<4>[    0.000000] <1>Hello, world\n");
    assertThat(sh("6.x", script)).isEqualTo("<4>[    0.000000] <1>Hello, world\n");
    // dmesg's level filter (util-linux, 3.5+ records) sees the stored level: warn, not alert.
    assertThat(sh("6.x", "insmod hello.conf; dmesg -l alert")).isEmpty();
    assertThat(sh("6.x", "insmod hello.conf; dmesg -t -l warn | grep Hello"))
        .isEqualTo("<1>Hello, world\n");
  }

  @Test
  void theDefaultMessageLevelIsWhatAnUntaggedRecordGets() {
    String script =
        "echo '4 6 1 7' > /proc/sys/kernel/printk; insmod hello.conf; dmesg -r | grep Hello";
    assertThat(sh("6.x", script)).isEqualTo("<6>[    0.000000] <1>Hello, world\n");
  }

  @Test
  void theMacroSpellingIsTheSameLevelInEveryEra(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("alert.conf");
    Files.writeString(
        module,
        "module {\n"
            + "  name = alert\n"
            + "  license = \"GPL\"\n"
            + "  init = [ \"printk KERN_ALERT \\\"alert: up\\\"\", \"return 0\" ]\n"
            + "}\n");
    assertThat(sh("2.6", "insmod " + module + "; dmesg -r | grep 'alert: up'"))
        .isEqualTo("<1>alert: up\n");
    for (String era : new String[] {"4.x", "6.x"}) {
      assertThat(sh(era, "insmod " + module + "; dmesg -r | grep 'alert: up'"))
          .as(era)
          .isEqualTo("<1>[    0.000000] alert: up\n");
    }
    // 2.4's klogctl(3) (SYSLOG_ACTION_READ_ALL) gives the character ring with its "<N>" tokens.
    assertThat(sh("2.4", "insmod " + module + "; syslog 3 4096 | grep 'alert: up'"))
        .isEqualTo("<1>alert: up\n");
  }
}
