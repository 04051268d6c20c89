package org.kmodsim.kernel.printk;

import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * The kernel's vsnprintf (lib/vsprintf.c) for the conversions printk formats use: {@code %d %i %u
 * %x %X %o %s %c %p %%} with the flags {@code - + space 0 #}, widths, precisions ({@code *} takes
 * an argument) and the qualifiers {@code hh h l ll L z t}. Arguments come from the step language as
 * words (numbers in decimal or 0x hex) or from Java as numbers and strings.
 *
 * <p>The kernel has no floating point in printk: {@code %f} and friends are invalid specifiers.
 * Before 4.x format_decode() copied an invalid {@code %X} to the output and went on (without
 * consuming an argument); since the "handle invalid format specifiers more robustly" change it
 * warns "Please remove unsupported %f in format string" once and stops formatting there, because
 * the remaining arguments can no longer be fetched safely. Both behaviours are modelled.
 */
public final class PrintkFormat {
  private PrintkFormat() {}

  /** The formatted text and, when a specifier was rejected, the kernel's warning line. */
  public record Formatted(String text, String warning) {}

  /**
   * What %pK depends on (lib/vsprintf.c restricted_pointer()): kptr_restrict as it is now, and
   * whether current has CAP_SYSLOG with its euid/egid equal to its uid/gid.
   */
  public record PointerAccess(int kptrRestrict, boolean capSyslog) {
    /** kptr_restrict 0: %pK prints as %p. */
    public static final PointerAccess OPEN = new PointerAccess(0, false);
  }

  /** Formats {@code fmt} with kptr_restrict 0 (%pK as %p). */
  public static Formatted format(String fmt, List<?> args, Era era, long pointerKey) {
    return format(fmt, args, era, pointerKey, PointerAccess.OPEN);
  }

  /**
   * Formats {@code fmt} as the era's vsnprintf would.
   *
   * @param pointerKey the per-boot key of the %p hash (ptr_key), from the run's seed
   * @param access kptr_restrict and current's CAP_SYSLOG, for %pK
   */
  public static Formatted format(
      String fmt, List<?> args, Era era, long pointerKey, PointerAccess access) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    int i = 0;
    while (i < fmt.length()) {
      char c = fmt.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      Spec spec = new Spec();
      int j = i + 1;
      j = spec.flags(fmt, j);
      if (j < fmt.length() && fmt.charAt(j) == '*') {
        spec.width = (int) number(args, next++, "*");
        if (spec.width < 0) {
          spec.left = true;
          spec.width = -spec.width;
        }
        j++;
      } else {
        while (j < fmt.length() && Character.isDigit(fmt.charAt(j))) {
          spec.width = Math.max(spec.width, 0) * 10 + (fmt.charAt(j++) - '0');
        }
      }
      if (j < fmt.length() && fmt.charAt(j) == '.') {
        j++;
        spec.precision = 0;
        if (j < fmt.length() && fmt.charAt(j) == '*') {
          spec.precision = Math.max(0, (int) number(args, next++, ".*"));
          j++;
        } else {
          while (j < fmt.length() && Character.isDigit(fmt.charAt(j))) {
            spec.precision = spec.precision * 10 + (fmt.charAt(j++) - '0');
          }
        }
      }
      j = spec.qualifier(fmt, j);
      if (j >= fmt.length()) {
        out.append(fmt, i, fmt.length()); // a lone '%' at the end is copied
        break;
      }
      char conversion = fmt.charAt(j);
      switch (conversion) {
        case '%' -> out.append('%');
        case 's' -> out.append(spec.pad(string(args, next++)));
        case 'c' -> out.append(spec.pad(String.valueOf(character(args, next++))));
        case 'p' -> {
          boolean restricted = j + 1 < fmt.length() && fmt.charAt(j + 1) == 'K';
          while (j + 1 < fmt.length() && Character.isLetterOrDigit(fmt.charAt(j + 1))) {
            j++; // %pS ...: other extensions are consumed, printed as a plain pointer
          }
          String shown =
              restricted && era.atLeast(Era.V4_X)
                  ? restrictedPointer(args, next++, era, pointerKey, access)
                  : pointer(args, next++, era, pointerKey);
          out.append(spec.pad(shown));
        }
        case 'd', 'i', 'u', 'x', 'X', 'o' ->
            out.append(spec.integer(number(args, next++, "%" + conversion), conversion));
        default -> {
          if (era.atLeast(Era.V4_X)) {
            return new Formatted(
                out.toString(), "Please remove unsupported %" + conversion + " in format string");
          }
          out.append('%').append(conversion);
        }
      }
      i = j + 1;
    }
    return new Formatted(out.toString(), null);
  }

  private static Object argument(List<?> args, int index, String what) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(
          "too few arguments for the format: " + what + " needs argument " + (index + 1));
    }
    return args.get(index);
  }

  private static long number(List<?> args, int index, String what) {
    Object arg = argument(args, index, what);
    if (arg instanceof Number number) {
      return number.longValue();
    }
    String text = String.valueOf(arg).trim();
    try {
      boolean negative = text.startsWith("-");
      String digits = negative ? text.substring(1) : text;
      long value;
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        value = Long.parseUnsignedLong(digits.substring(2), 16);
      } else {
        value = Long.parseUnsignedLong(digits);
      }
      return negative ? -value : value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "argument " + (index + 1) + " ('" + text + "') is not a number for " + what);
    }
  }

  private static String string(List<?> args, int index) {
    Object arg = argument(args, index, "%s");
    return arg == null ? "(null)" : String.valueOf(arg);
  }

  private static char character(List<?> args, int index) {
    Object arg = argument(args, index, "%c");
    if (arg instanceof Number number) {
      return (char) (number.intValue() & 0xff);
    }
    String text = String.valueOf(arg);
    return text.isEmpty() ? '\0' : text.charAt(0);
  }

  /**
   * %p: the raw address in 16 hex digits before 4.15; since then a hashed identifier, the low 32
   * bits of siphash(address, ptr_key), also in 16 digits, so addresses never leak. 2.4 on i386
   * (lib/vsprintf.c vsnprintf, case 'p'): field width 2*sizeof(void *) = 8 with ZEROPAD, and a NULL
   * pointer is 00000000 (pointer()'s "(null)" is 2.6's).
   */
  private static String pointer(List<?> args, int index, Era era, long pointerKey) {
    long address = number(args, index, "%p");
    if (era == Era.V2_4) {
      return String.format("%08x", address & 0xffffffffL);
    }
    if (address == 0) {
      return "(null)";
    }
    long shown = era.atLeast(Era.V4_X) ? hash(address, pointerKey) & 0xffffffffL : address;
    String hex = Long.toHexString(shown);
    return "0".repeat(Math.max(0, 16 - hex.length())) + hex;
  }

  /**
   * %pK, lib/vsprintf.c restricted_pointer() (2.6.38+; the model's 4.x and 6.x): kptr_restrict 0
   * prints as %p (ptr_to_id/default_pointer, hashed since 4.15, NULL included in 4.19); 1 prints
   * the real address through pointer_string() when current has CAP_SYSLOG (and unchanged
   * credentials), else NULL; 2 and above always NULL. pointer_string() prints NULL as 16 zeros,
   * never "(null)".
   */
  private static String restrictedPointer(
      List<?> args, int index, Era era, long pointerKey, PointerAccess access) {
    long address = number(args, index, "%pK");
    long shown;
    if (access.kptrRestrict() == 0) {
      // ptr_to_id(): 4.19 hashes NULL too; since 5.x (test_printf.c null_pointer) NULL is zeros.
      shown = address == 0 && era.atLeast(Era.V6_X) ? 0 : hash(address, pointerKey) & 0xffffffffL;
    } else {
      shown = access.kptrRestrict() == 1 && access.capSyslog() ? address : 0;
    }
    return String.format("%016x", shown);
  }

  /** A keyed 64-bit mix (SplitMix64 finaliser), standing in for siphash_1u64. */
  private static long hash(long value, long key) {
    long z = value ^ key;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** One conversion specification: struct printf_spec. */
  private static final class Spec {
    boolean left;
    boolean plus;
    boolean space;
    boolean zero;
    boolean special;
    int width = -1;
    int precision = -1;
    String qualifier = "";

    int flags(String fmt, int j) {
      while (j < fmt.length()) {
        switch (fmt.charAt(j)) {
          case '-' -> left = true;
          case '+' -> plus = true;
          case ' ' -> space = true;
          case '0' -> zero = true;
          case '#' -> special = true;
          default -> {
            return j;
          }
        }
        j++;
      }
      return j;
    }

    int qualifier(String fmt, int j) {
      if (j < fmt.length() && "hlLzt".indexOf(fmt.charAt(j)) >= 0) {
        qualifier = String.valueOf(fmt.charAt(j++));
        if (j < fmt.length()
            && fmt.charAt(j) == qualifier.charAt(0)
            && (qualifier.equals("l") || qualifier.equals("h"))) {
          qualifier += qualifier;
          j++;
        }
      }
      return j;
    }

    /** Truncates the value to the qualifier's C type, as va_arg would read it. */
    long truncate(long value, boolean signed) {
      return switch (qualifier) {
        case "hh" -> signed ? (byte) value : value & 0xff;
        case "h" -> signed ? (short) value : value & 0xffff;
        case "" -> signed ? (int) value : value & 0xffffffffL;
        default -> value; // l, ll, L, z, t: 64 bits on x86-64
      };
    }

    String integer(long raw, char conversion) {
      boolean signed = conversion == 'd' || conversion == 'i';
      long value = truncate(raw, signed);
      String digits;
      String sign = "";
      if (signed) {
        if (value < 0) {
          sign = "-";
          digits = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-value);
        } else {
          sign = plus ? "+" : space ? " " : "";
          digits = Long.toString(value);
        }
      } else if (conversion == 'u') {
        digits = Long.toUnsignedString(value);
      } else if (conversion == 'o') {
        digits = Long.toOctalString(value);
      } else {
        digits = Long.toHexString(value);
        if (conversion == 'X') {
          digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
      }
      if (precision == 0 && value == 0) {
        digits = "";
      }
      while (digits.length() < precision) {
        digits = "0" + digits;
      }
      if (special && conversion == 'o' && !digits.startsWith("0")) {
        digits = "0" + digits;
      } else if (special && (conversion == 'x' || conversion == 'X')) {
        sign = conversion == 'x' ? "0x" : "0X";
      }
      int fill = width - sign.length() - digits.length();
      if (fill <= 0) {
        return sign + digits;
      }
      if (left) {
        return sign + digits + " ".repeat(fill);
      }
      if (zero && precision < 0) {
        return sign + "0".repeat(fill) + digits;
      }
      return " ".repeat(fill) + sign + digits;
    }

    String pad(String text) {
      String shown =
          precision >= 0 && precision < text.length() ? text.substring(0, precision) : text;
      int fill = width - shown.length();
      if (fill <= 0) {
        return shown;
      }
      return left ? shown + " ".repeat(fill) : " ".repeat(fill) + shown;
    }
  }
}
