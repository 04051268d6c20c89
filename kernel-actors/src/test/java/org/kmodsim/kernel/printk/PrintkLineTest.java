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
  void theLevelPrefixAndTheTrailingNewlineAreTakenOff() {
    PrintkLine line = PrintkLine.printk(List.of("<3>oops %d\\n", "7"), null, settings, 0);
    assertThat(line.level()).isEqualTo(3);
    assertThat(line.text()).isEqualTo("oops 7");
    assertThat(line.newline()).isTrue();
    assertThat(line.cont()).isFalse();
    PrintkLine cont = PrintkLine.printk(List.of("<c>more"), "once:", settings, 0);
    assertThat(cont.cont()).isTrue();
    assertThat(cont.newline()).isFalse();
    assertThat(cont.gate()).isEqualTo("once:<c>more");
    assertThat(PrintkLine.printk(List.of("plain"), null, settings, 0).level())
        .isEqualTo(Loglevel.DEFAULT);
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
