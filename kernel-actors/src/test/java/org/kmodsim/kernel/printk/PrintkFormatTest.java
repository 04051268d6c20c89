package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class PrintkFormatTest {

  static String f(String fmt, Object... args) {
    return PrintkFormat.format(fmt, List.of(args), Era.V6_X, 42).text();
  }

  @Test
  void formatsIntegersWithWidthsFlagsAndQualifiers() {
    assertThat(f("%d %i %u", "-5", 7, "3000000000")).isEqualTo("-5 7 3000000000");
    assertThat(f("%u", -1)).isEqualTo("4294967295");
    assertThat(f("%lu %ld %lld", -1, "-9", "0x10")).isEqualTo("18446744073709551615 -9 16");
    assertThat(f("[%5d|%-5d|%05d|%+d|% d]", 42, 42, 42, 42, 42))
        .isEqualTo("[   42|42   |00042|+42| 42]");
    assertThat(f("%x %X %#x %o %#o %08x", 255, 255, 255, 8, 8, 0xbeef))
        .isEqualTo("ff FF 0xff 10 010 0000beef");
    assertThat(f("%hhd %hu", 257, 65537)).isEqualTo("1 1");
    assertThat(f("%.3d", 7)).isEqualTo("007");
    assertThat(f("%*d", 4, 1)).isEqualTo("   1");
  }

  @Test
  void formatsStringsCharactersAndPercent() {
    assertThat(f("%s: %c%c %% %.2s|%-6s|", "hello", "o", 'k', "abc", "ab"))
        .isEqualTo("hello: ok % ab|ab    |");
  }

  @Test
  void hashesPointersSince415AndPrintsThemRawBefore() {
    String hashed = f("%p", "0xffffffffc00eb920");
    assertThat(hashed).hasSize(16).startsWith("00000000").isNotEqualTo("ffffffffc00eb920");
    String raw = PrintkFormat.format("%p", List.of("0xffffffffc00eb920"), Era.V2_6, 42).text();
    assertThat(raw).isEqualTo("ffffffffc00eb920");
  }

  /**
   * 2.4 lib/vsprintf.c vsnprintf, case 'p': {@code field_width = 2*sizeof(void *); flags |=
   * ZEROPAD;} then number(..., 16, ...): 8 digits on i386, NULL included.
   */
  @Test
  void era24PrintsPointersInEightHexDigits() {
    assertThat(PrintkFormat.format("at %p", List.of("0xc8812060"), Era.V2_4, 42).text())
        .isEqualTo("at c8812060");
    assertThat(PrintkFormat.format("[%p]", List.of(0), Era.V2_4, 42).text())
        .isEqualTo("[00000000]");
    assertThat(PrintkFormat.format("[%p]", List.of(0), Era.V2_6, 42).text()).isEqualTo("[(null)]");
  }

  @Test
  void floatingPointIsAnInvalidSpecifierAsInTheKernel() {
    PrintkFormat.Formatted modern = PrintkFormat.format("t=%f s, done", List.of(1), Era.V6_X, 0);
    assertThat(modern.text()).isEqualTo("t=");
    assertThat(modern.warning()).isEqualTo("Please remove unsupported %f in format string");
    PrintkFormat.Formatted old = PrintkFormat.format("t=%f s, %d", List.of(3), Era.V2_6, 0);
    assertThat(old.text()).isEqualTo("t=%f s, 3");
    assertThat(old.warning()).isNull();
  }

  @Test
  void missingOrBadArgumentsAreReportedNotGuessed() {
    assertThatThrownBy(() -> f("%d %d", 1)).hasMessageContaining("too few arguments");
    assertThatThrownBy(() -> f("%d", "ten")).hasMessageContaining("is not a number");
  }

  static String pk(Era era, int kptrRestrict, boolean capSyslog, Object address) {
    return PrintkFormat.format(
            "[%pK]",
            List.of(address), era, 42, new PrintkFormat.PointerAccess(kptrRestrict, capSyslog))
        .text();
  }

  /**
   * lib/vsprintf.c restricted_pointer(): kptr_restrict 0 "Handle as %p" (default_pointer, hashed);
   * 1 pointer_string() of the real pointer if has_capability_noaudit(current, CAP_SYSLOG), else
   * {@code ptr = NULL}; 2 and default "Always print 0's for %pK". The expected lines are the table
   * of commit "vsprintf: don't obfuscate NULL and error pointers" (lib/test_printf.c): {@code %pK,
   * kptr = 1: ffff888048c04020}, {@code %pK, kptr = 2: 0000000000000000}.
   */
  @Test
  void restrictedPointerFollowsKptrRestrict() {
    String address = "0xffff888048c04020";
    String asP = f("[%p]", address);
    for (Era era : List.of(Era.V4_X, Era.V6_X)) {
      String hashed = PrintkFormat.format("[%p]", List.of(address), era, 42).text();
      assertThat(pk(era, 0, false, address)).isEqualTo(hashed);
      assertThat(pk(era, 0, true, address)).isEqualTo(hashed);
      assertThat(pk(era, 1, true, address)).isEqualTo("[ffff888048c04020]");
      assertThat(pk(era, 1, false, address)).isEqualTo("[0000000000000000]");
      assertThat(pk(era, 2, true, address)).isEqualTo("[0000000000000000]");
      assertThat(pk(era, 2, false, address)).isEqualTo("[0000000000000000]");
    }
    assertThat(pk(Era.V6_X, 0, false, address)).isEqualTo(asP).isNotEqualTo("[ffff888048c04020]");
    // 6.x ptr_to_id(): NULL is not hashed (test_printf.c null_pointer: ZEROS "00000000").
    assertThat(pk(Era.V6_X, 0, false, 0)).isEqualTo("[0000000000000000]");
    // The default overload is kptr_restrict 0.
    assertThat(f("[%pK]", address)).isEqualTo(asP);
  }

  /**
   * kptr_restrict and %pK came with 2.6.38 (commit 455cd5ab305c): 2.6.32's pointer() has no 'K'
   * case and prints the raw address whatever the access; 2.4 has no extensions at all.
   */
  @Test
  void restrictedPointerIsAPlainPointerBeforeKptrRestrict() {
    assertThat(pk(Era.V2_6, 2, false, "0xffffffffc00eb920")).isEqualTo("[ffffffffc00eb920]");
    assertThat(pk(Era.V2_4, 2, false, "0xc8812060")).isEqualTo("[c8812060]");
  }
}
