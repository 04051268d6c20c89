package org.kmodsim.userspace.utillinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;
import org.kmodsim.userspace.ToolExit;

/**
 * util-linux 2.38.1 dmesg's main() command line (sys-utils/dmesg.c): getopt_long over its {@code
 * longopts} and {@code "CcDdEeF:f:HhJkL::l:n:iPprSs:TtuVWwx"}, err_exclusive_options' groups
 * (include/optutils.h) checked option by option, parse_level and parse_facility through
 * string_to_bitarray (lib/strutils.c), strtou32_or_err for {@code -s}, and "bad usage" for an
 * operand. Options the model does not render ({@code -d -e -F -H -J -L -w -W --since --until
 * --time-format} other than notime/ctime) end dmesg with one line saying so and exit 2.
 */
final class DmesgCommandLine {
  private DmesgCommandLine() {}

  private static final int OPT_TIME_FORMAT = 128;
  private static final int OPT_NOESC = 129;
  private static final int OPT_SINCE = 130;
  private static final int OPT_UNTIL = 131;

  private static final List<LongOption> LONG_OPTIONS =
      List.of(
          option("buffer-size", HasArg.REQUIRED, 's'),
          option("clear", HasArg.NO, 'C'),
          option("color", HasArg.OPTIONAL, 'L'),
          option("console-level", HasArg.REQUIRED, 'n'),
          option("console-off", HasArg.NO, 'D'),
          option("console-on", HasArg.NO, 'E'),
          option("decode", HasArg.NO, 'x'),
          option("file", HasArg.REQUIRED, 'F'),
          option("facility", HasArg.REQUIRED, 'f'),
          option("follow", HasArg.NO, 'w'),
          option("follow-new", HasArg.NO, 'W'),
          option("human", HasArg.NO, 'H'),
          option("help", HasArg.NO, 'h'),
          option("json", HasArg.NO, 'J'),
          option("kernel", HasArg.NO, 'k'),
          option("level", HasArg.REQUIRED, 'l'),
          option("since", HasArg.REQUIRED, OPT_SINCE),
          option("syslog", HasArg.NO, 'S'),
          option("raw", HasArg.NO, 'r'),
          option("read-clear", HasArg.NO, 'c'),
          option("reltime", HasArg.NO, 'e'),
          option("show-delta", HasArg.NO, 'd'),
          option("ctime", HasArg.NO, 'T'),
          option("noescape", HasArg.NO, OPT_NOESC),
          option("notime", HasArg.NO, 't'),
          option("nopager", HasArg.NO, 'P'),
          option("until", HasArg.REQUIRED, OPT_UNTIL),
          option("userspace", HasArg.NO, 'u'),
          option("version", HasArg.NO, 'V'),
          option("time-format", HasArg.REQUIRED, OPT_TIME_FORMAT),
          option("force-prefix", HasArg.NO, 'p'));

  /** excl[]: rows and columns in ASCII order. */
  private static final String[] EXCLUSIVE = {
    "CDEcnr", "Hr", "Lr", "Sw", "Tr", "dr", "er", "rx", "rt"
  };

  static final String[] LEVELS = {
    "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"
  };
  static final String[] FACILITIES = {
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp"
  };

  private static final String TRY_HELP = "Try 'dmesg --help' for more information.";

  private static LongOption option(String name, HasArg hasArg, int val) {
    return new LongOption(name, hasArg, val);
  }

  /** Thrown where dmesg calls errx or errtryhelp; the message is what it printed. */
  private static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ToolExit exit;

    Exit(ToolExit exit) {
      super(null, null, false, false);
      this.exit = exit;
    }
  }

  private static Exit errx(String message) {
    return new Exit(ToolExit.failure(1, "dmesg: " + message));
  }

  /** The options, or how dmesg ends while reading them. */
  record Parsed(DmesgOptions options, ToolExit exit) {}

  static Parsed parse(List<String> args) {
    try {
      return new Parsed(options(args), null);
    } catch (Exit e) {
      return new Parsed(null, e.exit);
    }
  }

  private static DmesgOptions options(List<String> args) {
    GetoptLong.Result line =
        GetoptLong.parse("dmesg", "CcDdEeF:f:HhJkL::l:n:iPprSs:TtuVWwx", LONG_OPTIONS, args);
    DmesgOptions.Builder b = new DmesgOptions.Builder();
    int[] status = new int[EXCLUSIVE.length];
    for (GetoptLong.Option option : line.options()) {
      exclusive(option.val(), status);
      apply(option, b);
    }
    if (line.failed()) {
      throw new Exit(ToolExit.failure(1, line.error() + "\n" + TRY_HELP));
    } else if (!line.operands().isEmpty()) {
      throw new Exit(ToolExit.failure(1, "dmesg: bad usage\n" + TRY_HELP));
    }
    return b.build();
  }

  private static void apply(GetoptLong.Option option, DmesgOptions.Builder b) {
    String arg = option.arg();
    switch (option.val()) {
      case 'C' -> b.action = Syslog.CLEAR;
      case 'c' -> b.action = Syslog.READ_CLEAR;
      case 'D' -> b.action = Syslog.CONSOLE_OFF;
      case 'E' -> b.action = Syslog.CONSOLE_ON;
      case 'n' -> {
        b.action = Syslog.CONSOLE_LEVEL;
        b.consoleLevel = level(arg, arg.length(), 1);
      }
      case 'l' -> b.levels = bits(arg, true);
      case 'f' -> b.facilities = bits(arg, false);
      case 'k' -> b.addFacilities(0, 1);
      case 'u' -> b.addFacilities(1, FACILITIES.length);
      case 'r' -> b.raw = true;
      case 'S' -> b.forceSyslog = true;
      case 's' -> b.bufferSize = Math.max(4096, bufferSize(arg));
      case 'T' -> b.ctime = true;
      case 't' -> b.notime = true;
      case 'x' -> b.names = true;
      case 'P', 'p', OPT_NOESC -> {
        // no pager in the model; no multi-line records; nothing unprintable to escape
      }
      case OPT_TIME_FORMAT -> timeFormat(arg, b);
      case 'h' -> throw new Exit(ToolExit.printed(DmesgHelp.TEXT));
      case 'V' -> throw new Exit(ToolExit.printed("dmesg from util-linux 2.38.1\n"));
      default -> {
        String name =
            option.longName() != null ? "--" + option.longName() : "-" + (char) option.val();
        throw new Exit(ToolExit.failure(2, "dmesg: " + name + " is not modelled"));
      }
    }
  }

  private static void timeFormat(String format, DmesgOptions.Builder b) {
    switch (format) {
      case "notime" -> b.notime = true;
      case "ctime" -> b.ctime = true;
      case "delta", "reltime", "iso" ->
          throw new Exit(
              ToolExit.failure(2, "dmesg: --time-format " + format + " is not modelled"));
      default -> throw errx("unknown time format: " + format);
    }
  }

  /** err_exclusive_options: the first option of a group seen, and the message for a second. */
  private static void exclusive(int c, int[] status) {
    for (int e = 0; e < EXCLUSIVE.length && EXCLUSIVE[e].charAt(0) <= c; e++) {
      String group = EXCLUSIVE[e];
      if (group.indexOf(c) < 0) {
        continue;
      }
      if (status[e] == 0) {
        status[e] = c;
      } else if (status[e] != c) {
        StringBuilder message = new StringBuilder("dmesg: mutually exclusive arguments:");
        for (char op : group.toCharArray()) {
          message.append(" --").append(longName(op));
        }
        throw new Exit(ToolExit.failure(1, message.toString()));
      }
    }
  }

  private static String longName(int val) {
    return LONG_OPTIONS.stream().filter(o -> o.val() == val).findFirst().orElseThrow().name();
  }

  /** string_to_bitarray: each comma-separated name; a name's message shows the rest of the list. */
  private static List<Integer> bits(String list, boolean levels) {
    List<Integer> bits = new ArrayList<>();
    int begin = -1;
    for (int p = 0; p < list.length(); p++) {
      if (begin < 0) {
        begin = p;
      }
      int end = list.charAt(p) == ',' ? p : -1;
      end = p + 1 == list.length() ? p + 1 : end;
      if (end < 0) {
        continue;
      } else if (end <= begin) {
        throw new Exit(new ToolExit("", "", 1)); // "return EXIT_FAILURE", no message
      }
      String rest = list.substring(begin);
      int len = end - begin;
      bits.add(levels ? level(rest, len, 0) : facility(rest, len));
      begin = -1;
      if (end == list.length()) {
        break;
      }
    }
    return bits;
  }

  /** parse_level: a number (minus {@code offset}) below 8, or a level name; -n's offset is 1. */
  static int level(String str, int len, int offset) {
    int found = lookup(str, len, LEVELS, offset);
    if (found < 0) {
      throw errx("unknown level '" + str + "'");
    }
    return found + offset;
  }

  private static int facility(String str, int len) {
    int found = lookup(str, len, FACILITIES, 0);
    if (found < 0) {
      throw errx("unknown facility '" + str + "'");
    }
    return found;
  }

  private static int lookup(String str, int len, String[] names, int offset) {
    if (str.isEmpty()) {
      return -1;
    } else if (Character.isDigit(str.charAt(0))) {
      int digits = 0;
      while (digits < str.length() && Character.isDigit(str.charAt(digits))) {
        digits++;
      }
      if (digits != len) {
        return -1;
      }
      long x;
      try {
        x = Long.parseLong(str.substring(0, digits)) - offset;
      } catch (NumberFormatException e) {
        String what = names == LEVELS ? "level" : "facility";
        throw errx("failed to parse " + what + " '" + str + "': Numerical result out of range");
      }
      return x >= 0 && x < names.length ? (int) x : -1;
    }
    String name = str.substring(0, Math.min(len, str.length())).toLowerCase(Locale.ROOT);
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** strtou32_or_err(optarg, "invalid buffer size argument"). */
  private static int bufferSize(String text) {
    String message = "invalid buffer size argument: '" + text + "'";
    String digits = text.strip();
    digits = digits.startsWith("+") ? digits.substring(1) : digits;
    if (digits.startsWith("-")) {
      throw errx(message + ": Numerical result out of range");
    } else if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      throw errx(message);
    }
    try {
      long value = Long.parseLong(digits);
      if (value > 0xffff_ffffL) {
        throw new NumberFormatException();
      }
      return (int) Math.min(value, Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      throw errx(message + ": Numerical result out of range");
    }
  }
}
