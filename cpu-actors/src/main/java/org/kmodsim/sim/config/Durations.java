package org.kmodsim.sim.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Durations as users write them ({@code 200ns}, {@code 5us}, {@code 1.5ms}, {@code 2s}, {@code
 * 10m}, HOCON's long unit names), read exactly: a value that does not fit the virtual clock, or is
 * above the limit of its key, is refused instead of wrapping.
 */
public final class Durations {
  /**
   * The longest duration any one key or step accepts: one million seconds (11.6 days) of virtual
   * time. A run's clock adds such steps one at a time and stops at its virtual-time limit, so no
   * sum of them can overflow the clock's 292 years.
   */
  public static final long MAX_NANOS = 1_000_000L * 1_000_000_000L;

  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("ns", 1L),
          Map.entry("nano", 1L),
          Map.entry("nanos", 1L),
          Map.entry("nanosecond", 1L),
          Map.entry("nanoseconds", 1L),
          Map.entry("us", 1_000L),
          Map.entry("µs", 1_000L),
          Map.entry("micro", 1_000L),
          Map.entry("micros", 1_000L),
          Map.entry("microsecond", 1_000L),
          Map.entry("microseconds", 1_000L),
          Map.entry("ms", 1_000_000L),
          Map.entry("milli", 1_000_000L),
          Map.entry("millis", 1_000_000L),
          Map.entry("millisecond", 1_000_000L),
          Map.entry("milliseconds", 1_000_000L),
          Map.entry("s", 1_000_000_000L),
          Map.entry("second", 1_000_000_000L),
          Map.entry("seconds", 1_000_000_000L),
          Map.entry("m", 60_000_000_000L),
          Map.entry("minute", 60_000_000_000L),
          Map.entry("minutes", 60_000_000_000L),
          Map.entry("h", 3_600_000_000_000L),
          Map.entry("hour", 3_600_000_000_000L),
          Map.entry("hours", 3_600_000_000_000L),
          Map.entry("d", 86_400_000_000_000L),
          Map.entry("day", 86_400_000_000_000L),
          Map.entry("days", 86_400_000_000_000L));

  private Durations() {}

  /**
   * Parses {@code text} into nanoseconds; a bare number counts in {@code bareUnitNanos}. Throws
   * {@link IllegalArgumentException} with the reason (no key: the caller adds where it was).
   */
  public static long parse(String text, long bareUnitNanos, long minNanos, long maxNanos) {
    String t = text.strip();
    int split = 0;
    while (split < t.length() && "0123456789.+-eE".indexOf(t.charAt(split)) >= 0) {
      split++;
    }
    // an exponent sign belongs to the number only after a digit and an e
    String number = t.substring(0, split);
    String unit = t.substring(split).strip();
    if (number.endsWith("e") || number.endsWith("E")) {
      unit = number.substring(number.length() - 1) + unit;
      number = number.substring(0, number.length() - 1);
    }
    Long factor = unit.isEmpty() ? Long.valueOf(bareUnitNanos) : UNITS.get(unit);
    BigDecimal value;
    try {
      value = new BigDecimal(number);
    } catch (NumberFormatException e) {
      value = null;
    }
    if (value == null || factor == null) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "' (e.g. 200ns, 5us, 1.5ms, 2s)");
    }
    return check(value.multiply(BigDecimal.valueOf(factor)), text, minNanos, maxNanos);
  }

  /** Checks an exact number of nanoseconds against the range and rounds it to a whole one. */
  static long check(BigDecimal nanos, String text, long minNanos, long maxNanos) {
    if (nanos.compareTo(BigDecimal.valueOf(minNanos)) < 0) {
      throw new IllegalArgumentException(
          minNanos == 0
              ? "'" + text + "' is negative (a duration is 0 or more)"
              : "'" + text + "' is shorter than the minimum " + format(minNanos));
    }
    if (nanos.compareTo(BigDecimal.valueOf(maxNanos)) > 0) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is longer than the maximum " + format(maxNanos));
    }
    return nanos.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** The shortest exact spelling: {@code 1000000s}, {@code 250us}, {@code 17ns}. */
  public static String format(long nanos) {
    String[] names = {"s", "ms", "us"};
    long[] factors = {1_000_000_000L, 1_000_000L, 1_000L};
    for (int i = 0; i < names.length; i++) {
      if (nanos != 0 && nanos % factors[i] == 0) {
        return nanos / factors[i] + names[i];
      }
    }
    return nanos + "ns";
  }
}
