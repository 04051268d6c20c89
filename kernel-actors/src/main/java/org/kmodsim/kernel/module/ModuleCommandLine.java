package org.kmodsim.kernel.module;

import java.util.List;
import org.kmodsim.kernel.Errno;

/**
 * The module commands' arguments, pure: one module name, {@code MODULE.NAME}, a return value (a
 * number or {@code -ERRNO}). Errors are {@link IllegalArgumentException}s the command registry
 * turns into one line with the synopsis.
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

  /** return VALUE: a number or an errno, -ENODEV. */
  static long returnValue(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expects one value");
    }
    String text = args.get(0);
    long value;
    if (text.matches("-?E[A-Z0-9]+")) {
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
}
