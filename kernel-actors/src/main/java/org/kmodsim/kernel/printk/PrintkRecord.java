package org.kmodsim.kernel.printk;

/**
 * One log record (struct printk_info, 3.5+): sequence number, syslog facility and level, the CPU
 * that stored it, the timestamp on the virtual clock (ts_nsec) and the text without a trailing
 * newline. {@code cont} marks a KERN_CONT fragment. Kernel text has facility 0 (LOG_KERN); writes
 * to /dev/kmsg without a facility get 1 (LOG_USER).
 */
public record PrintkRecord(
    long seq, int facility, int level, boolean cont, int cpu, long tsNanos, String text) {

  public PrintkRecord {
    if (level < 0 || level > 7) {
      throw new IllegalArgumentException("record level " + level + " is not between 0 and 7");
    }
    if (text == null) {
      throw new IllegalArgumentException("record without text");
    }
  }

  /** The syslog priority: facility << 3 | level, the N of "<N>" and of /dev/kmsg lines. */
  public int priority() {
    return facility << 3 | level;
  }
}
