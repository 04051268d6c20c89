package org.kmodsim.kernel.printk;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.kernel.Era;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The user-space side of the log: {@code syslog ACTION [LEN]} (klogctl(3), prints what a read
 * returned and sets the C return value) and {@code dmesg} (util-linux sys-utils/dmesg.c) with
 * {@code -c -C -n LEVEL -D -E -r -T -l LEVELS -S -x} mapped to syslog actions as util-linux does:
 * records come from /dev/kmsg (3.5+) or syslog action 3 (older kernels, or -S).
 */
public final class SyslogSteps {
  private SyslogSteps() {}

  static void register(Commands commands, Era era) {
    commands.register("syslog", "syslog ACTION(0-10) [LEN]", SyslogSteps::syslog);
    commands.register("dmesg", "dmesg [-c|-C|-D|-E|-n LEVEL] [-r] [-T] [-x] [-S] [-l LIST]",
        args -> Dmesg.parse(args, era));
  }

  static Step syslog(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs an action and maybe a length");
    }
    try {
      int type = Integer.parseInt(args.get(0));
      int len = args.size() > 1 ? Integer.parseInt(args.get(1)) : 0;
      return new SyslogStep(type, len);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("action and length are numbers");
    }
  }

  /** syslog(2): read actions print the bytes read; errors print strerror and exit 1. */
  record SyslogStep(int type, int len) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Printk.KEY),
          new Printk.SyslogCall(type, len, cpu.cred(), false, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      Syslog.Result result = ((Printk.SyslogReply) reply).result();
      cpu.setResult(result.value());
      if (result.errno() != null) {
        cpu.err("syslog: " + result.errno().message() + "\n");
        cpu.exit(1);
      } else {
        cpu.out(result.data());
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "syslog";
    }
  }

  /**
   * dmesg: a list of syslog actions; {@code READ} stands for the record read (/dev/kmsg or
   * action 3).
   */
  record Dmesg(List<Integer> actions, int consoleLevel, boolean raw, boolean ctime,
      boolean names, boolean forceSyslog, List<Integer> levels, Era era) implements Step {
    static final int READ = -1;
    private static final String POSITION = "$dmesg";

    static Dmesg parse(List<String> args, Era era) {
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
          case "-c": case "--read-clear":
            exclusive.add(a);
            actions.add(READ);
            actions.add(Syslog.CLEAR);
            break;
          case "-C": case "--clear":
            exclusive.add(a);
            actions.add(Syslog.CLEAR);
            break;
          case "-D": case "--console-off":
            exclusive.add(a);
            actions.add(Syslog.CONSOLE_OFF);
            break;
          case "-E": case "--console-on":
            exclusive.add(a);
            actions.add(Syslog.CONSOLE_ON);
            break;
          case "-n": case "--console-level":
            exclusive.add(a);
            if (++i >= args.size()) {
              throw new IllegalArgumentException("option requires an argument -- 'n'");
            }
            level = consoleLevel(args.get(i));
            actions.add(Syslog.CONSOLE_LEVEL);
            break;
          case "-r": case "--raw":
            exclusive.add(a);
            raw = true;
            break;
          case "-T": case "--ctime":
            ctime = true;
            break;
          case "-x": case "--decode":
            names = true;
            break;
          case "-S": case "--syslog":
            syslog = true;
            break;
          case "-l": case "--level":
            if (++i >= args.size()) {
              throw new IllegalArgumentException("option requires an argument -- 'l'");
            }
            for (String name : args.get(i).split(",")) {
              levels.add(Loglevel.parse(name).number());
            }
            break;
          default:
            throw new IllegalArgumentException("invalid option -- '" + a + "'");
        }
      }
      if (exclusive.size() > 1) {
        throw new IllegalArgumentException("mutually exclusive arguments: "
            + String.join(" ", exclusive));
      }
      if (actions.isEmpty()) {
        actions.add(READ);
      }
      return new Dmesg(List.copyOf(actions), level, raw, ctime, names, syslog,
          List.copyOf(levels), era);
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
      cpu.setVariable(POSITION, 0);
      return next(cpu);
    }

    private StepResult next(CpuContext cpu) {
      int index = (int) cpu.variable(POSITION);
      if (index == actions.size()) {
        return StepResult.NEXT;
      }
      int action = actions.get(index);
      if (action == READ && era.atLeast(Era.V4_X) && !forceSyslog) {
        cpu.send(cpu.services().get(Printk.KEY),
            new Printk.ReadRecords(true, cpu.cred(), cpu.replyTo()));
      } else {
        int type = action == READ ? Syslog.READ_ALL : action;
        int len = action == READ ? 1 << 24 : action == Syslog.CONSOLE_LEVEL ? consoleLevel : 0;
        cpu.send(cpu.services().get(Printk.KEY),
            new Printk.SyslogCall(type, len, cpu.cred(), false, cpu.replyTo()));
      }
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      int index = (int) cpu.variable(POSITION);
      boolean read = actions.get(index) == READ;
      if (reply instanceof Printk.RecordsReply) {
        Printk.RecordsReply records = (Printk.RecordsReply) reply;
        if (records.errno() != null) {
          return fail(cpu, "read kernel buffer failed: " + records.errno().message());
        }
        for (PrintkRecord record : records.records()) {
          if (levels.isEmpty() || levels.contains(record.level())) {
            cpu.out(line(record));
          }
        }
      } else {
        Syslog.Result result = ((Printk.SyslogReply) reply).result();
        if (result.errno() != null) {
          return fail(cpu, (read ? "read kernel buffer failed: " : "klogctl failed: ")
              + result.errno().message());
        }
        if (read) {
          printSyslogText(cpu, result.data());
        }
      }
      cpu.setVariable(POSITION, index + 1);
      return next(cpu);
    }

    private StepResult fail(CpuContext cpu, String message) {
      cpu.err("dmesg: " + message + "\n");
      cpu.exit(1);
      return StepResult.NEXT;
    }

    private String line(PrintkRecord record) {
      StringBuilder out = new StringBuilder();
      if (names) {
        out.append(String.format("%-6s:%-6s: ", facilityName(record.facility()),
            Loglevel.of(record.level()).syslogName()));
      }
      if (raw) {
        out.append('<').append(record.priority()).append('>')
            .append(PrintkTime.stamp(record.tsNanos())).append(' ');
      } else if (ctime) {
        out.append('[').append(CTIME.format(Instant.ofEpochSecond(0, record.tsNanos())))
            .append("] ");
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
        if (!levels.isEmpty() && !levels.contains(level)) {
          continue;
        }
        cpu.out((raw ? line : text) + "\n");
      }
    }

    private static String facilityName(int facility) {
      String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"};
      return facility < names.length ? names[facility] : "local" + (facility - 16);
    }

    /** -T: boot time plus the timestamp; the model boots at the epoch. */
    private static final DateTimeFormatter CTIME =
        DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String name() {
      return "dmesg";
    }
  }
}
