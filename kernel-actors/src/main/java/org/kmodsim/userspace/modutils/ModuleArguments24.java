package org.kmodsim.userspace.modutils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleParams;
import org.kmodsim.kernel.module.ParamSpec;
import org.kmodsim.kernel.module.ParamValue;

/**
 * modutils' process_module_arguments (insmod/insmod.c, modutils 2.4), pure: 2.4 insmod, not the
 * kernel, parses {@code name=value} by the module's {@code parm_NAME} type string and writes the
 * values into the image. An argument without {@code =} is skipped; a name without {@code parm_}
 * entry is {@code invalid parameter parm_NAME} (the key before insmod drops its prefix); numbers
 * are {@code strtoul(input, &input, 0)} stored as the element's C type (i386: long is 32 bits),
 * junk after them {@code invalid argument syntax for NAME: 'C'}; strings are C-quoted ({@code \n},
 * octal) or run to the next comma; {@code c<size>} refuses a string of {@code size - 1} characters
 * or more (modutils' {@code strlen(str) >= charssize-1}, though its message says {@code max
 * size-1}); a comma beyond max is {@code too many values}, fewer than min {@code too few values}
 * (the count starts at one, so an empty value is one). Messages go through error(), prefixed by the
 * file.
 */
final class ModuleArguments24 {
  private ModuleArguments24() {}

  /** Every parameter's value after insmod wrote the given ones, or error()'s text (no prefix). */
  record Result(Map<String, List<ParamValue>> values, String error) {}

  static Result process(ModuleDefinition def, List<String> args) {
    Map<String, List<ParamValue>> values =
        new LinkedHashMap<>(ModuleParams.defaults(def.params(), Era.V2_4));
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = arg.substring(0, eq);
      ParamSpec spec = find(def, key);
      if (spec == null) {
        return new Result(values, "invalid parameter parm_" + key);
      }
      List<ParamValue> list = new ArrayList<>(values.get(key));
      String error = new Writer(spec, format(spec), arg.substring(eq + 1), list).run();
      if (error != null) {
        return new Result(values, error);
      }
      values.put(key, list);
    }
    return new Result(values, null);
  }

  private static ParamSpec find(ModuleDefinition def, String key) {
    return def.params().stream().filter(p -> p.name().equals(key)).findFirst().orElse(null);
  }

  /**
   * The {@code parm_NAME} string in the module's .modinfo: its MODULE_PARM, or (the model's
   * convention for a parameter declared with {@code type =}) the letter of its C type.
   */
  static String format(ParamSpec spec) {
    if (spec.modparm() != null) {
      return spec.modparm().trim();
    }
    String letter =
        switch (spec.type()) {
          case BYTE -> "b";
          case SHORT, USHORT -> "h";
          case LONG, ULONG, ULLONG -> "l";
          case CHARP -> "s";
          case STRING -> "c" + spec.size();
          default -> "i";
        };
    return spec.isArray() ? Math.max(spec.arrayMin(), 1) + "-" + spec.arrayMax() + letter : letter;
  }

  /** One argument's values written element by element from the start of the variable. */
  private static final class Writer {
    private final ParamSpec spec;
    private final String key;
    private final String input;
    private final List<ParamValue> list;
    private int min = 1;
    private int max = 1;
    private char kind;
    private int charssize;
    private int at;

    Writer(ParamSpec spec, String fmt, String input, List<ParamValue> list) {
      this.spec = spec;
      this.key = spec.name();
      this.input = input;
      this.list = list;
      int i = 0;
      while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
        i++;
      }
      if (i > 0) {
        min = Integer.parseInt(fmt.substring(0, i));
        max = min;
        if (i < fmt.length() && fmt.charAt(i) == '-') {
          int from = ++i;
          while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
            i++;
          }
          max = Integer.parseInt(fmt.substring(from, i));
        }
      }
      kind = fmt.charAt(i);
      charssize = kind == 'c' ? Integer.parseInt(fmt.substring(i + 1)) : 0;
    }

    String run() {
      int n = 1;
      int element = 0;
      while (at < input.length()) {
        String error = kind == 's' || kind == 'c' ? string(element) : number(element);
        if (error != null) {
          return error;
        }
        element++;
        while (at < input.length() && isspace(input.charAt(at))) {
          at++;
        }
        if (at >= input.length()) {
          break;
        } else if (input.charAt(at) == ',') {
          if (max != 0 && ++n > max) {
            return "too many values for " + key + " (max " + max + ")";
          }
          at++;
        } else {
          return "invalid argument syntax for " + key + ": '" + input.charAt(at) + "'";
        }
      }
      if (min != 0 && n < min) {
        return "too few values for " + key + " (min " + min + ")";
      }
      return null;
    }

    private String string(int element) {
      String str;
      if (input.charAt(at) == '"') {
        StringBuilder r = new StringBuilder();
        at++;
        while (true) {
          if (at >= input.length()) {
            return "improperly terminated string argument for " + key;
          }
          char c = input.charAt(at);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (++at >= input.length()) {
              // modutils reads on past the string's end here; the model stops
              return "improperly terminated string argument for " + key;
            }
            c = unescape();
          }
          r.append(c);
          at++;
        }
        at++;
        str = r.toString();
      } else {
        int comma = input.indexOf(',', at);
        str = comma < 0 ? input.substring(at) : input.substring(at, comma);
        at = comma < 0 ? input.length() : comma;
      }
      if (kind == 'c' && str.length() >= charssize - 1) {
        return "string too long for " + key + " (max " + (charssize - 1) + ")";
      }
      store(element, ParamValue.text(str));
      return null;
    }

    /** The escape at {@code at} (after the backslash); {@code at} left on its last character. */
    private char unescape() {
      char c = input.charAt(at);
      switch (c) {
        case 'a' -> c = 7;
        case 'b' -> c = '\b';
        case 'e' -> c = 033;
        case 'f' -> c = '\f';
        case 'n' -> c = '\n';
        case 'r' -> c = '\r';
        case 't' -> c = '\t';
        default -> {
          if (c >= '0' && c <= '7') {
            int v = c - '0';
            for (int k = 0;
                k < 2 && at + 1 < input.length() && isOctal(input.charAt(at + 1));
                k++) {
              v = v * 8 + input.charAt(++at) - '0';
            }
            c = (char) (v & 0xff);
          }
        }
      }
      return c;
    }

    private String number(int element) {
      long v = strtoul();
      long stored =
          switch (spec.type()) {
            case BYTE -> v & 0xff;
            case SHORT -> (short) v;
            case USHORT -> v & 0xffff;
            case UINT, ULONG, ULLONG, HEXINT -> v;
            default -> kind == 'b' ? v & 0xff : kind == 'h' ? (short) v : (int) v;
          };
      store(element, ParamValue.number(stored));
      return null;
    }

    /**
     * glibc strtoul with base 0 on a 32-bit unsigned long: spaces, a sign, {@code 0x} or {@code 0}
     * for the base; no digits leave {@code at} where it was and give 0; overflow is ULONG_MAX.
     */
    private long strtoul() {
      int i = at;
      while (i < input.length() && isspace(input.charAt(i))) {
        i++;
      }
      boolean negative = false;
      if (i < input.length() && (input.charAt(i) == '+' || input.charAt(i) == '-')) {
        negative = input.charAt(i++) == '-';
      }
      int base = 10;
      if (i < input.length() && input.charAt(i) == '0') {
        base = 8;
        if (i + 2 < input.length()
            && (input.charAt(i + 1) | 0x20) == 'x'
            && Character.digit(input.charAt(i + 2), 16) >= 0) {
          base = 16;
          i += 2;
        }
      }
      int start = i;
      long value = 0;
      boolean overflow = false;
      while (i < input.length() && Character.digit(input.charAt(i), base) >= 0) {
        value = value * base + Character.digit(input.charAt(i), base);
        overflow |= value > 0xffffffffL;
        value = Math.min(value, 1L << 33);
        i++;
      }
      if (i == start) {
        return 0;
      }
      at = i;
      if (overflow) {
        return 0xffffffffL;
      }
      return negative ? -value & 0xffffffffL : value;
    }

    private void store(int element, ParamValue value) {
      if (element < list.size()) {
        list.set(element, value);
      } else {
        list.add(value);
      }
    }

    private static boolean isOctal(char c) {
      return c >= '0' && c <= '7';
    }

    private static boolean isspace(char c) {
      return c == ' ' || (c >= '\t' && c <= '\r');
    }
  }
}
