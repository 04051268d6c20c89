package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
   * The line that says which rows were left out and why, such as {@code 45 of 72 rows left out,
   * every figure 0 (--all shows them): console_loglevel 4 (level-6 records do not reach the
   * console), delivery threaded}; null when none was.
   */
  static String omitted(List<Map<String, Object>> rows, int level) {
    List<Map<String, Object>> zero = rows.stream().filter(LatencyTable::allZero).toList();
    if (zero.isEmpty()) {
      return null;
    }
    TreeSet<Integer> hidden = new TreeSet<>();
    TreeSet<String> deliveries = new TreeSet<>();
    long other = 0;
    for (Map<String, Object> row : zero) {
      int loglevel = ((Number) row.get("loglevel")).intValue();
      if (level >= loglevel) {
        hidden.add(loglevel);
      } else if (rows.stream()
          .filter(r -> r.get("delivery").equals(row.get("delivery")))
          .filter(r -> level < ((Number) r.get("loglevel")).intValue())
          .allMatch(LatencyTable::allZero)) {
        deliveries.add((String) row.get("delivery"));
      } else {
        other++;
      }
    }
    List<String> why = new ArrayList<>();
    for (int loglevel : hidden) {
      why.add(
          "console_loglevel "
              + loglevel
              + " (level-"
              + level
              + " records do not reach the console)");
    }
    for (String delivery : deliveries) {
      why.add(
          "delivery "
              + delivery
              + (delivery.equals("threaded")
                  ? " (the printer thread prints, not the caller)"
                  : ""));
    }
    if (other > 0) {
      why.add(other + " other");
    }
    return String.format(
        "%d of %d rows left out, every figure 0 (--all shows them): %s",
        zero.size(), rows.size(), String.join(", ", why));
  }

  private static String ms(Object nanos) {
    return String.format("%.3fms", ((Number) nanos).longValue() / 1e6);
  }
}
