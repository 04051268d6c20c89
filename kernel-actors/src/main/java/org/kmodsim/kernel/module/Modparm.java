package org.kmodsim.kernel.module;

/**
 * The 2.4 MODULE_PARM type string (include/linux/module.h 2.4): {@code [min[-max]]{b,h,i,l,s}},
 * e.g. {@code "i"}, {@code "1-4i"}, {@code "s"}. modutils' insmod parsed values by it.
 */
final class Modparm {
  private Modparm() {}

  /** Returns the element type; {@code counts} receives min and max element counts. */
  static ParamType parse(String text, int[] counts) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty MODULE_PARM type");
    }
    char kind = t.charAt(t.length() - 1);
    String range = t.substring(0, t.length() - 1);
    int min = 1;
    int max = 1;
    try {
      if (!range.isEmpty()) {
        int dash = range.indexOf('-');
        min = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        max = dash < 0 ? min : Integer.parseInt(range.substring(dash + 1));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad MODULE_PARM range in '" + text + "'");
    }
    if (min < 0 || max < min || max < 1) {
      throw new IllegalArgumentException("bad MODULE_PARM range in '" + text + "'");
    }
    counts[0] = min;
    counts[1] = max;
    return switch (kind) {
      case 'b' -> ParamType.BYTE;
      case 'h' -> ParamType.SHORT;
      case 'i' -> ParamType.INT;
      case 'l' -> ParamType.LONG;
      case 's' -> ParamType.CHARP;
      default ->
          throw new IllegalArgumentException("unknown MODULE_PARM type letter '" + kind + "'");
    };
  }
}
