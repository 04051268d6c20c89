package org.kmodsim.kernel.module;

import java.math.BigInteger;
import java.util.Locale;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The module_param types (include/linux/moduleparam.h, kernel/params.c) with the kernel's setter
 * rules per era: kstrto* (base 0, one trailing newline, ERANGE on overflow) from 3.x on, 2.6's
 * simple_strtol (trailing junk ignored, overflow EINVAL), kstrtobool, and the sysfs getters.
 */
public enum ParamType {
  BYTE("byte", 0, 255),
  HEXINT("hexint", 0, 0xffffffffL),
  SHORT("short", Short.MIN_VALUE, Short.MAX_VALUE),
  USHORT("ushort", 0, 0xffff),
  INT("int", Integer.MIN_VALUE, Integer.MAX_VALUE),
  UINT("uint", 0, 0xffffffffL),
  LONG("long", Long.MIN_VALUE, Long.MAX_VALUE),
  ULONG("ulong", 0, -1),
  ULLONG("ullong", 0, -1),
  CHARP("charp", 0, 0),
  BOOL("bool", 0, 1),
  INVBOOL("invbool", 0, 1),
  BINT("bint", 0, 1),
  STRING("string", 0, 0);

  /** The longest charp value (kernel/params.c, param_set_charp). */
  public static final int CHARP_MAX = 1024;

  private final String cName;
  private final long min;
  private final long max;

  ParamType(String cName, long min, long max) {
    this.cName = cName;
    this.min = min;
    this.max = max;
  }

  /** The type name of parmtype= and modinfo ({@code int}, {@code charp}). */
  public String cName() {
    return cName;
  }

  public static ParamType parse(String name) {
    for (ParamType type : values()) {
      if (type.cName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown parameter type '" + name + "'");
  }

  /** Whether {@code name} alone (no {@code =value}) is accepted: only bool and bint. */
  public boolean acceptsNoValue() {
    return this == BOOL || this == BINT;
  }

  /** A rejected value: the setter's errno. */
  public static final class ParamException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public ParamException(Errno errno, String why) {
      super(why);
      this.errno = errno;
    }

    public Errno errno() {
      return errno;
    }
  }

  /**
   * Runs the setter on {@code text} (null when the item had no {@code =value}); {@code size} is the
   * buffer length of a {@code string} parameter. Returns the stored value.
   */
  public ParamValue set(String text, Era era, int size) throws ParamException {
    if (text == null) {
      if (!acceptsNoValue()) {
        throw new ParamException(Errno.EINVAL, "needs a value");
      }
      return this == BINT ? ParamValue.number(1) : ParamValue.number(1);
    }
    switch (this) {
      case CHARP -> {
        if (text.length() > CHARP_MAX) {
          throw new ParamException(Errno.ENOSPC, "string parameter too long");
        }
        return ParamValue.text(text);
      }
      case STRING -> {
        if (text.length() + 1 > size) {
          throw new ParamException(Errno.ENOSPC, "string doesn't fit in " + (size - 1) + " chars.");
        }
        return ParamValue.text(text);
      }
      case BOOL, BINT -> {
        return ParamValue.number(parseBool(text, era) ? 1 : 0);
      }
      case INVBOOL -> {
        return ParamValue.number(parseBool(text, era) ? 0 : 1);
      }
      default -> {
        return ParamValue.number(era.atLeast(Era.V4_X) ? kstrto(text) : simpleStrto(text));
      }
    }
  }

  /** The sysfs getter's output, without the newline the 6.x getters add. */
  public String show(ParamValue value, Era era) {
    return switch (this) {
      case CHARP, STRING -> value.text();
      case BOOL, INVBOOL ->
          (this == INVBOOL ? value.number() == 0 : value.number() != 0) ? "Y" : "N";
      case BINT -> Long.toString(value.number());
      case HEXINT -> String.format("%#08x", value.number());
      case BYTE ->
          era == Era.V2_6 ? String.valueOf((char) value.number()) : Long.toString(value.number());
      case ULONG, ULLONG -> Long.toUnsignedString(value.number());
      default -> Long.toString(value.number());
    };
  }

  /** kstrtobool; 2.6 accepted only y Y n N 0 1, 6.x also t T f F. */
  static boolean parseBool(String text, Era era) throws ParamException {
    if (text.isEmpty()) {
      throw new ParamException(Errno.EINVAL, "empty bool");
    }
    char first = text.charAt(0);
    if ("yY1".indexOf(first) >= 0 || (era == Era.V6_X && "tT".indexOf(first) >= 0)) {
      return true;
    }
    if ("nN0".indexOf(first) >= 0 || (era == Era.V6_X && "fF".indexOf(first) >= 0)) {
      return false;
    }
    if (era.atLeast(Era.V4_X) && (first == 'o' || first == 'O') && text.length() > 1) {
      char second = Character.toLowerCase(text.charAt(1));
      if (second == 'n') {
        return true;
      }
      if (second == 'f') {
        return false;
      }
    }
    throw new ParamException(Errno.EINVAL, "not a bool");
  }

  /** kstrto* with base 0: sign, 0x/0 prefix, one trailing newline, ERANGE on overflow. */
  long kstrto(String text) throws ParamException {
    String s = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    boolean signed = min < 0;
    boolean negative = false;
    if (s.startsWith("+")) {
      s = s.substring(1);
    } else if (s.startsWith("-") && signed) {
      negative = true;
      s = s.substring(1);
    }
    BigInteger value = digits(s);
    if (value == null) {
      throw new ParamException(Errno.EINVAL, "not a number");
    }
    if (negative) {
      value = value.negate();
    }
    if (!inRange(value)) {
      throw new ParamException(Errno.ERANGE, "out of range");
    }
    return value.longValue();
  }

  /** 2.6 simple_strtol: parses the longest numeric prefix; nothing parsed or overflow: EINVAL. */
  long simpleStrto(String text) throws ParamException {
    String s = text;
    boolean negative = false;
    if (s.startsWith("-")) {
      negative = true;
      s = s.substring(1);
    }
    int radix = 10;
    int start = 0;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      radix = 16;
      start = 2;
    } else if (s.startsWith("0")) {
      radix = 8;
    }
    int end = start;
    while (end < s.length() && Character.digit(s.charAt(end), radix) >= 0) {
      end++;
    }
    if (end == start && !(radix == 8 && s.startsWith("0"))) {
      throw new ParamException(Errno.EINVAL, "not a number");
    }
    BigInteger value =
        end == start ? BigInteger.ZERO : new BigInteger(s.substring(start, end), radix);
    if (negative) {
      value = value.negate();
    }
    if (!inRange(value)) {
      throw new ParamException(Errno.EINVAL, "does not fit");
    }
    return value.longValue();
  }

  private static BigInteger digits(String s) {
    int radix = 10;
    String body = s;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      radix = 16;
      body = s.substring(2);
    } else if (s.length() > 1 && s.startsWith("0")) {
      radix = 8;
      body = s.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), radix) < 0) {
        return null;
      }
    }
    return new BigInteger(body, radix);
  }

  private boolean inRange(BigInteger value) {
    if (this == ULONG || this == ULLONG) {
      return value.signum() >= 0 && value.bitLength() <= 64;
    }
    return value.compareTo(BigInteger.valueOf(min)) >= 0
        && value.compareTo(BigInteger.valueOf(max)) <= 0;
  }
}
