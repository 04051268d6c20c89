package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.scenarios.scenario.ConcurrentExplorer;
import org.kmodsim.scenarios.scenario.OutcomeClass;
import org.kmodsim.scenarios.scenario.OutcomeRule;
import org.kmodsim.scenarios.scenario.ScenarioRunner;

/** What {@code kmodsim explore --mode concurrent} prints: as text, or as JSON. */
final class ConcurrentExploreOutput {
  private ConcurrentExploreOutput() {}

  /** The JSON object of a concurrent exploration (docs/json.md). */
  static Map<String, Object> json(ConcurrentExplorer.Result r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", r.scenario());
    json.put("era", r.era());
    json.put("mode", "concurrent");
    json.put("threads", r.threads());
    json.put("runs", r.runs());
    Map<String, Object> histogram = new LinkedHashMap<>();
    r.histogram().forEach((name, b) -> histogram.put(name, OutcomeRows.json(b.count, b.outcome)));
    json.put("histogram", histogram);
    json.put("forbidden", r.seen(OutcomeClass.FORBIDDEN));
    json.put("unlisted", r.seen(OutcomeClass.UNLISTED));
    json.put("interesting", r.seen(OutcomeClass.INTERESTING));
    json.put("coverage", r.coverage());
    json.put("replayable", false);
    json.put("note", ConcurrentExplorer.NOT_REPLAYABLE);
    json.put("runsPerSec", Math.round(r.runsPerSecond()));
    return json;
  }

  static void print(ConcurrentExplorer.Result r, ScenarioRunner runner) {
    System.out.printf(
        "explore %s: era %s, mode concurrent (free-running on %d threads), %d runs, %.0f runs/s%n",
        r.scenario(), r.era(), r.threads(), r.runs(), r.runsPerSecond());
    System.out.println("outcomes:");
    r.histogram().forEach((name, b) -> OutcomeRows.print(System.out, b.count, name, b.outcome, ""));
    for (OutcomeRule rule : runner.scenario().outcomes()) {
      if (!r.histogram().containsKey(rule.name())) {
        OutcomeRows.printNone(System.out, rule, "");
      }
    }
    List<String> bad = new ArrayList<>(r.seen(OutcomeClass.FORBIDDEN));
    bad.addAll(r.seen(OutcomeClass.UNLISTED));
    System.out.println(
        "forbidden: " + (bad.isEmpty() ? "none seen" : String.join(", ", bad) + " seen"));
    List<String> interesting = r.seen(OutcomeClass.INTERESTING);
    System.out.println(
        "interesting: "
            + (interesting.isEmpty() ? "none seen" : String.join(", ", interesting) + " seen"));
    ScenarioOutput.printCoverage(runner.scenario().probes(), r.coverage(), System.out);
    System.out.println("note: " + ConcurrentExplorer.NOT_REPLAYABLE + ".");
    if (!bad.isEmpty()) {
      System.out.println(
          "  to replay one, find it with a schedule: kmodsim explore "
              + r.scenario()
              + " --era "
              + r.era()
              + " (deterministic, seeded)");
    }
  }
}
