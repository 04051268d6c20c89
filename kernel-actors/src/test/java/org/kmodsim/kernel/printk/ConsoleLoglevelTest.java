package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

class ConsoleLoglevelTest {

  @Test
  void aConsoleGetsOnlyLevelsBelowConsoleLoglevel() {
    for (int loglevel = 0; loglevel <= 8; loglevel++) {
      ConsoleLoglevel levels = new ConsoleLoglevel(Era.V6_X, loglevel, 4, 1, 7, false);
      for (int level = 0; level <= 7; level++) {
        assertThat(levels.suppressed(level))
            .as("level %d at %d", level, loglevel)
            .isEqualTo(level >= loglevel);
      }
    }
    assertThat(new ConsoleLoglevel(Era.V6_X, 0, 4, 1, 7, true).suppressed(7)).isFalse();
  }

  @Test
  void procFileReadsFourTabSeparatedValues() {
    assertThat(ConsoleLoglevel.defaults(Era.V6_X).read()).isEqualTo("7\t4\t1\t7\n");
  }

  @Test
  void writingUpdatesLeadingValuesWithoutRangeChecks() {
    ConsoleLoglevel levels = ConsoleLoglevel.defaults(Era.V6_X);
    assertThat(levels.write("15\n")).isNull();
    assertThat(levels.read()).isEqualTo("15\t4\t1\t7\n");
    assertThat(levels.write("0 -3")).isNull();
    assertThat(levels.read()).isEqualTo("0\t-3\t1\t7\n");
    assertThat(levels.write("loud")).isEqualTo(Errno.EINVAL);
    assertThat(levels.write("   ")).isEqualTo(Errno.EINVAL);
    assertThat(levels.write("1 2 3 4 5 6")).isNull();
    assertThat(levels.read()).isEqualTo("1\t2\t3\t4\n");
  }

  @Test
  void consoleOffSavesAndConsoleOnRestoresSince2632() {
    ConsoleLoglevel levels = ConsoleLoglevel.defaults(Era.V6_X);
    levels.consoleOff();
    assertThat(levels.consoleLoglevel()).isEqualTo(1);
    levels.consoleOff();
    levels.consoleOn();
    assertThat(levels.consoleLoglevel()).isEqualTo(7);
    ConsoleLoglevel old = new ConsoleLoglevel(Era.V2_4, 5, 4, 1, 6, false);
    old.consoleOff();
    old.consoleOn();
    assertThat(old.consoleLoglevel()).isEqualTo(6); // default_console_loglevel
  }

  @Test
  void consoleLevelAcceptsOneToEightAndRaisesToTheMinimum() {
    ConsoleLoglevel levels = new ConsoleLoglevel(Era.V6_X, 7, 4, 3, 7, false);
    assertThat(levels.consoleLevel(0)).isEqualTo(Errno.EINVAL);
    assertThat(levels.consoleLevel(9)).isEqualTo(Errno.EINVAL);
    assertThat(levels.consoleLevel(1)).isNull();
    assertThat(levels.consoleLoglevel()).isEqualTo(3);
    levels.consoleOff();
    levels.consoleLevel(8);
    levels.consoleOn(); // the saved level was forgotten by action 8
    assertThat(levels.consoleLoglevel()).isEqualTo(8);
  }
}
