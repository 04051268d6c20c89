package org.kmodsim.scenarios.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of a progress bar, rendered from a snapshot: what is done of how much, the rate, the
 * counts so far (outcomes) and the time left. Pure, so the rendering is tested as a plain class;
 * {@link Progress} draws it on a terminal.
 *
 * @param task what runs ({@code explore lost-update})
 * @param done units done (runs, virtual microseconds)
 * @param total units in all, or 0 when unknown (a search capped but not sized)
 * @param unit the unit's name ({@code runs})
 * @param budgetNanos a wall-clock budget (explore --time), or 0
 * @param counts the outcomes so far, in the order to show them
 */
public record ProgressLine(
    String task, long done, long total, String unit, long budgetNanos, Map<String, Long> counts) {
  static final int WIDTH = 120;
  static final int BAR = 20;

  public ProgressLine {
    counts = Map.copyOf(counts);
  }

  /**
   * The line after {@code elapsedNanos} of wall time: at most {@link #WIDTH} columns when the
   * task's name leaves room, outcomes that do not fit left out ({@code , ...}).
   */
  public String render(long elapsedNanos) {
    StringBuilder line = new StringBuilder(task).append(' ');
    double fraction = fraction(elapsedNanos);
    if (fraction >= 0) {
      int filled = (int) Math.round(fraction * BAR);
      line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
    }
    line.append(done);
    if (total > 0) {
      line.append('/').append(total);
    }
    line.append(' ').append(unit);
    if (fraction >= 0) {
      line.append(String.format(Locale.ROOT, " %d%%", Math.round(fraction * 100)));
    }
    double seconds = elapsedNanos / 1e9;
    if (seconds > 0) {
      line.append(String.format(Locale.ROOT, ", %.0f %s/s", done / seconds, unit));
    }
    long eta = etaNanos(elapsedNanos);
    String tail = ", ETA " + (eta < 0 ? "?" : duration(eta));
    // The outcomes fill what the line has room for; the ETA always ends it.
    List<Map.Entry<String, Long>> sorted =
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    for (int i = 0; i < sorted.size(); i++) {
      String count = ", " + sorted.get(i).getKey() + " " + sorted.get(i).getValue();
      int room = i == sorted.size() - 1 ? 0 : ", ...".length();
      if (line.length() + count.length() + room + tail.length() > WIDTH) {
        line.append(", ...");
        break;
      }
      line.append(count);
    }
    return line.append(tail).toString();
  }

  /** Done as a fraction of the total or of the budget; -1 when neither is known. */
  double fraction(long elapsedNanos) {
    if (budgetNanos > 0) {
      return Math.min(1, elapsedNanos / (double) budgetNanos);
    }
    return total > 0 ? Math.min(1, done / (double) total) : -1;
  }

  /** Wall time left: the budget's rest, or the total at the rate so far; -1 when unknown. */
  long etaNanos(long elapsedNanos) {
    if (budgetNanos > 0) {
      return Math.max(0, budgetNanos - elapsedNanos);
    }
    if (total <= 0 || done <= 0) {
      return -1;
    }
    return Math.max(0, (long) (elapsedNanos * ((total - done) / (double) done)));
  }

  static String duration(long nanos) {
    long seconds = Math.round(nanos / 1e9);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
    return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds / 60 % 60) + "m";
  }
}
