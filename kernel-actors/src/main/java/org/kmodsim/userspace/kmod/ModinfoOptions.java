package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;

/**
 * modinfo's command line (kmod tools/modinfo.c, cmdopts): {@code -a -d -l -p -n} print one field,
 * {@code -F FIELD} (also {@code -FFIELD}, {@code --field=FIELD}) any, {@code -0} ends entries with
 * NUL. Pure.
 *
 * @param field the one field printed, null for all
 * @param separator {@code '\n'}, or {@code '\0'} with {@code -0}
 */
public record ModinfoOptions(String field, char separator, List<String> targets) {
  public ModinfoOptions {
    targets = List.copyOf(targets);
  }

  /** Throws IllegalArgumentException (one line) for a bad command line. */
  public static ModinfoOptions parse(List<String> args) {
    String field = null;
    char separator = '\n';
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-a", "--author" -> field = "author";
        case "-d", "--description" -> field = "description";
        case "-l", "--license" -> field = "license";
        case "-p", "--parameters" -> field = "parm";
        case "-n", "--filename" -> field = "filename";
        case "-0", "--null" -> separator = '\0';
        case "-F", "--field" -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("option requires an argument -- 'F'");
          }
          field = args.get(++i);
        }
        default -> {
          if (arg.startsWith("--field=")) {
            field = arg.substring("--field=".length());
          } else if (arg.startsWith("-F") && arg.length() > 2) {
            field = arg.substring(2);
          } else if (arg.startsWith("-") && arg.length() > 1) {
            throw new IllegalArgumentException("invalid option -- '" + arg.substring(1) + "'");
          } else {
            targets.add(arg);
          }
        }
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("missing module or filename");
    }
    return new ModinfoOptions(field, separator, targets);
  }
}
