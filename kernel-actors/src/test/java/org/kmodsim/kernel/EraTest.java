package org.kmodsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EraTest {
  @Test
  void kernelVersionPacksMajorMinorPatch() {
    assertThat(Era.kernelVersion(2, 6, 32)).isEqualTo(0x020620);
    assertThat(Era.kernelVersion(6, 12, 0)).isEqualTo(0x060C00);
    // Since 4.9.256 the sublevel is clamped to 255 so it cannot overflow into the minor.
    assertThat(Era.kernelVersion(4, 9, 300)).isEqualTo(0x0409FF);
    assertThat(Era.V2_4.versionCode()).isEqualTo(0x020425);
  }

  @Test
  void parsesTheFourErasAndRejectsOthers() {
    assertThat(Era.parse("2.4")).isEqualTo(Era.V2_4);
    assertThat(Era.parse(" 6.X ")).isEqualTo(Era.V6_X);
    assertThat(Era.V2_6.atLeast(Era.V2_4)).isTrue();
    assertThatThrownBy(() -> Era.parse("5.x")).hasMessageContaining("unknown era '5.x'");
  }

  @Test
  void errnoNumbersAndMessagesMatchLinux() {
    assertThat(Errno.EEXIST.number()).isEqualTo(17);
    assertThat(Errno.EEXIST.message()).isEqualTo("File exists");
    assertThat(Errno.EBUSY.negative()).isEqualTo(-16);
    assertThat(Errno.EWOULDBLOCK).isSameAs(Errno.EAGAIN);
    assertThat(Errno.ofNumber(-129)).isEqualTo(Errno.EKEYREJECTED);
    assertThat(Errno.ENOSYS.message()).isEqualTo("Function not implemented");
  }
}
