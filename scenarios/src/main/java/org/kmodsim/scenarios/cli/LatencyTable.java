package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text table of {@code latency printk}: one row per combination, and a last line saying how
 * many rows with every figure zero were left out (a console loglevel that hides the records, a
 * delivery mode whose callers never print), unless {@code --all} asked for them.
 */
final class LatencyTable {
  /** The figures of a row that are zero when nothing reached the console through the caller. */
  private static final List<String> FIGURES =
      List.of("p50Ns", "p99Ns", "p999Ns", "maxNs", "droppedRecords", "consoleBusyNs", "spinNs");

  private LatencyTable() {}

  static String header() {
    return String.format(
        "%7s %4s %3s %-10s %10s %10s %10s %10s %8s %12s %12s %9s",
        "baud",
        "cpus",
        "ll",
        "delivery",
        "p50",
        "p99",
        "p99.9",
        "max",
        "dropped",
        "print-cpu",
        "spin-cpu",
        "rec/s");
  }

  static String text(Map<String, Object> r) {
    return String.format(
        "%7d %4d %3d %-10s %10s %10s %10s %10s %8d %12s %12s %9.1f",
        r.get("baud"),
        r.get("cpus"),
        r.get("loglevel"),
        r.get("delivery"),
        ms(r.get("p50Ns")),
        ms(r.get("p99Ns")),
        ms(r.get("p999Ns")),
        ms(r.get("maxNs")),
        (Long) r.get("droppedRecords"),
        ms(r.get("consoleBusyNs")),
        ms(r.get("spinNs")),
        (Double) r.get("throughputPerSec"));
  }

  /** Every latency and console figure zero: the callers never waited for the console. */
  static boolean allZero(Map<String, Object> row) {
    return FIGURES.stream().allMatch(f -> ((Number) row.get(f)).longValue() == 0);
  }

  /**
   * The line that says which rows were left out and why, such as {@code 37 of 72 rows left out,
   * every figure 0 (--all shows them): console_loglevel 4 (level-6 records do not reach the
   * console): 36 rows; delivery threaded (...): 1 row}; null when none was.
   */
  static String omitted(List<Map<String, Object>> rows, int level) {
    List<Map<String, Object>> zero = rows.stream().filter(LatencyTable::allZero).toList();
    if (zero.isEmpty()) {
      return null;
    }
    Map<String, Integer> why = new LinkedHashMap<>();
    for (Map<String, Object> row : zero) {
      int loglevel = ((Number) row.get("loglevel")).intValue();
      String delivery = (String) row.get("delivery");
      String reason =
          level >= loglevel
              ? "console_loglevel "
                  + loglevel
                  + " (level-"
                  + level
                  + " records do not reach the console)"
              : "delivery "
                  + delivery
                  + (delivery.equals("threaded")
                      ? " (the printer thread prints, not the caller)"
                      : "");
      why.merge(reason, 1, Integer::sum);
    }
    List<String> reasons = new ArrayList<>();
    why.forEach((reason, n) -> reasons.add(reason + ": " + n + (n == 1 ? " row" : " rows")));
    return String.format(
        "%d of %d rows left out, every figure 0 (--all shows them): %s",
        zero.size(), rows.size(), String.join("; ", reasons));
  }

  private static String ms(Object nanos) {
    return String.format("%.3fms", ((Number) nanos).longValue() / 1e6);
  }
}
