package org.kmodsim.kernel.printk;

import org.kmodsim.sim.EventType;
import org.kmodsim.sim.ModelEvent;

/**
 * kernel/printk's trace vocabulary: a record stored in the log ({@code printk <6>Hello, world}), a
 * continuation fragment, a printk call's return on its CPU with the time the console cost it
 * ({@code printk <6>Hello, world (106.000 ms on ttyS0)}), and a panic.
 */
public final class PrintkTrace {
  /**
   * A record stored in the log buffer, from {@code cpu} (-1: not known), as {@code <LEVEL>TEXT}.
   */
  public static final EventType PRINTK =
      EventType.of("printk", "printk <{level}>{text}", "cpu", "level", "text", "seq");

  /** A KERN_CONT fragment appended to the open line. */
  public static final EventType PRINTK_CONT =
      EventType.of("printk_cont", "printk <{level}>{text} (continued)", "cpu", "level", "text");

  /** A printk call returned to its caller on {@code cpu}, after {@code latency_ns}. */
  public static final EventType RETURNED =
      EventType.of(
          "printk_return", "printk returned after {latency_ns:time}", "cpu", "seq", "latency_ns");

  /** panic() on {@code cpu}. */
  public static final EventType PANIC =
      EventType.of("panic", "Kernel panic - not syncing: {message}", "cpu", "message");

  private PrintkTrace() {}

  /** A record as the log stores it. */
  public static ModelEvent printk(int cpu, int level, String text, long seq) {
    return PRINTK.with(cpu, level, text, seq);
  }
}
