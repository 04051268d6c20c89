package org.kmodsim.kernel.module;

import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * khungtaskd's sleep and /proc/sys/kernel/hung_task_timeout_secs (kernel/hung_task.c, 2.6.30+).
 * Pure.
 *
 * <p>watchdog() sleeps {@code timeout} seconds and checks, again and again, from boot; a timeout of
 * 0 sleeps for ever (timeout_jiffies: MAX_SCHEDULE_TIMEOUT). A write of the sysctl wakes it
 * (proc_dohung_task_timeout_secs: wake_up_process(watchdog_task)), and it goes back to sleep for
 * the whole new timeout from then: its checks are at {@code epoch + k * timeout} (k >= 1), the
 * epoch being the boot or the last write.
 *
 * <p>The write is proc_doulongvec_minmax's: leading blanks skipped, one number in C's base 0
 * (simple_strtoul: {@code 010} is 8, {@code 0x10} 16), nothing but blanks after it, else EINVAL. A
 * negative value, or one above {@code hung_task_timeout_max} (LONG_MAX / HZ, 4.x and later; 2.6.32
 * has none), is skipped without an error up to 5.x (v2.6.32 and v4.19 kernel/sysctl.c
 * __do_proc_doulongvec_minmax: {@code if (neg) continue;}, {@code if ((min && val < *min) || (max
 * && val > *max)) continue;}), and refused with EINVAL in 6.x ("sysctl: return -EINVAL if val
 * violates minmax", 5.1; "sysctl: returns -EINVAL when a negative value is passed to
 * proc_doulongvec_minmax", 5.17).
 */
final class HungTaskWatchdog {
  static final String PATH = "/proc/sys/kernel/hung_task_timeout_secs";

  private static final long NANOS_PER_SEC = 1_000_000_000L;

  /** hung_task_timeout_max: LONG_MAX / HZ (HZ 250), 4.x and later. */
  private static final long TIMEOUT_MAX = Long.MAX_VALUE / 250;

  private final Era era;
  private long timeoutSecs; // the sysctl (unsigned)
  private long timeoutNanos; // the sleep: the configured duration, or the sysctl's seconds
  private long epochNanos;

  /**
   * At boot: {@code kmodsim.modules.hung-task-timeout} (120 s, CONFIG_DEFAULT_HUNG_TASK_TIMEOUT).
   */
  HungTaskWatchdog(Era era, long timeoutNanos) {
    this.era = era;
    this.timeoutNanos = timeoutNanos;
    this.timeoutSecs = timeoutNanos / NANOS_PER_SEC;
  }

  /** The timeout khungtaskd sleeps; 0: it never checks. */
  long timeoutNanos() {
    return timeoutNanos;
  }

  /** sysctl_hung_task_timeout_secs, as the file and the report print it (%lu). */
  String timeoutSecs() {
    return Long.toUnsignedString(timeoutSecs);
  }

  /**
   * The first check strictly after {@code nanos}, or {@link Long#MAX_VALUE} when it never checks.
   */
  long nextCheckAfter(long nanos) {
    if (timeoutNanos == 0) {
      return Long.MAX_VALUE;
    }
    long since = Math.max(0, nanos - epochNanos);
    return epochNanos + (since / timeoutNanos + 1) * timeoutNanos;
  }

  /** The file's text: {@code "%lu\n"}. */
  String read() {
    return timeoutSecs() + "\n";
  }

  /**
   * A write at {@code now}: null when it was taken (the watchdog's sleep starts again then, with
   * the value written if it was in range), else the errno.
   */
  Errno write(String data, long now) {
    String text = data.stripLeading();
    boolean negative = text.startsWith("-") && text.length() > 1;
    String digits = negative ? text.substring(1) : text;
    int end = 0;
    long value;
    try {
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        end = 2 + run(digits, 2, 16);
        value = end == 2 ? 0 : Long.parseUnsignedLong(digits.substring(2, end), 16);
        end = end == 2 ? 1 : end; // "0x" alone is the 0 before the x
      } else if (digits.startsWith("0")) {
        end = 1 + run(digits, 1, 8);
        value = end == 1 ? 0 : Long.parseUnsignedLong(digits.substring(1, end), 8);
      } else {
        end = run(digits, 0, 10);
        if (end == 0) {
          return Errno.EINVAL; // not a number: nothing was converted
        }
        value = Long.parseUnsignedLong(digits.substring(0, end), 10);
      }
    } catch (NumberFormatException e) {
      value = -1; // past 2^64: out of range (4.x, 6.x), ULONG_MAX's seconds in 2.6.32
    }
    if (!digits.substring(end).isBlank()) {
      return Errno.EINVAL; // "120s": the number does not end at a blank
    }
    boolean inRange =
        !negative && (!era.atLeast(Era.V4_X) || Long.compareUnsigned(value, TIMEOUT_MAX) <= 0);
    if (!inRange && era.atLeast(Era.V6_X)) {
      return Errno.EINVAL;
    }
    if (inRange) {
      timeoutSecs = value;
      timeoutNanos =
          Long.compareUnsigned(value, Long.MAX_VALUE / NANOS_PER_SEC) > 0
              ? Long.MAX_VALUE
              : value * NANOS_PER_SEC;
    }
    epochNanos = now; // wake_up_process: the sleep begins again, whatever was written
    return null;
  }

  /** How many digits of {@code radix} follow {@code from}. */
  private static int run(String s, int from, int radix) {
    int i = from;
    while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
      i++;
    }
    return i - from;
  }
}
