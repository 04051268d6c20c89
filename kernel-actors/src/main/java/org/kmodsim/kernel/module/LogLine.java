package org.kmodsim.kernel.module;

/**
 * One kernel log line the module code produces, with its printk level (3 err, 4 warning, 5 notice,
 * 6 info). The actors hand it to {@link org.kmodsim.kernel.printk.KernelLog}.
 */
public record LogLine(int level, String text) {
  public static final int ERR = 3;
  public static final int WARNING = 4;
  public static final int NOTICE = 5;
  public static final int INFO = 6;

  public static LogLine err(String text) {
    return new LogLine(ERR, text);
  }

  public static LogLine warn(String text) {
    return new LogLine(WARNING, text);
  }

  public static LogLine notice(String text) {
    return new LogLine(NOTICE, text);
  }

  public static LogLine info(String text) {
    return new LogLine(INFO, text);
  }

  /**
   * A printk text with its {@code <N>} level prefix, the inverse of {@link #toString}; without one
   * (or with one that is not a digit) the whole text at KERN_WARNING, the default message level.
   */
  public static LogLine parse(String printk) {
    if (printk.length() > 2
        && printk.charAt(0) == '<'
        && printk.charAt(2) == '>'
        && Character.isDigit(printk.charAt(1))) {
      return new LogLine(printk.charAt(1) - '0', printk.substring(3));
    }
    return warn(printk);
  }

  /** The printk form, {@code <3>text}. */
  @Override
  public String toString() {
    return "<" + level + ">" + text;
  }
}
