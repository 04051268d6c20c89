package org.kmodsim.kernel.printk;

/**
 * The CONFIG_PRINTK_TIME prefix (kernel/printk/printk.c print_time): {@code "[%5lu.%06lu] "},
 * seconds and microseconds of the record's timestamp, then a space.
 */
public final class PrintkTime {
  private PrintkTime() {}

  /** {@code [ 3.771531] } for 3,771,531,000 ns: 15 characters while uptime is below 1e5 s. */
  public static String prefix(long nanos) {
    return stamp(nanos) + " ";
  }

  /** {@code [ 3.771531]} without the trailing space. */
  public static String stamp(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    long micros = (nanos % 1_000_000_000L) / 1_000L;
    return String.format("[%5d.%06d]", seconds, micros);
  }
}
