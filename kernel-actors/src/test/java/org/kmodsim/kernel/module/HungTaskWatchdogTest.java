package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * /proc/sys/kernel/hung_task_timeout_secs and khungtaskd's sleep: kernel/hung_task.c watchdog() (a
 * check every timeout; timeout_jiffies(0) is MAX_SCHEDULE_TIMEOUT) and
 * proc_dohung_task_timeout_secs (proc_doulongvec_minmax, then wake_up_process), read in v2.6.32.2
 * and v2.6.32.69 (kernel/hung_task.c, kernel/sysctl.c __do_proc_doulongvec_minmax).
 */
class HungTaskWatchdogTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theFileReadsTheTimeoutInSecondsAsPercentLu() {
    assertThat(new HungTaskWatchdog(Era.V6_X, 120 * SECOND).read()).isEqualTo("120\n");
    assertThat(new HungTaskWatchdog(Era.V2_6, 2 * SECOND).read()).isEqualTo("2\n");
  }

  @Test
  void aWriteRestartsTheSleepAndZeroStopsTheChecks() {
    HungTaskWatchdog watchdog = new HungTaskWatchdog(Era.V6_X, 120 * SECOND);
    assertThat(watchdog.nextCheckAfter(130 * SECOND)).isEqualTo(240 * SECOND);
    assertThat(watchdog.write("10\n", 130 * SECOND)).isNull();
    assertThat(watchdog.read()).isEqualTo("10\n");
    // woken at 130 s, it sleeps the new timeout from then: checks at 140, 150, ...
    assertThat(watchdog.nextCheckAfter(130 * SECOND)).isEqualTo(140 * SECOND);
    assertThat(watchdog.nextCheckAfter(145 * SECOND)).isEqualTo(150 * SECOND);
    assertThat(watchdog.write("0", 200 * SECOND)).isNull();
    assertThat(watchdog.nextCheckAfter(200 * SECOND)).isEqualTo(Long.MAX_VALUE);
  }

  /** simple_strtoul's base 0, and a number that must end at a blank. */
  @Test
  void theValueIsACNumberInBaseZero() {
    HungTaskWatchdog watchdog = new HungTaskWatchdog(Era.V2_6, 120 * SECOND);
    assertThat(watchdog.write("  010\n", 0)).isNull();
    assertThat(watchdog.read()).isEqualTo("8\n");
    assertThat(watchdog.write("0x10", 0)).isNull();
    assertThat(watchdog.read()).isEqualTo("16\n");
    assertThat(watchdog.write("120s", 0)).isEqualTo(Errno.EINVAL);
    assertThat(watchdog.write("abc", 0)).isEqualTo(Errno.EINVAL);
    assertThat(watchdog.read()).isEqualTo("16\n");
  }

  /**
   * v2.6.32 and v4.19 skip a negative value ({@code if (neg) continue;}) and return success; 6.x
   * returns EINVAL (5.17: "sysctl: returns -EINVAL when a negative value is passed to
   * proc_doulongvec_minmax"), and for a value above hung_task_timeout_max (5.1).
   */
  @Test
  void aNegativeValueIsSkippedBefore6AndRefusedIn6() {
    HungTaskWatchdog old = new HungTaskWatchdog(Era.V2_6, 120 * SECOND);
    assertThat(old.write("-5", 0)).isNull();
    assertThat(old.read()).isEqualTo("120\n");
    HungTaskWatchdog v4 = new HungTaskWatchdog(Era.V4_X, 120 * SECOND);
    assertThat(v4.write("-5", 0)).isNull();
    assertThat(v4.write("99999999999999999", 0)).isNull(); // above LONG_MAX / HZ: skipped
    assertThat(v4.read()).isEqualTo("120\n");
    HungTaskWatchdog v6 = new HungTaskWatchdog(Era.V6_X, 120 * SECOND);
    assertThat(v6.write("-5", 0)).isEqualTo(Errno.EINVAL);
    assertThat(v6.write("99999999999999999", 0)).isEqualTo(Errno.EINVAL);
    assertThat(v6.read()).isEqualTo("120\n");
  }
}
