package org.kmodsim.sim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed, checked reading of one configuration object: the configuration files, a scenario's keys, a
 * module file's. Every read checks the value's type and range (a fraction where a whole number is
 * expected, a count or a duration that does not fit, a name outside its set) and every refusal is a
 * {@link ConfigValueException} naming the value's file, line and full key, so nothing downstream
 * sees a value it did not ask for, and no user sees a {@code ConfigException}.
 *
 * <p>Durations: strings with a unit ({@code 200ns}, {@code 1.5ms}, {@code 2s}) are read exactly; a
 * bare number counts in {@link #bareDurationUnit} (milliseconds, HOCON's convention, unless the
 * language says otherwise: scenario files count bare numbers in nanoseconds).
 */
public final class ConfigValues {
  private final Config config;
  private final String prefix;
  private final long bareDurationUnit;

  private ConfigValues(Config config, String prefix, long bareDurationUnit) {
    this.config = config;
    this.prefix = prefix;
    this.bareDurationUnit = bareDurationUnit;
  }

  /** The whole of {@code config}; keys are named as they are. */
  public static ConfigValues of(Config config) {
    return new ConfigValues(config, "", 1_000_000L);
  }

  /** The object at {@code path} of {@code config} (empty when absent), keys named in full. */
  public static ConfigValues of(Config config, String path) {
    return of(config).at(path);
  }

  /** An object read from a list or a block, keys named {@code prefix.KEY}. */
  public static ConfigValues of(ConfigObject object, String prefix) {
    return new ConfigValues(object.toConfig(), prefix.isEmpty() ? "" : prefix + ".", 1_000_000L);
  }

  /** {@code text} as a HOCON string value (for overrides built from command-line options). */
  public static String quote(String text) {
    return com.typesafe.config.ConfigValueFactory.fromAnyRef(text).render();
  }

  /** The same values with bare duration numbers counted in {@code nanos} nanoseconds. */
  public ConfigValues bareDurationUnit(long nanos) {
    return new ConfigValues(config, prefix, nanos);
  }

  /** The object at {@code path}, which must be an object if it is there. */
  public ConfigValues at(String path) {
    if (!config.hasPath(path)) {
      return new ConfigValues(ConfigFactory.empty(), prefix + path + ".", bareDurationUnit);
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.OBJECT) {
      throw bad(v, path, "expected an object { ... }, not " + describe(v));
    }
    return new ConfigValues(((ConfigObject) v).toConfig(), prefix + path + ".", bareDurationUnit);
  }

  public Config config() {
    return config;
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  /** The full name of {@code key} in messages. */
  public String name(String key) {
    return prefix + key;
  }

  public ConfigValue value(String key) {
    if (!config.hasPath(key)) {
      throw missing(key);
    }
    return config.getValue(key);
  }

  /** Where {@code key} is (its value's origin), or where this object is when it is absent. */
  public ConfigOrigin origin(String key) {
    return config.hasPath(key) ? config.getValue(key).origin() : config.root().origin();
  }

  /** Refuses any key of this object outside {@code keys}. */
  public ConfigValues only(String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String key : new TreeSet<>(config.root().keySet())) {
      if (!allowed.contains(key)) {
        throw bad(
            config.root().get(key),
            key,
            "unknown key (expected " + String.join(", ", new TreeSet<>(Arrays.asList(keys))) + ")");
      }
    }
    return this;
  }

  public String string(String key) {
    ConfigValue v = value(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw bad(v, key, "expected a string, not " + describe(v));
    }
    if (v.valueType() == ConfigValueType.NULL) {
      throw bad(v, key, "expected a string, not null");
    }
    return String.valueOf(v.unwrapped());
  }

  public String string(String key, String otherwise) {
    return has(key) ? string(key) : otherwise;
  }

  public boolean bool(String key) {
    ConfigValue v = value(key);
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) v.unwrapped();
    }
    if (v.valueType() == ConfigValueType.STRING) {
      switch (((String) v.unwrapped()).toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return true;
        }
        case "false", "no", "off" -> {
          return false;
        }
        default -> {
          // not a boolean: refused below
        }
      }
    }
    throw bad(v, key, "expected true or false, not " + describe(v));
  }

  public boolean bool(String key, boolean otherwise) {
    return has(key) ? bool(key) : otherwise;
  }

  /** A whole number in {@code [min, max]}: a fraction or a number outside the range is refused. */
  public long longIn(String key, long min, long max) {
    ConfigValue v = value(key);
    BigDecimal n = number(v, key);
    if (n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
      throw bad(v, key, "expected a whole number, not " + text(v));
    }
    if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw bad(v, key, text(v) + " is out of range (" + range(min, max) + ")");
    }
    return n.longValueExact();
  }

  public long longIn(String key, long min, long max, long otherwise) {
    return has(key) ? longIn(key, min, max) : otherwise;
  }

  public int intIn(String key, int min, int max) {
    return (int) longIn(key, min, max);
  }

  public int intIn(String key, int min, int max, int otherwise) {
    return has(key) ? intIn(key, min, max) : otherwise;
  }

  /** 1 or more. */
  public int positiveInt(String key) {
    return intIn(key, 1, Integer.MAX_VALUE);
  }

  /** 0 or more. */
  public int nonNegativeInt(String key) {
    return intIn(key, 0, Integer.MAX_VALUE);
  }

  /** A number, fractions allowed, in {@code [min, max]}. */
  public double doubleIn(String key, double min, double max) {
    ConfigValue v = value(key);
    double d = number(v, key).doubleValue();
    if (!(d >= min && d <= max)) {
      throw bad(v, key, text(v) + " is out of range (" + min + " to " + max + ")");
    }
    return d;
  }

  /** A duration in nanoseconds, in {@code [minNanos, maxNanos]}. */
  public long duration(String key, long minNanos, long maxNanos) {
    ConfigValue v = value(key);
    try {
      if (v.valueType() == ConfigValueType.NUMBER) {
        return Durations.check(
            number(v, key).multiply(BigDecimal.valueOf(bareDurationUnit)),
            text(v),
            minNanos,
            maxNanos);
      }
      if (v.valueType() != ConfigValueType.STRING) {
        throw bad(v, key, "expected a duration such as 200ns or 1ms, not " + describe(v));
      }
      return Durations.parse((String) v.unwrapped(), bareDurationUnit, minNanos, maxNanos);
    } catch (ConfigValueException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw bad(v, key, e.getMessage());
    }
  }

  /** A duration of 0 up to {@link Durations#MAX_NANOS}. */
  public long duration(String key) {
    return duration(key, 0, Durations.MAX_NANOS);
  }

  public long duration(String key, long otherwise) {
    return has(key) ? duration(key) : otherwise;
  }

  /** A size in bytes ({@code 128k}, {@code 1M}, {@code 4096}), in {@code [min, max]}. */
  public long bytes(String key, long min, long max) {
    ConfigValue v = value(key);
    long size;
    try {
      size = config.getBytes(key);
    } catch (ConfigException e) {
      throw bad(v, key, "expected a size such as 4096, 128k or 1M, not " + text(v));
    }
    if (size < min || size > max) {
      throw bad(v, key, text(v) + " is out of range (" + range(min, max) + " bytes)");
    }
    return size;
  }

  /**
   * A name from a fixed set, parsed by {@code parse} (which throws {@link IllegalArgumentException}
   * with the reason, e.g. the known names).
   */
  public <T> T parsed(String key, Function<String, T> parse) {
    String text = string(key);
    try {
      T result = parse.apply(text);
      if (result == null) {
        throw new IllegalArgumentException("unknown value '" + text + "'");
      }
      return result;
    } catch (ConfigValueException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw bad(value(key), key, e.getMessage());
    }
  }

  /** One of an enum's constants, by name (case-insensitive, '-' for '_'). */
  public <E extends Enum<E>> E enumOf(String key, Class<E> type) {
    return parsed(key, text -> enumNamed(type, text));
  }

  /** The constant of {@code type} called {@code text}, or the list of the known names. */
  public static <E extends Enum<E>> E enumNamed(Class<E> type, String text) {
    String wanted = text.strip().replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(wanted)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    throw new IllegalArgumentException(
        "unknown value '" + text + "' (expected one of " + String.join(", ", names) + ")");
  }

  /** A list of strings (or of numbers and booleans, as strings). */
  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    if (!has(key)) {
      return out;
    }
    for (ConfigValue element : list(key)) {
      if (element.valueType() == ConfigValueType.OBJECT
          || element.valueType() == ConfigValueType.LIST
          || element.valueType() == ConfigValueType.NULL) {
        throw bad(element, key, "expected a list of strings, not " + describe(element));
      }
      out.add(String.valueOf(element.unwrapped()));
    }
    return out;
  }

  public ConfigList list(String key) {
    ConfigValue v = value(key);
    if (v.valueType() != ConfigValueType.LIST) {
      throw bad(v, key, "expected a list [ ... ], not " + describe(v));
    }
    return (ConfigList) v;
  }

  /** The objects of a list, each as values named {@code KEY.FIELD}. */
  public List<ConfigValues> objects(String key) {
    List<ConfigValues> out = new ArrayList<>();
    if (!has(key)) {
      return out;
    }
    for (ConfigValue element : list(key)) {
      if (element.valueType() != ConfigValueType.OBJECT) {
        throw bad(element, key, "expected a list of objects { ... }, not " + describe(element));
      }
      out.add(
          new ConfigValues(
              ((ConfigObject) element).toConfig(), prefix + key + ".", bareDurationUnit));
    }
    return out;
  }

  /** A refusal of {@code key}'s value, at its origin. */
  public ConfigValueException bad(String key, String reason) {
    return ConfigValueException.at(origin(key), name(key), reason);
  }

  private ConfigValueException bad(ConfigValue v, String key, String reason) {
    return ConfigValueException.at(v.origin(), name(key), reason);
  }

  private ConfigValueException missing(String key) {
    return ConfigValueException.at(config.root().origin(), name(key), "missing (required)");
  }

  private BigDecimal number(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.NUMBER || v.valueType() == ConfigValueType.STRING) {
      try {
        String t = v.valueType() == ConfigValueType.NUMBER ? v.render() : (String) v.unwrapped();
        return new BigDecimal(t.strip());
      } catch (NumberFormatException e) {
        // not a number: said below
      }
    }
    throw bad(v, key, "expected a number, not " + describe(v));
  }

  /** The value as the user wrote it, where HOCON kept it. */
  private static String text(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING) {
      return "'" + v.unwrapped() + "'";
    }
    return v.render();
  }

  private static String describe(ConfigValue v) {
    return switch (v.valueType()) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NULL -> "null";
      case BOOLEAN -> "a boolean (" + v.unwrapped() + ")";
      case NUMBER -> "a number (" + v.render() + ")";
      default -> "'" + v.unwrapped() + "'";
    };
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE) {
      return "expected " + min + " to " + max + ", a 64-bit count";
    }
    return "expected " + min + " to " + max;
  }
}
