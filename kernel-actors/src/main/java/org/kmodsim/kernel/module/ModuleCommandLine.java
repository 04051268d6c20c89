package org.kmodsim.kernel.module;

import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The module commands' arguments, pure: one module name, {@code MODULE.NAME}, a return value (a
 * number or {@code -ERRNO}), WARN_ON's site. Errors are {@link IllegalArgumentException}s the
 * command registry turns into one line with the synopsis.
 */
final class ModuleCommandLine {
  private ModuleCommandLine() {}

  static String name(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expects one module name");
    }
    return args.get(0);
  }

  static String[] dotted(List<String> args) {
    String target = name(args);
    int dot = target.indexOf('.');
    if (dot <= 0 || dot == target.length() - 1) {
      throw new IllegalArgumentException("expects MODULE.NAME, not '" + target + "'");
    }
    return new String[] {target.substring(0, dot), target.substring(dot + 1)};
  }

  private static final java.util.regex.Pattern ERRNO =
      java.util.regex.Pattern.compile("-?E[A-Z0-9]+");

  /** return VALUE: a number or an errno, -ENODEV. */
  static long returnValue(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expects one value");
    }
    String text = args.get(0);
    long value;
    if (ERRNO.matcher(text).matches()) {
      boolean negative = text.startsWith("-");
      Errno errno = Errno.parse(text);
      value = negative ? errno.negative() : errno.number();
    } else {
      try {
        value = Long.decode(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value '" + text + "'");
      }
    }
    return value;
  }

  /**
   * WARN_ON's site: MODULE FUNCTION FILE LINE, as the module file's loader writes them (never a
   * program's own line); 2.4 had no WARN_ON.
   */
  static WarnText.Site warnOnSite(List<String> args, Era era) {
    if (era == Era.V2_4) {
      throw new IllegalArgumentException("2.4 has no WARN_ON (it came in 2.6)");
    }
    try {
      if (args.size() == 4) {
        int line = Integer.parseInt(args.get(3));
        return new WarnText.Site(args.get(0), args.get(1), args.get(2), line);
      }
    } catch (NumberFormatException e) {
      // not a line number: not written by the loader either
    }
    throw new IllegalArgumentException("only in a module's code");
  }
}
