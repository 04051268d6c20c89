package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class InstructionBoundariesTest {
  @Test
  void prologuesPerEra() {
    InstructionBoundaries v26 = InstructionBoundaries.of("vfs_read", 0x170, Era.V2_6);
    assertThat(v26.starts()).startsWith(0, 1, 4);
    assertThat(v26.ftraceSite()).isEqualTo(-1);
    InstructionBoundaries v4 = InstructionBoundaries.of("vfs_read", 0x170, Era.V4_X);
    assertThat(v4.starts()).startsWith(0, 5, 6, 9);
    assertThat(v4.ftraceSite()).isZero();
    assertThat(v4.insideFtraceSite(3)).isTrue();
    InstructionBoundaries v6 = InstructionBoundaries.of("vfs_read", 0x170, Era.V6_X);
    assertThat(v6.starts()).startsWith(0, 4, 9, 10, 13);
    assertThat(v6.startsWithEndbr()).isTrue();
    assertThat(v6.isBoundary(2)).isFalse();
  }

  @Test
  void decodingIsStableAndStaysInsideTheFunction() {
    InstructionBoundaries once = InstructionBoundaries.of("do_exit", 0x940, Era.V6_X);
    InstructionBoundaries again = InstructionBoundaries.of("do_exit", 0x940, Era.V6_X);
    assertThat(once.starts()).isEqualTo(again.starts());
    assertThat(once.starts()).allMatch(offset -> offset < 0x940);
    assertThat(once.starts()).isSorted();
    for (int i = 1; i < once.starts().size(); i++) {
      assertThat(once.starts().get(i) - once.starts().get(i - 1)).isBetween(1, 7);
    }
  }
}
