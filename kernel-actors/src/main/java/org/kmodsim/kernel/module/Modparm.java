package org.kmodsim.kernel.module;

/**
 * The 2.4 MODULE_PARM type string (include/linux/module.h 2.4; modutils insmod/insmod.c
 * check_module_parameter): {@code [min[-max]]{b,h,i,l,s}} or {@code [min[-max]]c<size>}, e.g.
 * {@code "i"}, {@code "1-4i"}, {@code "s"}, {@code "c20"} (a char[20]). modutils' insmod parsed
 * values by it. A declaration check_module_parameter would warn about (max below min, no size after
 * {@code c}, an unknown letter or modifier) is refused when the file is read.
 */
public final class Modparm {
  private Modparm() {}

  /**
   * Returns the element type; {@code counts} receives min and max element counts and, for {@code
   * c}, the buffer size (0 otherwise).
   */
  static ParamType parse(String text, int[] counts) {
    String t = text.trim();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    int min = 1;
    int max = 1;
    try {
      if (i > 0) {
        min = Integer.parseInt(t.substring(0, i));
        max = min;
        if (i < t.length() && t.charAt(i) == '-') {
          int from = ++i;
          while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
          }
          max = Integer.parseInt(t.substring(from, i));
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad MODULE_PARM range in '" + text + "'");
    }
    if (min < 0 || max < min || max < 1) {
      throw new IllegalArgumentException("bad MODULE_PARM range in '" + text + "'");
    }
    if (i >= t.length()) {
      throw new IllegalArgumentException("MODULE_PARM '" + text + "' has no format character");
    }
    char kind = t.charAt(i);
    String rest = t.substring(i + 1);
    int size = 0;
    if (kind == 'c') {
      if (!rest.matches("[0-9]{1,5}") || Integer.parseInt(rest) < 1) {
        throw new IllegalArgumentException("MODULE_PARM '" + text + "' has no size after 'c'");
      }
      size = Integer.parseInt(rest);
    } else if (!rest.isEmpty()) {
      throw new IllegalArgumentException("MODULE_PARM '" + text + "' has an unknown modifier");
    }
    counts[0] = min;
    counts[1] = max;
    counts[2] = size;
    return switch (kind) {
      case 'b' -> ParamType.BYTE;
      case 'h' -> ParamType.SHORT;
      case 'i' -> ParamType.INT;
      case 'l' -> ParamType.LONG;
      case 's' -> ParamType.CHARP;
      case 'c' -> ParamType.STRING;
      default ->
          throw new IllegalArgumentException("unknown MODULE_PARM type letter '" + kind + "'");
    };
  }
}
