package org.kmodsim.scenarios.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodsim.scenarios.scenario.Outcome;
import org.kmodsim.scenarios.scenario.OutcomeClass;
import org.kmodsim.scenarios.scenario.OutcomeRule;

/**
 * The rows of explore's outcome histogram, the same in the seeded report ({@link ExploreOutput})
 * and the concurrent one ({@link ConcurrentExploreOutput}): one text line per outcome, and its JSON
 * entry (docs/json.md).
 */
final class OutcomeRows {
  private OutcomeRows() {}

  /** One line of the text histogram: count, name, class, description, then {@code note}. */
  static void print(PrintStream out, long count, String name, Outcome outcome, String note) {
    line(out, count, name, outcome.outcomeClass(), outcome.description(), note);
  }

  /** The line of a declared outcome no run had. */
  static void printNone(PrintStream out, OutcomeRule rule, String note) {
    line(out, 0, rule.name(), rule.outcomeClass(), rule.description(), note);
  }

  private static void line(
      PrintStream out,
      long count,
      String name,
      OutcomeClass outcomeClass,
      String description,
      String note) {
    out.printf("  %8d  %-28s %-12s %s%s%n", count, name, outcomeClass.label(), description, note);
  }

  /** The JSON entry of one outcome (count, class, description), for the caller to add to. */
  static Map<String, Object> json(long count, Outcome outcome) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("count", count);
    entry.put("class", outcome.outcomeClass().label());
    entry.put("description", outcome.description());
    return entry;
  }
}
