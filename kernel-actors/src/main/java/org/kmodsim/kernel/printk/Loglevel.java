package org.kmodsim.kernel.printk;

import java.util.Locale;
import org.kmodsim.kernel.Era;

/**
 * The eight kernel log levels (include/linux/kern_levels.h) with their macro names and the syslog
 * names that dmesg prints, and the era's encoding of a level in a format string: the text prefix
 * {@code "<N>"} before 3.6, the binary {@code KERN_SOH "N"} form since 3.6.
 */
public enum Loglevel {
  KERN_EMERG("emerg"),
  KERN_ALERT("alert"),
  KERN_CRIT("crit"),
  KERN_ERR("err"),
  KERN_WARNING("warn"),
  KERN_NOTICE("notice"),
  KERN_INFO("info"),
  KERN_DEBUG("debug");

  /** KERN_SOH, the start-of-header byte of the 3.6+ level prefix. */
  public static final char SOH = '\001';

  /** LOGLEVEL_DEFAULT: no level given; the default message level applies at store time. */
  public static final int DEFAULT = -1;

  private final String syslogName;

  Loglevel(String syslogName) {
    this.syslogName = syslogName;
  }

  public int number() {
    return ordinal();
  }

  /** The name dmesg uses ({@code -l}, {@code -x}): emerg, alert, crit, err, warn, ... */
  public String syslogName() {
    return syslogName;
  }

  public static Loglevel of(int number) {
    if (number < 0 || number > 7) {
      throw new IllegalArgumentException("log level " + number + " is not between 0 and 7");
    }
    return values()[number];
  }

  /** A level by dmesg name (emerg .. debug, also "warning" and "error") or by number. */
  public static Loglevel parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.length() == 1 && Character.isDigit(t.charAt(0))) {
      return of(t.charAt(0) - '0');
    }
    for (Loglevel level : values()) {
      if (level.syslogName.equals(t)
          || level.name().toLowerCase(Locale.ROOT).equals(t)
          || level.name().substring(5).toLowerCase(Locale.ROOT).equals(t)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown level '" + text + "'");
  }

  /** Whether the era encodes levels as {@code KERN_SOH "N"} (3.6 and later). */
  public static boolean sohEncoding(Era era) {
    return era.atLeast(Era.V4_X);
  }

  /** The prefix glued to a format string for this level in {@code era}: "<6>" or "\0016". */
  public String prefix(Era era) {
    return sohEncoding(era) ? SOH + Integer.toString(number()) : "<" + number() + ">";
  }

  /** KERN_CONT in the era's encoding ("<c>" in 2.6.3x, "\001c" since 3.6; none in 2.4). */
  public static String contPrefix(Era era) {
    if (sohEncoding(era)) {
      return SOH + "c";
    }
    return era == Era.V2_6 ? "<c>" : "";
  }

  /**
   * The level prefix at the start of {@code text}, as printk_get_level() (3.6+) or the "<N>" check
   * of older printk() sees it. Only the era's own encoding is recognised; anything else is message
   * text.
   */
  public static Prefixed split(String text, Era era) {
    if (sohEncoding(era)) {
      if (text.length() >= 2 && text.charAt(0) == SOH) {
        char c = text.charAt(1);
        if (c >= '0' && c <= '7') {
          return new Prefixed(c - '0', false, text.substring(2));
        }
        if (c == 'c') {
          return new Prefixed(DEFAULT, true, text.substring(2));
        }
        if (c == 'd') {
          return new Prefixed(DEFAULT, false, text.substring(2));
        }
      }
      return new Prefixed(DEFAULT, false, text);
    }
    if (text.length() >= 3 && text.charAt(0) == '<' && text.charAt(2) == '>') {
      char c = text.charAt(1);
      if (c >= '0' && c <= '7') {
        return new Prefixed(c - '0', false, text.substring(3));
      }
      if (era == Era.V2_6 && c == 'c') {
        return new Prefixed(DEFAULT, true, text.substring(3));
      }
      if (era == Era.V2_6 && c == 'd') {
        return new Prefixed(DEFAULT, false, text.substring(3));
      }
    }
    return new Prefixed(DEFAULT, false, text);
  }

  /**
   * A format string split into its level and the rest.
   *
   * @param level 0..7, or {@link #DEFAULT} when the string carries none
   * @param cont whether the prefix was KERN_CONT
   */
  public record Prefixed(int level, boolean cont, String text) {
    /** The stored level: the given one, else default_message_loglevel (vprintk_store). */
    public int resolve(int defaultMessageLoglevel) {
      return (level == DEFAULT ? defaultMessageLoglevel : level) & 7;
    }
  }
}
