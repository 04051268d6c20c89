package org.kmodsim.scenarios.report;

import java.util.Locale;

/** Virtual time as a person reads it: {@code 0 ns}, {@code 300 ns}, {@code 10.000 µs}. */
public final class Units {
  private Units() {}

  public static String time(long nanos) {
    long abs = Math.abs(nanos);
    if (abs < 1_000) {
      return nanos + " ns";
    }
    if (abs < 1_000_000) {
      return String.format(Locale.ROOT, "%.3f µs", nanos / 1e3);
    }
    if (abs < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
  }
}
