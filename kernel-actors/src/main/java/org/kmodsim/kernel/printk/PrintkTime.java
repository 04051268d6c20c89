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
    if (nanos < 0) {
      return String.format("[%5d.%06d]", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1_000L);
    }
    long seconds = nanos / 1_000_000_000L;
    long micros = (nanos % 1_000_000_000L) / 1_000L;
    // String.format("[%5d.%06d]", ...), without the format parser: every console line has one
    String whole = Long.toString(seconds);
    String fraction = Long.toString(micros);
    StringBuilder stamp = new StringBuilder(16).append('[');
    stamp.append("     ", 0, Math.max(0, 5 - whole.length())).append(whole).append('.');
    stamp.append("000000", 0, 6 - fraction.length()).append(fraction);
    return stamp.append(']').toString();
  }
}
