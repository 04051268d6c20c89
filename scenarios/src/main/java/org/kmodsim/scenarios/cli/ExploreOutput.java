package org.kmodsim.scenarios.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.RaceWindow;
import org.kmodsim.scenarios.scenario.ScenarioRunner;

/**
 * The report of {@code kmodsim explore} (text and JSON), the same for a local exploration and one
 * made on a cluster ({@code --cluster}).
 */
final class ExploreOutput {
  private ExploreOutput() {}

  /**
   * Prints the report (with the first failure's race window), writes the HTML report when asked,
   * and gives the exit status; {@code moreJson} and {@code moreText} add to it (the cluster's
   * nodes).
   */
  static int finish(
      Explorer.Result result,
      ScenarioRunner runner,
      boolean asJson,
      java.nio.file.Path report,
      java.util.function.Consumer<Map<String, Object>> moreJson,
      Runnable moreText) {
    java.util.Optional<RaceWindow> window =
        result.firstFailure() == null || result.truncated() != null
            ? java.util.Optional.empty()
            : Progress.ofRun(asJson, "race window")
                .during(
                    () ->
                        RaceWindow.ofReplay(
                            runner,
                            result.firstFailure().seed(),
                            result.firstFailure().choicesFile()));
    if (asJson) {
      Map<String, Object> json = json(result);
      if (json.get("firstForbidden") instanceof Map<?, ?> first) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) first;
        f.put("raceWindow", window.map(RaceWindow::sentence).orElse(null));
      }
      moreJson.accept(json);
      System.out.println(Output.json(json));
    } else {
      print(result, runner, window);
      moreText.run();
    }
    if (report != null) {
      String written = ExploreReport.write(runner, result.firstFailure(), report);
      if (!asJson) {
        System.out.println(written);
      }
    }
    return ExitCode.of(result.failing(), result.truncated() != null);
  }

  /** What the first line adds when the exploration is partial. */
  static String truncationNote(Explorer.Result r) {
    String why = r.truncated();
    if (why == null) {
      return "";
    }
    if (why.equals("interrupted")) {
      return " (interrupted after " + r.runs() + " runs; what follows is partial)";
    }
    if (why.equals("no-runs")) {
      return " (truncated: no-runs; nothing was explored)";
    }
    return " (truncated: "
        + why
        + " in "
        + r.truncatedRuns()
        + " of "
        + r.runs()
        + " runs, whose outcome is unknown; raise the limit or shorten the scenario)";
  }

  static Map<String, Object> json(Explorer.Result r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", r.scenario());
    json.put("era", r.era());
    json.put("firstSeed", r.firstSeed());
    json.put("runs", r.runs());
    json.put("truncated", r.truncated());
    json.put("truncatedRuns", r.truncatedRuns());
    json.put("strategy", r.strategy());
    Map<String, Object> histogram = new LinkedHashMap<>();
    r.histogram()
        .forEach(
            (name, b) -> {
              Map<String, Object> entry = OutcomeRows.json(b.count, b.outcome);
              entry.put("firstSeed", b.firstSeed);
              histogram.put(name, entry);
            });
    json.put("histogram", histogram);
    json.put("coverage", r.coverage());
    if (r.firstFailure() == null) {
      json.put("firstForbidden", null);
    } else {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("seed", r.firstFailure().seed());
      f.put("outcome", r.firstFailure().outcome());
      f.put("strategy", r.firstFailure().strategy());
      f.put(
          "choicesFile",
          r.firstFailure().choicesFile() == null
              ? null
              : r.firstFailure().choicesFile().toString());
      f.put("replayCommand", r.firstFailure().replayCommand());
      json.put("firstForbidden", f);
    }
    json.put("rerun", r.rerun());
    json.put(
        "determinismLeaks",
        r.leaks().stream()
            .map(
                l ->
                    Map.of(
                        "seed",
                        l.seed(),
                        "firstDigest",
                        l.firstDigest(),
                        "secondDigest",
                        l.secondDigest()))
            .toList());
    if (r.search() != null) {
      json.put("exhaustive", r.exhaustive());
      json.put("verdicts", r.verdicts());
      Map<String, Object> search = new LinkedHashMap<>();
      search.put("exactness", r.search().exactness());
      search.put("bound", r.search().bound() < 0 ? null : r.search().bound());
      search.put("completeRuns", r.search().complete());
      search.put("prunedRuns", r.search().pruned());
      search.put("races", r.search().races());
      if (r.search().stateCacheOn()) {
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("states", r.search().states());
        cache.put("undigested", r.search().stateCache());
        search.put("stateCache", cache);
      }
      json.put("search", search);
    }
    json.put("runsPerSec", Math.round(r.runsPerSecond()));
    json.put("wallMs", r.wallNanos() / 1_000_000);
    return json;
  }

  /**
   * PCT's guarantee for this scenario: one run finds a bug of depth d with probability at least
   * 1/(n·k^(d−1)), n the channels of a run (measured on the first seed) and k its steps.
   */
  static String pctBound(String strategy, ScenarioRunner runner) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("pct\\(depth=(\\d+),k=(\\d+)\\)").matcher(strategy);
    if (!m.find()) {
      return "pct bound: unknown for " + strategy;
    }
    int depth = Integer.parseInt(m.group(1));
    long k = Long.parseLong(m.group(2));
    int channels =
        runner
            .run(runner.settings().seed(), org.kmodsim.sim.StrategySpec.random(), 0)
            .result()
            .channels();
    return String.format(
        "pct bound: one run finds a depth-%d bug with probability >= "
            + "1/(n*k^(d-1)) = %.3g (n = %d channels, k = %d steps)",
        depth, org.kmodsim.sim.PctStrategy.bound(channels, k, depth), channels, k);
  }

  static void print(
      Explorer.Result r, ScenarioRunner runner, java.util.Optional<RaceWindow> window) {
    System.out.println(
        "seed " + runner.settings().seed() + " (first of the run seeds)" + truncationNote(r));
    System.out.printf(
        "explore %s: era %s, strategy %s, %d runs, %.0f runs/s%n",
        r.scenario(), r.era(), r.strategy(), r.runs(), r.runsPerSecond());
    if (r.strategy().startsWith("pct")) {
      System.out.println(pctBound(r.strategy(), runner));
    }
    System.out.println("outcomes:");
    r.histogram()
        .forEach(
            (name, b) ->
                OutcomeRows.print(
                    System.out,
                    b.count,
                    name,
                    b.outcome,
                    r.verdicts().isEmpty() ? "" : "  [" + r.verdicts().get(name) + "]"));
    if (!r.verdicts().isEmpty()) {
      r.verdicts()
          .forEach(
              (name, verdict) -> {
                if (verdict.equals("never")) {
                  OutcomeRows.printNone(System.out, runner.scenario().rule(name), "  [never]");
                }
              });
      System.out.println(SearchLine.of(r));
      Explorer.Search search = r.search();
      if (search.stateCacheOn()) {
        System.out.printf(
            "state cache: %d states, %d runs pruned at a known state%s%n",
            search.states(),
            search.pruned(),
            search.stateCache() == null ? "" : "; off where " + search.stateCache());
      }
    }
    ScenarioOutput.printCoverage(runner.scenario().probes(), r.coverage(), System.out);
    if (r.firstFailure() != null) {
      Explorer.FirstFailure f = r.firstFailure();
      System.out.printf(
          "first forbidden outcome: %s at seed %d (strategy %s)%n",
          f.outcome(), f.seed(), f.strategy());
      if (f.choicesFile() != null) {
        System.out.println("  choice log: " + f.choicesFile() + " (" + f.choices() + " steps)");
      }
      System.out.println("  replay: " + f.replayCommand());
      window.ifPresent(w -> System.out.println("  race window: " + w.sentence()));
    } else {
      System.out.println("no forbidden outcome");
    }
    System.out.printf(
        "determinism: %d failing run(s) rerun, %d leak(s)%n", r.rerun(), r.leaks().size());
    r.leaks()
        .forEach(
            l ->
                System.out.printf(
                    "  determinism leak at seed %d: digest %s then %s%n",
                    l.seed(), l.firstDigest(), l.secondDigest()));
  }
}
