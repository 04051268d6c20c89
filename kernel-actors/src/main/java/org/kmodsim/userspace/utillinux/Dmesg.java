package org.kmodsim.userspace.utillinux;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.PrintkEra;
import org.kmodsim.kernel.printk.PrintkRecord;
import org.kmodsim.kernel.printk.PrintkTime;
import org.kmodsim.kernel.printk.Syslog;

/**
 * util-linux dmesg (sys-utils/dmesg.c) with {@code -c -C -n LEVEL -D -E -r -T -l LEVELS -S -x}: a
 * list of syslog actions run one after the other, each continuing with the next when its reply
 * arrives; {@link #READ} stands for the record read, from /dev/kmsg (3.5+) or syslog action 3
 * (older kernels, or -S).
 */
public record Dmesg(
    List<Integer> actions,
    int consoleLevel,
    boolean raw,
    boolean ctime,
    boolean names,
    boolean forceSyslog,
    List<Integer> levels,
    Era era)
    implements Step {
  static final int READ = -1;

  /** -T: boot time plus the timestamp; the model boots at the epoch. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final String[] FACILITIES = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"
  };

  public static Dmesg parse(List<String> args, Era era) {
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
    return new Dmesg(
        List.copyOf(actions), level, raw, ctime, names, syslog, List.copyOf(levels), era);
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

  @Override
  public StepResult run(CpuContext cpu) {
    return action(cpu, 0);
  }

  /** Runs action {@code index}; its reply runs the next one. */
  private StepResult action(CpuContext cpu, int index) {
    if (index == actions.size()) {
      return StepResult.NEXT;
    }
    int action = actions.get(index);
    if (action == READ && PrintkEra.of(era).devKmsg() && !forceSyslog) {
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.ReadRecords(true, cpu.cred(), replyTo),
          Printk.RecordsReply.class,
          (c, read) -> {
            if (read.errno() != null) {
              return fail(c, "read kernel buffer failed: " + read.errno().message());
            }
            read.records().stream()
                .filter(record -> levels.isEmpty() || levels.contains(record.level()))
                .forEach(record -> c.out(line(record)));
            return action(c, index + 1);
          });
    }
    int type = action == READ ? Syslog.READ_ALL : action;
    int len = action == READ ? 1 << 24 : action == Syslog.CONSOLE_LEVEL ? consoleLevel : 0;
    return cpu.request(
        Printk.KEY,
        replyTo -> new Printk.SyslogCall(type, len, cpu.cred(), false, replyTo),
        Printk.SyslogReply.class,
        (c, reply) -> {
          Syslog.Result result = reply.result();
          if (result.errno() != null) {
            return fail(
                c,
                (action == READ ? "read kernel buffer failed: " : "klogctl failed: ")
                    + result.errno().message());
          }
          if (action == READ) {
            printSyslogText(c, result.data());
          }
          return action(c, index + 1);
        });
  }

  private static StepResult fail(CpuContext cpu, String message) {
    cpu.err("dmesg: " + message + "\n");
    cpu.exit(1);
    return StepResult.NEXT;
  }

  private String line(PrintkRecord record) {
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
  private void printSyslogText(CpuContext cpu, String data) {
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
      if (levels.isEmpty() || levels.contains(level)) {
        cpu.out((raw ? line : text) + "\n");
      }
    }
  }

  private static String facilityName(int facility) {
    return facility < FACILITIES.length ? FACILITIES[facility] : "local" + (facility - 16);
  }

  @Override
  public String name() {
    return "dmesg";
  }
}
