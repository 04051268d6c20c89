package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ToolExit;

/**
 * modutils 2.4.27's lsmod (insmod/lsmod.c main), pure: getopt_long over {@code "Vh"}, the header
 * with the taint letters ({@code "Tainted: %c%c%c"}: P or G, F or space, S or space) or {@code "Not
 * tainted"} after {@code "Used by "}, and then, for root, each module as {@code "%-20s%8lu%4ld "}
 * and its flags and {@code [refs]} from query_module (the model reads them back from /proc/modules,
 * which has the same fields); for another user /proc/modules as it is.
 */
final class Lsmod24 {
  private Lsmod24() {}

  static final String USAGE =
      "Usage:\n"
          + "lsmod [-Vh]\n"
          + "\n"
          + " -V, --version    Print the release version\n"
          + " -h, --help       Print this message\n";

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(KmodOptions.noArg("version", 'V'), KmodOptions.noArg("help", 'h'));

  /** How lsmod ends reading its command line, or null when it lists the modules. */
  static ToolExit parse(List<String> args) {
    // glibc 2.3 (the 2.4 era's C library): getopt's unquoted messages
    GetoptLong.Result line = GetoptLong.parse("lsmod", "Vh", LONG_OPTIONS, args, false);
    for (GetoptLong.Option option : line.options()) {
      return option.val() == 'V'
          ? new ToolExit("", "lsmod version 2.4.27\n", 0) // fputs(..., stderr)
          : new ToolExit("", USAGE, 0);
    }
    return line.failed() ? new ToolExit("", line.error() + "\n" + USAGE, 1) : null;
  }

  static String header(long tainted) {
    String state =
        tainted == 0
            ? "Not tainted"
            : "Tainted: "
                + ((tainted & 1) != 0 ? 'P' : 'G')
                + ((tainted & 2) != 0 ? 'F' : ' ')
                + ((tainted & 4) != 0 ? 'S' : ' ');
    return "Module                  Size  Used by    " + state + "\n";
  }

  static String render(String procModules, long tainted, boolean root) {
    if (!root) {
      return header(tainted) + procModules; // "FIXME: non-root format..."
    }
    StringBuilder out = new StringBuilder(header(tainted));
    for (String raw : procModules.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      String[] fields = raw.trim().split("\\s+", 4);
      boolean counted = fields.length > 2 && fields[2].matches("-?\\d+");
      long count = counted ? Long.parseLong(fields[2]) : 0;
      int restAt = counted ? 3 : 2;
      String rest =
          fields.length > restAt
              ? String.join(" ", java.util.Arrays.copyOfRange(fields, restAt, fields.length))
              : "";
      out.append(String.format("%-20s%8d%4d ", fields[0], Long.parseLong(fields[1]), count));
      out.append(rest.isEmpty() ? "" : " " + rest).append('\n');
    }
    return out.toString();
  }
}
