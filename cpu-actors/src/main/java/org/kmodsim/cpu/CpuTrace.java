package org.kmodsim.cpu;

import org.kmodsim.sim.EventType;

/**
 * The CPU's trace vocabulary: a task starting and exiting on a CPU (exec and exit), a CPU stopped
 * by stop_machine (or panic), a {@code trace TEXT} point. Every event names its CPU in the field
 * {@code cpu}.
 */
public final class CpuTrace {
  /** A program (a task) starts on the CPU. */
  public static final EventType EXEC = EventType.of("exec", "exec {task}", "cpu", "task");

  /** A program ends with its exit status. */
  public static final EventType EXIT =
      EventType.of("exit", "{task}: exit {status}", "cpu", "task", "status");

  /** The CPU took a stop_machine IPI and stopped ({@code why}: who stopped it). */
  public static final EventType STOPPED =
      EventType.of("cpu_stopped", "cpu{cpu} stopped ({why})", "cpu", "why");

  /** A {@code trace TEXT} step. */
  public static final EventType TRACE_POINT = EventType.of("trace", "{text}", "cpu", "text");

  private CpuTrace() {}
}
