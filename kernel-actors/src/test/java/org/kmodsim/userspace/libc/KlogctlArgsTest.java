package org.kmodsim.userspace.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code syslog ACTION [LEN]}'s arguments. */
class KlogctlArgsTest {
  @Test
  void theActionAndAnOptionalLengthAreNumbers() {
    assertThat(KlogctlArgs.parse(List.of("3", "100"))).isEqualTo(new KlogctlArgs(3, 100));
    assertThat(KlogctlArgs.parse(List.of("10"))).isEqualTo(new KlogctlArgs(10, 0));
    assertThatThrownBy(() -> KlogctlArgs.parse(List.of()))
        .hasMessage("needs an action and maybe a length");
    assertThatThrownBy(() -> KlogctlArgs.parse(List.of("read")))
        .hasMessage("action and length are numbers");
  }
}
