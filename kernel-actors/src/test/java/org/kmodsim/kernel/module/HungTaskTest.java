package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class HungTaskTest {
  private static final long SECOND = 1_000_000_000L;

  /**
   * kernel/hung_task.c watchdog() and task_is_hung(): a check every timeout; the first check after
   * the task blocked records last_switch_time, the next one reports it.
   */
  @Test
  void aTaskIsReportedAtTheSecondCheckAfterItBlocked() {
    HungTaskWatchdog watchdog = new HungTaskWatchdog(Era.V6_X, 120 * SECOND);
    long seen = watchdog.nextCheckAfter(2_000);
    assertThat(seen).isEqualTo(120 * SECOND);
    assertThat(watchdog.nextCheckAfter(seen)).isEqualTo(240 * SECOND);
    assertThat(watchdog.nextCheckAfter(watchdog.nextCheckAfter(130 * SECOND)))
        .isEqualTo(360 * SECOND);
  }

  /**
   * 6.x kernel/hung_task.c hung_task_info: pr_err("INFO: task %s:%d blocked for more than %ld
   * seconds.\n"), pr_err(" %s %s %.*s\n", print_tainted(), release, version), then the "echo 0"
   * hint; 2.6.32 check_hung_task had no tainted line.
   */
  @Test
  void theReportHasTheErasLines() {
    assertThat(HungTask.lines(Era.V6_X, "rmmod", 1234, "122", "Not tainted"))
        .extracting(LogLine::text)
        .containsExactly(
            "INFO: task rmmod:1234 blocked for more than 122 seconds.",
            "      Not tainted 6.12.0 #1",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
    assertThat(HungTask.lines(Era.V2_6, "rmmod", 1234, "120", "Not tainted"))
        .extracting(LogLine::text)
        .containsExactly(
            "INFO: task rmmod:1234 blocked for more than 120 seconds.",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
    assertThat(HungTask.lines(Era.V2_6, "rmmod", 1, "120", "Not tainted"))
        .extracting(LogLine::level)
        .containsOnly(LogLine.ERR);
  }
}
