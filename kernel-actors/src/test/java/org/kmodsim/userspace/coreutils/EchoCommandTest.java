package org.kmodsim.userspace.coreutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoCommandTest {
  @Test
  void echoJoinsItsWordsAndTakesOneRedirection() {
    assertThat(EchoCommand.parse(List.of("-n", "a", "b", ">", "/f")))
        .isEqualTo(new EchoCommand("a b", "/f"));
    assertThat(EchoCommand.parse(List.of("a"))).isEqualTo(new EchoCommand("a\n", null));
    assertThat(EchoCommand.parse(List.of())).isEqualTo(new EchoCommand("\n", null));
    assertThatThrownBy(() -> EchoCommand.parse(List.of("a", ">", "/f", "b")))
        .hasMessage("expected one file after '>'");
  }
}
