package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * struct ratelimit_state as lib/ratelimit.c tests it. From 2.6.33 (4.19, 6.12) ___ratelimit(rs,
 * func): {@code if (!rs->begin) rs->begin = jiffies; if (time_is_before_jiffies(rs->begin +
 * interval)) { ... printk_deferred(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
 * ... rs->begin = jiffies; rs->printed = 0; } if (burst && burst > rs->printed) ...}; v2.6.32
 * __ratelimit(rs) resets with {@code rs->begin = 0; rs->printed = 0; rs->missed = 0;} instead, so
 * its next interval begins at the call after the reporting one.
 */
class RatelimitStateTest {
  static final long SECOND = 1_000_000_000L;
  static final long MS = 1_000_000L;

  /** HZ 250 (CONFIG_HZ default): a jiffy is 4 ms; DEFAULT_RATELIMIT_INTERVAL 5 * HZ, burst 10. */
  private static RatelimitState state(boolean beginsAtNextCall, int burst) {
    RatelimitState.Jiffies jiffies = new RatelimitState.Jiffies(250);
    return new RatelimitState(jiffies, beginsAtNextCall, jiffies.of(5 * SECOND), burst);
  }

  @Test
  void tenPassPerFiveSecondsAndTheMissesAreReportedWhenTheNextIntervalStarts() {
    RatelimitState state = state(false, 10);
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

  /**
   * time_is_before_jiffies(rs->begin + interval) is jiffies > begin + interval: at exactly 5 s
   * (begin + 1250 jiffies) the interval still holds; the next jiffy ends it, even when less than a
   * jiffy more than 5 s has passed since the first call (jiffies count ticks, not nanoseconds).
   */
  @Test
  void theIntervalEndsOneJiffyAfterBeginPlusIntervalCountedInTicks() {
    RatelimitState state = state(false, 1);
    assertThat(state.check(3 * MS).pass()).isTrue(); // rs->begin = jiffies (tick 0)
    assertThat(state.check(5 * SECOND).pass()).isFalse(); // tick 1250: not after begin + 1250
    RatelimitState.Decision next = state.check(5 * SECOND + 4 * MS); // tick 1251
    assertThat(next.pass()).isTrue();
    assertThat(next.suppressedBefore()).isEqualTo(1);
  }

  /**
   * The two resets differ at the call after the report: 6.12 restarts the interval at the reporting
   * call (6 s), so 11.5 s is past it; v2.6.32 restarts it at the next call (10 s, begin was 0), so
   * 11.5 s is still inside and suppressed, and the report comes at 15.5 s.
   */
  @Test
  void v2632BeginsTheNextIntervalAtTheCallAfterTheReportLaterKernelsAtTheReport() {
    for (boolean old : new boolean[] {false, true}) {
      RatelimitState state = state(old, 1);
      assertThat(state.check(0).pass()).isTrue();
      assertThat(state.check(SECOND).pass()).isFalse();
      RatelimitState.Decision report = state.check(6 * SECOND);
      assertThat(report.pass()).isTrue();
      assertThat(report.suppressedBefore()).isEqualTo(1);
      assertThat(state.check(10 * SECOND).pass()).as("2.6.32: %s", old).isFalse();
      RatelimitState.Decision at115 = state.check(11 * SECOND + 500 * MS);
      assertThat(at115.pass()).as("2.6.32: %s", old).isEqualTo(!old);
      assertThat(at115.suppressedBefore()).isEqualTo(old ? 0 : 1);
      if (old) {
        RatelimitState.Decision at155 = state.check(15 * SECOND + 500 * MS);
        assertThat(at155.pass()).isTrue();
        assertThat(at155.suppressedBefore()).isEqualTo(2);
      }
    }
  }

  /** {@code if (!rs->interval) return 1;}, and a burst of 0 never passes (burst && ...). */
  @Test
  void intervalZeroPassesEverythingAndBurstZeroNothing() {
    RatelimitState off = new RatelimitState(new RatelimitState.Jiffies(250), false, 0, 0);
    for (int i = 0; i < 20; i++) {
      assertThat(off.check(i).pass()).isTrue();
    }
    RatelimitState none = state(false, 0);
    assertThat(none.check(0).pass()).isFalse();
    assertThat(none.check(6 * SECOND).suppressedBefore()).isEqualTo(1);
  }

  /** INITIAL_JIFFIES = (unsigned long)(unsigned int)(-300*HZ): never 0, rs->begin's "unset". */
  @Test
  void jiffiesStartAtInitialJiffies() {
    RatelimitState.Jiffies jiffies = new RatelimitState.Jiffies(250);
    assertThat(jiffies.at(0)).isEqualTo(4_294_892_296L);
    assertThat(jiffies.at(SECOND) - jiffies.at(0)).isEqualTo(250);
    assertThat(jiffies.of(5 * SECOND)).isEqualTo(1250);
  }
}
