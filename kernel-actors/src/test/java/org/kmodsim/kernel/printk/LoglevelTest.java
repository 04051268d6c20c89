package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class LoglevelTest {

  @Test
  void encodesLevelsAsTextBefore36AndWithSohAfter() {
    assertThat(Loglevel.KERN_INFO.prefix(Era.V2_6)).isEqualTo("<6>");
    assertThat(Loglevel.KERN_INFO.prefix(Era.V6_X)).isEqualTo("\0016");
    assertThat(Loglevel.contPrefix(Era.V6_X)).isEqualTo("\001c");
    assertThat(Loglevel.contPrefix(Era.V2_6)).isEqualTo("<c>");
  }

  @Test
  void splitsOnlyTheErasOwnEncoding() {
    assertThat(Loglevel.split("<3>disk error", Era.V2_6))
        .isEqualTo(new Loglevel.Prefixed(3, false, "disk error"));
    assertThat(Loglevel.split("<3>disk error", Era.V6_X))
        .isEqualTo(new Loglevel.Prefixed(Loglevel.DEFAULT, false, "<3>disk error"));
    assertThat(Loglevel.split("\0013disk error", Era.V6_X).level()).isEqualTo(3);
    assertThat(Loglevel.split("\001cmore", Era.V6_X).cont()).isTrue();
    assertThat(Loglevel.split("<c>more", Era.V2_4).text()).isEqualTo("<c>more");
  }

  @Test
  void untaggedMessagesGetTheDefaultMessageLoglevel() {
    assertThat(Loglevel.split("hello", Era.V6_X).resolve(4)).isEqualTo(4);
    assertThat(Loglevel.split("<7>hello", Era.V2_4).resolve(4)).isEqualTo(7);
  }

  @Test
  void parsesDmesgNamesAndNumbers() {
    assertThat(Loglevel.parse("warn")).isEqualTo(Loglevel.KERN_WARNING);
    assertThat(Loglevel.parse("err")).isEqualTo(Loglevel.KERN_ERR);
    assertThat(Loglevel.parse("7")).isEqualTo(Loglevel.KERN_DEBUG);
    assertThatThrownBy(() -> Loglevel.parse("loud")).hasMessage("unknown level 'loud'");
  }
}
