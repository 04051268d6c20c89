package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * parse_args over a module's argument string (kernel/params.c, lib/cmdline.c next_arg): splitting
 * with the kernel's quote rules, {@code -}/{@code _} equivalence, {@code --}, the setters of {@link
 * ParamType}, arrays with their count and too-many error, and the log lines and result of each era.
 * Pure: returns the values and the lines.
 */
public final class ModuleParams {
  private ModuleParams() {}

  /** What parse_args left: the values by parameter name, the log lines, the error or null. */
  public record Parsed(Map<String, List<ParamValue>> values, List<LogLine> log, Errno error) {
    public Parsed {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      log = List.copyOf(log);
    }
  }

  /** One {@code name[=value]} item of the argument string. */
  record Item(String name, String value) {}

  /** The initial values: the C initializers of the definition. */
  public static Map<String, List<ParamValue>> defaults(List<ParamSpec> specs, Era era) {
    Map<String, List<ParamValue>> values = new LinkedHashMap<>();
    for (ParamSpec spec : specs) {
      List<ParamValue> list = new ArrayList<>();
      if (spec.defaultValue() != null) {
        for (String element :
            spec.isArray()
                ? spec.defaultValue().split(",", -1)
                : new String[] {spec.defaultValue()}) {
          try {
            list.add(spec.type().set(element, era, Math.max(spec.size(), ParamType.CHARP_MAX + 1)));
          } catch (ParamType.ParamException e) {
            throw new IllegalArgumentException(
                "default of parameter " + spec.name() + " is invalid: " + e.getMessage());
          }
        }
      } else if (!spec.isArray()) {
        list.add(
            spec.type() == ParamType.CHARP || spec.type() == ParamType.STRING
                ? ParamValue.text(spec.type() == ParamType.CHARP ? "(null)" : "")
                : ParamValue.number(spec.type() == ParamType.INVBOOL ? 1 : 0));
      }
      values.put(spec.name(), list);
    }
    return values;
  }

  /**
   * The values a load gets: in 2.4 those modutils' insmod wrote into the image ({@link
   * LoadInfo#userParams()}, the kernel parses nothing), else parse_args' over the argument string.
   */
  static Parsed forLoad(ModuleDefinition def, LoadInfo info, Era era) {
    if (info.userParams() != null) {
      return new Parsed(info.userParams(), List.of(), null);
    }
    return parse(def.name(), info.args(), def.params(), defaults(def.params(), era), era);
  }

  /** Parses {@code args} for module {@code module} starting from {@code initial}. */
  public static Parsed parse(
      String module,
      String args,
      List<ParamSpec> specs,
      Map<String, List<ParamValue>> initial,
      Era era) {
    Map<String, List<ParamValue>> values = new LinkedHashMap<>(initial);
    List<LogLine> log = new ArrayList<>();
    Errno error = null;
    List<Item> items = split(args, module, log);
    for (Item item : items) {
      ParamSpec spec = find(specs, item.name());
      Errno itemError;
      if (spec == null) {
        if (item.name().equals("async_probe") || item.name().equals("dyndbg")) {
          continue;
        }
        if (era.atLeast(Era.V4_X)) {
          log.add(LogLine.warn(module + ": unknown parameter '" + item.name() + "' ignored"));
          continue;
        }
        log.add(LogLine.warn(module + ": Unknown parameter `" + item.name() + "'"));
        itemError = Errno.ENOENT;
      } else {
        itemError = set(module, spec, item.value(), era, values, log);
      }
      if (itemError != null) {
        error = itemError;
        if (era != Era.V6_X) {
          break;
        }
      }
    }
    return new Parsed(values, log, error);
  }

  /**
   * Runs the setter of one parameter (also used by sysfs writes); on success stores into {@code
   * values}, on failure logs the kernel's line and returns the errno.
   */
  public static Errno set(
      String module,
      ParamSpec spec,
      String text,
      Era era,
      Map<String, List<ParamValue>> values,
      List<LogLine> log) {
    try {
      if (spec.isArray()) {
        values.put(spec.name(), setArray(spec, text, era, log));
      } else {
        values.put(spec.name(), List.of(spec.type().set(text, era, spec.size())));
      }
      return null;
    } catch (ParamType.ParamException e) {
      String shown = text == null ? "" : text;
      if (spec.isArray() && shown.contains(",")) {
        shown = shown.substring(0, shown.indexOf(',')); // the parser overwrote the comma
      }
      if (e.errno() == Errno.ENOSPC) {
        log.add(
            LogLine.err(
                module + ": `" + shown + "' too large for parameter `" + spec.name() + "'"));
      } else {
        log.add(
            LogLine.err(module + ": `" + shown + "' invalid for parameter `" + spec.name() + "'"));
      }
      return e.errno();
    }
  }

  private static List<ParamValue> setArray(ParamSpec spec, String text, Era era, List<LogLine> log)
      throws ParamType.ParamException {
    if (text == null) {
      throw new ParamType.ParamException(Errno.EINVAL, "array needs values");
    }
    String[] elements =
        text.endsWith("\n")
            ? text.substring(0, text.length() - 1).split(",", -1)
            : text.split(",", -1);
    if (elements.length > spec.arrayMax()) {
      log.add(LogLine.err(spec.name() + ": can only take " + spec.arrayMax() + " arguments"));
      throw new ParamType.ParamException(Errno.EINVAL, "too many");
    }
    if (elements.length < Math.max(1, spec.arrayMin())) {
      log.add(LogLine.err(spec.name() + ": needs at least " + spec.arrayMin() + " arguments"));
      throw new ParamType.ParamException(Errno.EINVAL, "too few");
    }
    List<ParamValue> list = new ArrayList<>();
    for (String element : elements) {
      list.add(spec.type().set(element, era, spec.size()));
    }
    return list;
  }

  /** The sysfs / modinfo rendering of a parameter's value (arrays joined with commas). */
  public static String show(ParamSpec spec, List<ParamValue> value, Era era) {
    List<String> shown = new ArrayList<>();
    for (ParamValue element : value) {
      shown.add(spec.type().show(element, era));
    }
    return String.join(",", shown);
  }

  static ParamSpec find(List<ParamSpec> specs, String name) {
    for (ParamSpec spec : specs) {
      if (spec.name().replace('-', '_').equals(name.replace('-', '_'))) {
        return spec;
      }
    }
    return null;
  }

  /** lib/cmdline.c next_arg over the whole string; {@code --} ends it. */
  static List<Item> split(String args, String module, List<LogLine> log) {
    List<Item> items = new ArrayList<>();
    int pos = 0;
    while (true) {
      while (pos < args.length() && Character.isWhitespace(args.charAt(pos))) {
        pos++;
      }
      if (pos >= args.length()) {
        return items;
      }
      int start = pos;
      boolean quoted = false;
      boolean inQuote = false;
      if (args.charAt(pos) == '"') {
        pos++;
        start = pos;
        quoted = true;
        inQuote = true;
      }
      int equals = -1;
      int i = pos;
      for (; i < args.length(); i++) {
        char c = args.charAt(i);
        if (Character.isWhitespace(c) && !inQuote) {
          break;
        }
        if (equals < 0 && c == '=') {
          equals = i;
        }
        if (c == '"') {
          inQuote = !inQuote;
        }
      }
      int end = i;
      if (quoted && end > start && args.charAt(end - 1) == '"') {
        end--;
      }
      String name = args.substring(start, equals < 0 ? end : equals);
      String value = null;
      if (equals >= 0) {
        value = args.substring(equals + 1, Math.max(equals + 1, end));
        if (value.startsWith("\"")) {
          value = value.substring(1);
          if (value.endsWith("\"")) {
            value = value.substring(0, value.length() - 1);
          }
        }
      }
      pos = i;
      if (name.equals("--") && value == null) {
        String rest = args.substring(pos).trim();
        if (!rest.isEmpty()) {
          log.add(LogLine.notice(module + ": parameters '" + rest + "' after `--' ignored"));
        }
        return items;
      }
      items.add(new Item(name, value));
    }
  }
}
