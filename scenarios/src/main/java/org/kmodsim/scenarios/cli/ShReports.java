package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.printk.PrintkTime;
import org.kmodsim.scenarios.trace.RunEvents;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.TraceEvent;

/**
 * The kernel's reports the batch shell shows, as the console shows them ({@code [ 0.155208] Oops:
 * ...}): what the kernel logged on the shell's CPU while a command that was killed (an oops: exit
 * status 137) ran, and while the command during which the machine halted (a panic) ran. Read from
 * the run's printk events (their typed fields, never the console's text), in the order the commands
 * ran.
 */
final class ShReports {
  /** The exit status of a task the kernel killed (128 + SIGKILL), as sh reports it. */
  static final int KILLED = 137;

  private final List<List<String>> killed = new ArrayList<>();
  private final List<String> running = new ArrayList<>();

  private ShReports() {}

  /** The reports of a run whose shell ran on {@code shellCpu}. */
  static ShReports of(List<TraceEvent> trace, int cpus, int shellCpu) {
    ShReports reports = new ShReports();
    boolean inTask = false;
    for (RunEvents.Placed p : RunEvents.of(trace, cpus)) {
      if (!p.model() || p.internal() || p.cpu() != shellCpu) {
        continue;
      }
      ModelEvent data = p.data();
      switch (p.event().kind()) {
        case "exec" -> {
          reports.running.clear();
          inTask = true;
        }
        case "exit" -> {
          if (data.number("status", 0) == KILLED) {
            reports.killed.add(List.copyOf(reports.running));
          }
          reports.running.clear();
          inTask = false;
        }
        case "printk" -> {
          if (inTask) {
            reports.running.add(PrintkTime.prefix(p.event().timeNanos()) + data.string("text"));
          }
        }
        case "printk_cont" -> {
          int last = reports.running.size() - 1;
          if (inTask && last >= 0) {
            reports.running.set(last, reports.running.get(last) + data.string("text"));
          }
        }
        default -> {}
      }
    }
    return reports;
  }

  /** The kernel's report of the {@code n}th killed command (0 first), or none. */
  List<String> killed(int n) {
    return n < killed.size() ? killed.get(n) : List.of();
  }

  /** What the kernel logged during the command that never ended (the machine halted in it). */
  List<String> halted() {
    return running;
  }
}
