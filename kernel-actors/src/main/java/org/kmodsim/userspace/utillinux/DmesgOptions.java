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
    boolean names,
    boolean forceSyslog,
    List<Integer> levels) {
  static final int READ = -1;

  /** -T: boot time plus the timestamp; the model boots at the epoch. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final String[] FACILITIES = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"
  };

  static DmesgOptions parse(List<String> args) {
    List<Integer> actions = new ArrayList<>();
    List<String> exclusive = new ArrayList<>();
    boolean raw = false;
    boolean ctime = false;
    boolean names = false;
    boolean syslog = false;
    int level = 0;
    List<Integer> levels = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-c", "--read-clear" -> {
          exclusive.add(a);
          actions.addAll(List.of(READ, Syslog.CLEAR));
        }
        case "-C", "--clear" -> exclusive(exclusive, a, actions, Syslog.CLEAR);
        case "-D", "--console-off" -> exclusive(exclusive, a, actions, Syslog.CONSOLE_OFF);
        case "-E", "--console-on" -> exclusive(exclusive, a, actions, Syslog.CONSOLE_ON);
        case "-n", "--console-level" -> {
          exclusive.add(a);
          level = consoleLevel(argument(args, ++i, 'n'));
          actions.add(Syslog.CONSOLE_LEVEL);
        }
        case "-r", "--raw" -> {
          exclusive.add(a);
          raw = true;
        }
        case "-T", "--ctime" -> ctime = true;
        case "-x", "--decode" -> names = true;
        case "-S", "--syslog" -> syslog = true;
        case "-l", "--level" -> {
          for (String name : argument(args, ++i, 'l').split(",")) {
            levels.add(Loglevel.parse(name).number());
          }
        }
        default -> throw new IllegalArgumentException("invalid option -- '" + a + "'");
      }
    }
    if (exclusive.size() > 1) {
      throw new IllegalArgumentException(
          "mutually exclusive arguments: " + String.join(" ", exclusive));
    }
    if (actions.isEmpty()) {
      actions.add(READ);
    }
    return new DmesgOptions(
        List.copyOf(actions), level, raw, ctime, names, syslog, List.copyOf(levels));
  }

  private static void exclusive(
      List<String> exclusive, String option, List<Integer> actions, int action) {
    exclusive.add(option);
    actions.add(action);
  }

  private static String argument(List<String> args, int i, char option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("option requires an argument -- '" + option + "'");
    }
    return args.get(i);
  }

  /** -n: a number is used as is, a level name as its index + 1 (debug is 8). */
  static int consoleLevel(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return Loglevel.parse(text).number() + 1;
    }
  }

  /** Whether a record of {@code level} is shown (-l). */
  boolean shows(int level) {
    return levels.isEmpty() || levels.contains(level);
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
      String text = line;
      int end = line.indexOf('>');
      if (line.startsWith("<") && end > 1) {
        level = Integer.parseInt(line.substring(1, end)) & 7;
        text = line.substring(end + 1);
      }
      if (shows(level)) {
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
      return new SyslogCall(Syslog.READ_ALL, 1 << 24);
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
