package org.kmodsim.userspace.coreutils;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Utsname;

/**
 * uname's options (coreutils 9.1 src/uname.c), pure: the fields asked for, as their option letters
 * ({@code a} for all), or the error message coreutils prints for the first bad argument.
 */
record UnameCommand(String asked, String error) {
  /** The fields in output order, as short and long options. */
  private static final String LETTERS = "snrvmpio";

  private static final List<String> LONG =
      List.of(
          "kernel-name nodename kernel-release kernel-version machine processor hardware-platform"
              .concat(" operating-system")
              .split(" "));

  static UnameCommand parse(List<String> args) {
    String asked = ""; // the fields asked for, as letters; 'a' for --all
    String error = null;
    for (int i = 0; i < args.size() && error == null; i++) {
      String arg = args.get(i);
      int field = arg.startsWith("--") ? LONG.indexOf(arg.substring(2)) : -1;
      if (arg.equals("--all") || field >= 0) {
        asked += field >= 0 ? LETTERS.charAt(field) : 'a';
      } else if (arg.startsWith("--")) {
        error = "uname: unrecognized option '" + arg + "'";
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (char c : arg.substring(1).toCharArray()) {
          if (c == 'a' || LETTERS.indexOf(c) >= 0) {
            asked += c;
          } else if (error == null) {
            error = "uname: invalid option -- '" + c + "'";
          }
        }
      } else {
        error = "uname: extra operand '" + arg + "'";
      }
    }
    return new UnameCommand(
        asked, error == null ? null : error + "\nTry 'uname --help' for more information.\n");
  }

  /** -a: all but the two "unknown" ones (processor, hardware platform); none asked: -s. */
  String line(Utsname uts) {
    String[] values = {
      uts.sysname(),
      uts.nodename(),
      uts.release(),
      uts.version(),
      uts.machine(),
      "unknown",
      "unknown",
      "GNU/Linux"
    };
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      boolean unknown = i == 5 || i == 6;
      boolean wanted = asked.indexOf(LETTERS.charAt(i)) >= 0 || (asked.isEmpty() && i == 0);
      if (asked.contains("a") ? !unknown : wanted) {
        fields.add(values[i]);
      }
    }
    return String.join(" ", fields) + "\n";
  }
}
