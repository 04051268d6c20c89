package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;

/**
 * One kernel symbol table: kprobes, kallsyms_lookup_name and /proc/kallsyms agree on a function
 * that is not exported (vfs_read), on a machine with the module subsystem and kprobes.
 */
class KernelSymbolTableTest {
  /** report_probe's line: {@code "%p %s %s+0x%x %s "} (kernel/kprobes.c). */
  static final Pattern LISTED =
      Pattern.compile("(?m)^([0-9a-f]{16})  k  vfs_read\\+0x([0-9a-f]+) {4}");

  static final Pattern LOOKED_UP = Pattern.compile("(?m)^([0-9a-f]{16})$");

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void kallsymsLookupNameGivesTheAddressKprobesReportAndProcKallsymsListsIt(Era era) {
    String text =
        KprobeModuleTest.sh(
            era,
            "register_kprobe kp symbol_name=vfs_read"
                + " pre='echo hit'; kcall vfs_read; cat /sys/kernel/debug/kprobes/list;"
                + " kallsyms_lookup_name vfs_read; cat /proc/kallsyms");
    assertThat(text).startsWith("hit\n");
    Matcher listed = LISTED.matcher(text);
    Matcher lookedUp = LOOKED_UP.matcher(text);
    assertThat(listed.find()).as(text).isTrue();
    assertThat(lookedUp.find()).as(text).isTrue();
    long probe = Long.parseUnsignedLong(listed.group(1), 16);
    long offset = Long.parseLong(listed.group(2), 16);
    long address = Long.parseUnsignedLong(lookedUp.group(1), 16);
    assertThat(address).isNotZero().isEqualTo(probe - offset);
    assertThat(text).contains(String.format("%016x T vfs_read\n", address));
    assertThat(text)
        .containsPattern(
            "ffffffff81000000 T _stext\n(.*\n)*"
                + lookedUp.group(1)
                + " T vfs_read\n(.*\n)*[0-9a-f]{16} T _etext\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void theBlacklistAndProcKallsymsAgreeOnTheExceptionEntries(Era era) {
    String entry = era == Era.V6_X ? "exc_int3" : "do_int3";
    String text =
        KprobeModuleTest.sh(
            era,
            "cat /sys/kernel/debug/kprobes/blacklist;"
                + " kallsyms_lookup_name "
                + entry
                + "; cat /proc/kallsyms");
    assertThat(text)
        .startsWith("0xffffffff81100000-0xffffffff81100090\t" + entry + "\n")
        .contains("ffffffff81100000\n", "ffffffff81100000 T " + entry + "\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V6_X"})
  void anUnprivilegedReaderSeesTheNamesWithZeroedAddresses(Era era) {
    String text = KprobeModuleTest.sh(era, "su nobody; cat /proc/kallsyms");
    assertThat(text).contains("0000000000000000 T vfs_read\n").doesNotContain("ffffffff81101600");
  }
}
