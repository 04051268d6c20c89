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
}
