package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * khungtaskd's report (kernel/hung_task.c check_hung_task / hung_task_info) and when it comes.
 * Pure.
 *
 * <p>The watchdog checks every hung_task_timeout_secs from boot or from the last write of it
 * ({@link HungTaskWatchdog}). A task that blocked at t0 is seen with a new switch count at the
 * first check after t0 (last_switch_time is set then), and reported at the next one: "blocked for
 * more than" timeout seconds (4.x+ print jiffies - last_switch_time: the timeout, unless a write
 * moved the checks). Deliberate difference: no sched_show_task() (the task line and its stack), the
 * model keeps no task state.
 */
final class HungTask {
  private HungTask() {}

  /**
   * The lines, KERN_ERR: the INFO line, 4.x and 6.x print_tainted with the release, and the "echo
   * 0" hint (2.6.32 printed the INFO line and the hint only).
   */
  static List<LogLine> lines(Era era, String comm, int pid, String seconds, String tainted) {
    List<LogLine> lines = new ArrayList<>();
    lines.add(
        LogLine.err(
            "INFO: task " + comm + ":" + pid + " blocked for more than " + seconds + " seconds."));
    if (era.atLeast(Era.V4_X)) {
      lines.add(LogLine.err("      " + tainted + " " + era.release() + " #1"));
    }
    lines.add(
        LogLine.err("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message."));
    return lines;
  }
}
