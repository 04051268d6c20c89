package org.kmodsim.userspace.utillinux;

import java.util.List;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ToolExit;

/**
 * The dmesg of the older eras, pure: util-linux 2.11y's for 2.4 and util-linux-ng 2.17.2's for
 * 2.6.32 (sys-utils/dmesg.c main() of both tags). getopt(3) over {@code "cn:s:"} (2.17.2: {@code
 * "crn:s:"}), with the glibc of the day's messages (2.4: glibc 2.3, unquoted; 2.6.32: glibc 2.11);
 * any {@code '?'}, or more than one operand, prints usage() on stderr and exits 1. {@code -n} and
 * {@code -s} take atoi(optarg) (junk is 0, nothing is checked: the kernel refuses a bad level);
 * {@code -c} reads with action 4, {@code -n} calls action 8 and prints nothing, the last of the two
 * wins; {@code -s} below 4096 is 4096 (2.11y: the default 16392 too). {@link DmesgRead} makes the
 * calls and prints the text.
 */
final class DmesgLegacy {
  private DmesgLegacy() {}

  /** usage() of util-linux-ng 2.17.2 ({@code ng}) or util-linux 2.11y. */
  static String usage(boolean ng) {
    return ng
        ? "Usage: dmesg [-c] [-n level] [-r] [-s bufsize]\n"
        : "Usage: dmesg [-c] [-n level] [-s bufsize]\n";
  }

  static DmesgCommandLine.Parsed parse(List<String> args, boolean ng) {
    GetoptLong.Result line = GetoptLong.getopt("dmesg", ng ? "crn:s:" : "cn:s:", args, ng);
    DmesgOptions.Builder b = new DmesgOptions.Builder();
    b.bufferSize = ng ? 0 : 16392;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'c' -> b.action = Syslog.READ_CLEAR;
        case 'n' -> {
          b.action = Syslog.CONSOLE_LEVEL;
          b.consoleLevel = atoi(option.arg());
        }
        case 'r' -> b.raw = true;
        case 's' -> b.bufferSize = ng ? Math.max(4096, atoi(option.arg())) : atoi(option.arg());
        default -> {
          // '?': the parse stopped there, below
        }
      }
    }
    if (line.failed()) {
      return exit(new ToolExit("", line.error() + "\n" + usage(ng), 1));
    } else if (line.operands().size() > 1) {
      return exit(new ToolExit("", usage(ng), 1));
    }
    if (!ng) {
      b.bufferSize = Math.max(4096, b.bufferSize);
    }
    b.legacy = new DmesgOptions.Legacy(b.action, ng);
    return new DmesgCommandLine.Parsed(b.build(), null);
  }

  private static DmesgCommandLine.Parsed exit(ToolExit exit) {
    return new DmesgCommandLine.Parsed(null, exit);
  }

  /**
   * atoi(3) as glibc's (strtol, then cast to int): leading blanks, a sign, the digits up to the
   * first other character; none is 0; an overflow is LONG_MIN/LONG_MAX cast to int (0 or -1).
   */
  static int atoi(String text) {
    int at = 0;
    while (at < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    boolean negative = at < text.length() && text.charAt(at) == '-';
    if (at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
      at++;
    }
    int end = at;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    if (end == at) {
      return 0;
    }
    long value;
    try {
      value = Long.parseLong(text.substring(at, end));
      value = negative ? -value : value;
    } catch (NumberFormatException e) {
      value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return (int) value;
  }
}
