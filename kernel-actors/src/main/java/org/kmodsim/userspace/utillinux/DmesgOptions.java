package org.kmodsim.userspace.utillinux;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.kernel.printk.PrintkRecord;
import org.kmodsim.kernel.printk.PrintkTime;
import org.kmodsim.kernel.printk.Syslog;

/**
 * util-linux dmesg's command line and output (sys-utils/dmesg.c), pure: the options {@code -c -C -n
 * LEVEL -D -E -r -T -l LEVELS -S -x} as the list of syslog actions to run ({@link #READ} stands for
 * the record read) and the print options, and the lines a record or syslog's text becomes. {@link
 * Dmesg} runs the actions.
 */
record DmesgOptions(
    List<Integer> actions,
    int consoleLevel,
    boolean raw,
    boolean ctime,
    boolean notime,
    boolean names,
    boolean forceSyslog,
    List<Integer> levels,
    List<Integer> facilities,
    int bufferSize,
    Legacy legacy) {
  static final int READ = -1;

  /**
   * The dmesg of the 2.4 and 2.6 eras (util-linux 2.11y, util-linux-ng 2.17.2; {@link
   * DmesgLegacy}): one syslog call of {@code readType} (3, or 4 for -c), its text with each line's
   * {@code <N>} taken off (kept by 2.17.2's -r), errors as perror("klogctl").
   *
   * @param ng util-linux-ng 2.17.2: without -s the buffer is sized by klogctl(10) first, then read
   *     with 8 bytes more
   */
  record Legacy(int readType, boolean ng) {}

  /** -T: boot time plus the timestamp; the model boots at the epoch. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final String[] FACILITIES = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"
  };

  DmesgOptions {
    actions = List.copyOf(actions);
    levels = levels == null ? null : List.copyOf(levels);
    facilities = facilities == null ? null : List.copyOf(facilities);
  }

  /** What main()'s option loop sets in {@code struct dmesg_control} ({@link DmesgCommandLine}). */
  static final class Builder {
    int action = Syslog.READ_ALL;
    int consoleLevel;
    boolean raw;
    boolean ctime;
    boolean notime;
    boolean names;
    boolean forceSyslog;
    List<Integer> levels;
    List<Integer> facilities;
    int bufferSize;
    Legacy legacy;

    void addFacilities(int from, int to) {
      facilities = facilities == null ? new ArrayList<>() : new ArrayList<>(facilities);
      for (int f = from; f < to; f++) {
        facilities.add(f);
      }
    }

    DmesgOptions build() {
      List<Integer> actions =
          switch (action) {
            case Syslog.READ_ALL, Syslog.READ_CLEAR -> reads();
            default -> List.of(action);
          };
      return new DmesgOptions(
          actions,
          consoleLevel,
          raw,
          ctime,
          notime,
          names,
          forceSyslog,
          levels,
          facilities,
          bufferSize,
          legacy);
    }

    private List<Integer> reads() {
      if (legacy == null) {
        return action == Syslog.READ_CLEAR ? List.of(READ, Syslog.CLEAR) : List.of(READ);
      }
      return legacy.ng() && bufferSize == 0 ? List.of(Syslog.SIZE_BUFFER, READ) : List.of(READ);
    }
  }

  /** Whether a record of {@code level} and {@code facility} is shown (-l, -f, -k, -u). */
  boolean shows(int level, int facility) {
    return (levels == null || levels.contains(level))
        && (facilities == null || facilities.contains(facility));
  }

  /** dmesg's check after init_kmsg: filters on the raw syslog(2) text are refused. */
  boolean rawFilteredSyslog() {
    return raw && (levels != null || facilities != null);
  }

  /** A record read from /dev/kmsg as dmesg prints it. */
  String line(PrintkRecord record) {
    StringBuilder out = new StringBuilder();
    if (names) {
      out.append(
          String.format(
              "%-6s:%-6s: ",
              facilityName(record.facility()), Loglevel.of(record.level()).syslogName()));
    }
    if (raw) {
      out.append('<')
          .append(record.priority())
          .append('>')
          .append(PrintkTime.stamp(record.tsNanos()))
          .append(' ');
    } else if (notime) {
      // -t: no timestamp
    } else if (ctime) {
      out.append('[').append(CTIME.format(Instant.ofEpochSecond(0, record.tsNanos()))).append("] ");
    } else {
      out.append(PrintkTime.prefix(record.tsNanos()));
    }
    return out.append(record.text()).append('\n').toString();
  }

  /** Syslog action 3 text: "&lt;N&gt;" lines, shown without the tag unless -r. */
  List<String> syslogLines(String data) {
    List<String> lines = new ArrayList<>();
    for (String line : data.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int level = -1;
      int facility = -1;
      String text = line;
      int end = line.indexOf('>');
      if (line.startsWith("<") && end > 1) {
        int priority = Integer.parseInt(line.substring(1, end));
        level = priority & 7;
        facility = priority >> 3;
        text = line.substring(end + 1);
      }
      if (notime && !raw && text.startsWith("[") && text.indexOf("] ") > 0) {
        text = text.substring(text.indexOf("] ") + 2);
      }
      if (shows(level, facility)) {
        lines.add((raw ? line : text) + "\n");
      }
    }
    return lines;
  }

  private static String facilityName(int facility) {
    return facility < FACILITIES.length ? FACILITIES[facility] : "local" + (facility - 16);
  }

  /** A syslog(2) call: its type and length. */
  record SyslogCall(int type, int len) {}

  /** The call an action makes (READ: SYSLOG_ACTION_READ_ALL of the whole buffer). */
  SyslogCall syslogCall(int action) {
    if (action == READ) {
      return new SyslogCall(Syslog.READ_ALL, bufferSize > 0 ? bufferSize : 1 << 24);
    }
    return new SyslogCall(action, action == Syslog.CONSOLE_LEVEL ? consoleLevel() : 0);
  }

  /** dmesg's message when an action fails with {@code errno}. */
  static String failed(int action, Errno errno) {
    return "dmesg: "
        + (action == READ ? "read kernel buffer failed: " : "klogctl failed: ")
        + errno.message()
        + "\n";
  }
}
