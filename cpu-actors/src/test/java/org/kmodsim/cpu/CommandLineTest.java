package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void splitsWordsQuotesAndRedirections() {
    assertThat(CommandLine.split("insmod hello.conf whom=\"big world\" howmany=3"))
        .containsExactly("insmod", "hello.conf", "whom=big world", "howmany=3");
    assertThat(CommandLine.split("echo 'a  b'>/sys/x"))
        .containsExactly("echo", "a  b", ">", "/sys/x");
    assertThat(CommandLine.split("printk \"<6>say \\\"hi\\\"\""))
        .containsExactly("printk", "<6>say \"hi\"");
  }

  @Test
  void rejectsUnterminatedQuotes() {
    assertThatThrownBy(() -> CommandLine.split("echo 'oops"))
        .hasMessageContaining("unterminated quote");
  }

  @Test
  void splitsListsOnSemicolonsAndNewlinesButNotInQuotes() {
    assertThat(CommandLine.splitList("echo 'a;b'; lsmod\n# comment\n  rmmod x ; "))
        .containsExactly("echo 'a;b'", "lsmod", "rmmod x");
  }

  @Test
  void parsesDurations() {
    assertThat(CommandLine.parseDuration("200ns")).isEqualTo(200);
    assertThat(CommandLine.parseDuration("5us")).isEqualTo(5_000);
    assertThat(CommandLine.parseDuration("1.5ms")).isEqualTo(1_500_000);
    assertThat(CommandLine.parseDuration("2s")).isEqualTo(2_000_000_000L);
    assertThat(CommandLine.parseDuration("42")).isEqualTo(42);
    assertThatThrownBy(() -> CommandLine.parseDuration("-1ms")).hasMessageContaining("negative");
    assertThatThrownBy(() -> CommandLine.parseDuration("fast"))
        .hasMessageContaining("bad duration");
  }

  @Test
  void refusesDurationsThatOverflowTheClock() {
    assertThatThrownBy(() -> CommandLine.parseDuration("99999999999999999999ns"))
        .hasMessageContaining("longer than the maximum 1000000s");
    assertThatThrownBy(() -> CommandLine.parseDuration("1e300s"))
        .hasMessageContaining("longer than the maximum");
    assertThat(CommandLine.parseDuration("1000000s")).isEqualTo(1_000_000_000_000_000L);
  }
}
