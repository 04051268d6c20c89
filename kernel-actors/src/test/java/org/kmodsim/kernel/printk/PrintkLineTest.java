package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

/** A printk line of the step language, parsed (include/linux/printk.h levels, KERN_CONT). */
class PrintkLineTest {
  private final PrintkSettings settings = PrintkSettings.defaults(Era.V6_X);

  @Test
  void theLevelMacroAndTheTrailingNewlineAreTakenOff() {
    PrintkLine line = PrintkLine.printk(List.of("KERN_ERR", "oops %d\\n", "7"), null, settings, 0);
    assertThat(line.level()).isEqualTo(3);
    assertThat(line.text()).isEqualTo("oops 7");
    assertThat(line.newline()).isTrue();
    assertThat(line.cont()).isFalse();
    PrintkLine cont = PrintkLine.printk(List.of("KERN_CONT", "more"), "once:", settings, 0);
    assertThat(cont.cont()).isTrue();
    assertThat(cont.newline()).isFalse();
    assertThat(cont.gate()).isEqualTo("once:KERN_CONT more");
    assertThat(PrintkLine.printk(List.of("plain"), null, settings, 0).level())
        .isEqualTo(Loglevel.DEFAULT);
  }

  /**
   * include/linux/kern_levels.h: every KERN_* is one level in every era ("&lt;1&gt;" in v2.6.32's
   * and 2.4's include/linux/kernel.h, KERN_SOH "1" since 3.6); KERN_DEFAULT is no level.
   */
  @Test
  void theMacrosGiveTheSameLevelInEveryEra() {
    for (Era era : Era.values()) {
      PrintkSettings s = PrintkSettings.defaults(era);
      for (Loglevel level : Loglevel.values()) {
        PrintkLine line = PrintkLine.printk(List.of(level.name(), "x"), null, s, 0);
        assertThat(line.level()).as(era + " " + level).isEqualTo(level.number());
        assertThat(line.text()).isEqualTo("x");
      }
    }
    PrintkLine plain = PrintkLine.printk(List.of("KERN_DEFAULT", "<1>x"), null, settings, 0);
    assertThat(plain.level()).isEqualTo(Loglevel.DEFAULT);
    assertThat(plain.text()).isEqualTo("<1>x"); // KERN_DEFAULT "<1>x": the "<1>" is text
  }

  /**
   * v2.6.32 kernel/printk.c vprintk: a leading "&lt;N&gt;" (or "&lt;c&gt;", "&lt;d&gt;") is the
   * level and is skipped; 2.4 kernel/printk.c printk knows "&lt;0&gt;".."&lt;7&gt;" only. Since 3.6
   * include/linux/printk.h printk_get_level() takes only KERN_SOH + a level character (6.x:
   * '0'..'7' or 'c'; 3.x also 'd'), so the literal is text and the record gets
   * default_message_loglevel.
   */
  @Test
  void aLiteralLevelIsTheLevelBefore36AndTextSince() {
    for (Era old : List.of(Era.V2_4, Era.V2_6)) {
      PrintkLine line =
          PrintkLine.printk(List.of("<1>Hello"), null, PrintkSettings.defaults(old), 0);
      assertThat(line.level()).isEqualTo(1);
      assertThat(line.text()).isEqualTo("Hello");
    }
    PrintkSettings v26 = PrintkSettings.defaults(Era.V2_6);
    assertThat(PrintkLine.printk(List.of("<c>more"), null, v26, 0).cont()).isTrue();
    PrintkLine v24 =
        PrintkLine.printk(List.of("<c>more"), null, PrintkSettings.defaults(Era.V2_4), 0);
    assertThat(v24.cont()).isFalse();
    assertThat(v24.text()).isEqualTo("<c>more");
    for (Era soh : List.of(Era.V4_X, Era.V6_X)) {
      PrintkSettings s = PrintkSettings.defaults(soh);
      PrintkLine line = PrintkLine.printk(List.of("<1>Hello"), null, s, 0);
      assertThat(line.level()).isEqualTo(Loglevel.DEFAULT);
      assertThat(line.text()).isEqualTo("<1>Hello");
      assertThat(PrintkLine.printk(List.of("<c>more"), null, s, 0).cont()).isFalse();
    }
  }

  /** 2.4's include/linux/kernel.h defines KERN_EMERG .. KERN_DEBUG and neither of these. */
  @Test
  void kernContAndKernDefaultAreRefusedIn24() {
    PrintkSettings v24 = PrintkSettings.defaults(Era.V2_4);
    assertThatThrownBy(() -> PrintkLine.printk(List.of("KERN_CONT", "x"), null, v24, 0))
        .hasMessage("2.4.37 has no KERN_CONT (it came in 2.6.24)");
    assertThatThrownBy(() -> PrintkLine.printk(List.of("KERN_DEFAULT", "x"), null, v24, 0))
        .hasMessage("2.4.37 has no KERN_DEFAULT (it came in 2.6.32)");
    assertThatThrownBy(() -> PrintkLine.printk(List.of("KERN_INFO"), null, settings, 0))
        .hasMessage("needs a format after KERN_INFO");
  }

  @Test
  void aRedirectionOrNoFormatIsRefused() {
    assertThatThrownBy(() -> PrintkLine.printk(List.of("a", ">"), null, settings, 0))
        .hasMessageStartingWith("a shell would take '>' as a redirection");
    assertThatThrownBy(() -> PrintkLine.printk(List.of(), null, settings, 0))
        .hasMessage("needs a format");
    assertThatThrownBy(() -> PrintkLine.message(List.of())).hasMessage("needs a message");
  }
}
