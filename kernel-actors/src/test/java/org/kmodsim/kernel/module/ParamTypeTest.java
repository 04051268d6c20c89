package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

class ParamTypeTest {

  static long set(ParamType type, String text, Era era) throws ParamType.ParamException {
    return type.set(text, era, 16).number();
  }

  static Errno error(ParamType type, String text, Era era) {
    try {
      type.set(text, era, 8);
      return null;
    } catch (ParamType.ParamException e) {
      return e.errno();
    }
  }

  @Test
  void kstrtoAcceptsBasePrefixesSignAndOneTrailingNewline() throws Exception {
    assertThat(set(ParamType.INT, "0x10", Era.V6_X)).isEqualTo(16);
    assertThat(set(ParamType.INT, "010", Era.V6_X)).isEqualTo(8);
    assertThat(set(ParamType.INT, "-5\n", Era.V6_X)).isEqualTo(-5);
    assertThat(set(ParamType.UINT, "+7", Era.V6_X)).isEqualTo(7);
    assertThat(set(ParamType.ULONG, "18446744073709551615", Era.V4_X)).isEqualTo(-1L);
  }

  @Test
  void kstrtoRejectsJunkWithEinvalAndOverflowWithErange() {
    assertThat(error(ParamType.INT, "12abc", Era.V6_X)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.INT, "5\n\n", Era.V6_X)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.UINT, "-1", Era.V6_X)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.INT, "2147483648", Era.V6_X)).isEqualTo(Errno.ERANGE);
    assertThat(error(ParamType.BYTE, "256", Era.V4_X)).isEqualTo(Errno.ERANGE);
  }

  @Test
  void simpleStrtolOf26IgnoresTrailingJunkAndGivesEinvalOnOverflow() throws Exception {
    assertThat(set(ParamType.INT, "12abc", Era.V2_6)).isEqualTo(12);
    assertThat(error(ParamType.INT, "2147483648", Era.V2_6)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.INT, "abc", Era.V2_6)).isEqualTo(Errno.EINVAL);
  }

  @Test
  void boolFollowsKstrtoboolPerEra() throws Exception {
    assertThat(set(ParamType.BOOL, "on", Era.V6_X)).isEqualTo(1);
    assertThat(set(ParamType.BOOL, "OFF", Era.V4_X)).isZero();
    assertThat(set(ParamType.BOOL, "true", Era.V6_X)).isEqualTo(1);
    assertThat(error(ParamType.BOOL, "true", Era.V4_X)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.BOOL, "on", Era.V2_6)).isEqualTo(Errno.EINVAL);
    assertThat(set(ParamType.BOOL, null, Era.V6_X)).isEqualTo(1);
    assertThat(error(ParamType.INVBOOL, null, Era.V6_X)).isEqualTo(Errno.EINVAL);
    assertThat(error(ParamType.INT, null, Era.V6_X)).isEqualTo(Errno.EINVAL);
  }

  @Test
  void stringsOverflowWithEnospc() throws Exception {
    assertThat(error(ParamType.STRING, "12345678", Era.V6_X)).isEqualTo(Errno.ENOSPC);
    assertThat(ParamType.STRING.set("1234567", Era.V6_X, 8).text()).isEqualTo("1234567");
    assertThat(error(ParamType.CHARP, "x".repeat(1025), Era.V6_X)).isEqualTo(Errno.ENOSPC);
  }

  @Test
  void gettersPrintAsSysfsDoes() throws Exception {
    // C: the field width of %#08x counts the 0x prefix.
    assertThat(ParamType.HEXINT.show(ParamValue.number(16), Era.V6_X)).isEqualTo("0x000010");
    assertThat(ParamType.BOOL.show(ParamValue.number(1), Era.V6_X)).isEqualTo("Y");
    assertThat(ParamType.INVBOOL.show(ParamValue.number(1), Era.V6_X)).isEqualTo("N");
    assertThat(ParamType.BYTE.show(ParamValue.number(65), Era.V2_6)).isEqualTo("A");
    assertThat(ParamType.BYTE.show(ParamValue.number(65), Era.V6_X)).isEqualTo("65");
  }

  @Property(seed = "42")
  void everyIntRoundTripsThroughSetterAndGetter(@ForAll int value) throws Exception {
    ParamValue stored = ParamType.INT.set(Integer.toString(value), Era.V6_X, 0);
    assertThat(ParamType.INT.show(stored, Era.V6_X)).isEqualTo(Integer.toString(value));
  }

  @Property(seed = "42")
  void shortsOutOfRangeAreErangeNeverStored(@ForAll int value) {
    Errno errno = error(ParamType.SHORT, Integer.toString(value), Era.V6_X);
    boolean fits = value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
    assertThat(errno).isEqualTo(fits ? null : Errno.ERANGE);
  }

  @Test
  void permsThatWouldNotCompileAreNamed() {
    assertThat(ParamSpec.permProblem(0644)).isNull();
    assertThat(ParamSpec.permProblem(0666)).contains("others");
    assertThat(ParamSpec.permProblem(0044)).contains("readable");
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "x.conf",
                    "module { name = x, params = [ { name = a, type = int, perm = \"0666\" } ] }",
                    Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("x.conf:1")
        .hasMessageContaining("others");
  }
}
