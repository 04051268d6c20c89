package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model event as data: its {@link EventType} (kind, field names, template) and one typed value
 * per field, in order. Every rendering (the timeline, JSON, Perfetto, HTML) reads the fields or the
 * {@link #text} the template makes of them; nothing parses a string back. Values are {@link
 * String}, {@link Long}, {@link Boolean} or an unmodifiable list of those; null shows as {@code -}.
 */
public final class ModelEvent {
  private final EventType type;
  private final Object[] values;
  private String text;

  ModelEvent(EventType type, Object[] values) {
    this.type = type;
    this.values = values;
  }

  public EventType type() {
    return type;
  }

  public String kind() {
    return type.kind();
  }

  /** The fields in order, name to value (null values included). */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      fields.put(type.fields().get(i), values[i]);
    }
    return Collections.unmodifiableMap(fields);
  }

  /** Whether the event has this field (with a value or null). */
  public boolean has(String field) {
    return type.fields().contains(field);
  }

  /** The value of a field, or null when it has none or the type has no such field. */
  public Object get(String field) {
    int i = type.fields().indexOf(field);
    return i < 0 ? null : values[i];
  }

  /** A string field, or {@code ""}. */
  public String string(String field) {
    Object v = get(field);
    return v == null ? "" : render(v);
  }

  /** A number field, or {@code otherwise}. */
  public long number(String field, long otherwise) {
    return get(field) instanceof Long n ? n : otherwise;
  }

  /** A boolean field, false when absent. */
  public boolean flag(String field) {
    return Boolean.TRUE.equals(get(field));
  }

  /** The event in words: the template with each {@code {field}} replaced by its value. */
  public String text() {
    String t = text;
    if (t == null) {
      t = fill(type.template());
      text = t;
    }
    return t;
  }

  private String fill(String template) {
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = c == '{' ? template.indexOf('}', i) : -1;
      if (close < 0) {
        out.append(c);
        i++;
        continue;
      }
      String name = template.substring(i + 1, close);
      boolean time = name.endsWith(":time");
      int index = type.fields().indexOf(time ? name.substring(0, name.length() - 5) : name);
      if (index < 0) {
        out.append(template, i, close + 1);
      } else if (values[index] == null) {
        out.append('-');
      } else if (time && values[index] instanceof Long nanos) {
        out.append(time(nanos));
      } else {
        out.append(render(values[index]));
      }
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * Nanoseconds in readable units, three decimals past the unit: {@code 300 ns}, {@code 1.500 µs},
   * {@code 155.208 ms}, {@code 2.000 s}. A template writes {@code {field:time}} for it.
   */
  public static String time(long nanos) {
    long abs = Math.abs(nanos);
    if (abs < 1_000) {
      return nanos + " ns";
    }
    double value;
    String unit;
    if (abs < 1_000_000) {
      value = nanos / 1e3;
      unit = " µs";
    } else if (abs < 1_000_000_000) {
      value = nanos / 1e6;
      unit = " ms";
    } else {
      value = nanos / 1e9;
      unit = " s";
    }
    return String.format(java.util.Locale.ROOT, "%.3f%s", value, unit);
  }

  /** A 64-bit digest of the kind and the values, the same in every JVM. */
  long digest() {
    long h = type.kindHash();
    for (Object v : values) {
      h = Seeds.mix(h, valueHash(v));
    }
    return h;
  }

  private static long valueHash(Object v) {
    if (v == null) {
      return 0x6E756C6CL;
    } else if (v instanceof Long n) {
      return Seeds.mix(0x4E, n);
    } else if (v instanceof Boolean b) {
      return b ? 0x54 : 0x46;
    } else if (v instanceof List<?> list) {
      long h = 0x4C;
      for (Object e : list) {
        h = Seeds.mix(h, valueHash(e));
      }
      return h;
    }
    return Seeds.hash((String) v);
  }

  static String render(Object v) {
    if (v instanceof List<?> list) {
      List<String> parts = new ArrayList<>(list.size());
      list.forEach(e -> parts.add(e == null ? "-" : render(e)));
      return String.join(", ", parts);
    }
    return String.valueOf(v);
  }

  static Object typed(String kind, String field, Object value) {
    if (value == null || value instanceof String || value instanceof Long) {
      return value;
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    } else if (value instanceof Boolean) {
      return value;
    } else if (value instanceof Enum<?> e) {
      return e.name();
    } else if (value instanceof Character ch) {
      return String.valueOf(ch);
    } else if (value instanceof java.util.Collection<?> collection) {
      List<Object> items = new ArrayList<>(collection.size());
      collection.forEach(e -> items.add(typed(kind, field, e)));
      return Collections.unmodifiableList(items);
    }
    throw new IllegalArgumentException(
        kind
            + "."
            + field
            + ": a model event field is a string, number, boolean or list, not a "
            + value.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return text();
  }
}
