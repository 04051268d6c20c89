package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatelimitStateTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void tenPassPerFiveSecondsAndTheMissesAreReportedWhenTheNextIntervalStarts() {
    RatelimitState state = new RatelimitState(5 * SECOND, 10);
    int passed = 0;
    for (int i = 0; i < 12; i++) {
      if (state.check(i * 1000L).pass()) {
        passed++;
      }
    }
    assertThat(passed).isEqualTo(10);
    RatelimitState.Decision later = state.check(6 * SECOND);
    assertThat(later.pass()).isTrue();
    assertThat(later.suppressedBefore()).isEqualTo(2);
    assertThat(state.check(7 * SECOND).suppressedBefore()).isZero();
  }
}
