package org.kmodsim.scenarios.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kmodsim.scenarios.report.HtmlReport;
import org.kmodsim.scenarios.scenario.RaceWindow;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.trace.ChromeTrace;
import org.kmodsim.scenarios.trace.RunEvents;
import org.kmodsim.scenarios.trace.Timeline;
import org.kmodsim.scenarios.trace.TraceModel;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.TraceEvent;
import org.kmodsim.sim.Violation;

/** How run, replay and the tests show one scenario run: text, JSON, trace file, HTML report. */
public final class ScenarioOutput {
  /** Trace events kept for the timeline and the trace files. */
  public static final int TRACE_LIMIT = 200_000;

  private ScenarioOutput() {}

  /** The JSON object of one run (docs/json.md). */
  public static Map<String, Object> json(ScenarioRun run) {
    return json(run, Optional.empty(), false);
  }

  /**
   * The JSON object of one run with its race window and its events (docs/json.md): the kernel
   * events, and with {@code verbose} the deliveries too.
   */
  public static Map<String, Object> json(
      ScenarioRun run, Optional<RaceWindow> window, boolean verbose) {
    Map<String, Object> json = summary(run);
    json.put("raceWindow", window.map(ScenarioOutput::window).orElse(null));
    json.put("events", events(run, verbose));
    return json;
  }

  private static Map<String, Object> window(RaceWindow w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("first", operation(w.first(), w.steps().first()));
    m.put("second", operation(w.second(), w.steps().second()));
    m.put("reversedOutcome", w.reversedOutcome().name());
    m.put("reversedClass", w.reversedOutcome().outcomeClass().label());
    m.put("sentence", w.sentence());
    return m;
  }

  private static Map<String, Object> operation(RaceWindow.Operation o, int step) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("where", o.where());
    m.put("what", o.what());
    m.put("timeNs", o.timeNanos());
    return m;
  }

  /** The run's events as JSON objects: the kernel's, and the deliveries when verbose. */
  static List<Map<String, Object>> events(ScenarioRun run, boolean verbose) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (RunEvents.Placed p : RunEvents.of(run.result().trace(), run.scenario().cpus())) {
      if (p.internal() && !(verbose && !p.model())) {
        continue;
      }
      TraceEvent e = p.event();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", e.step());
      m.put("timeNs", e.timeNanos());
      m.put("cpu", p.cpu() >= 0 ? p.cpu() : null);
      if (p.model()) {
        m.put("where", e.source());
        m.put("kind", e.kind());
        m.put("text", e.detail());
        m.put("fields", e.event().fields());
      } else {
        m.put("kind", "delivery");
        m.put("from", e.source());
        m.put("to", e.target());
        m.put("message", e.kind());
        m.put("text", e.detail());
      }
      events.add(m);
    }
    return events;
  }

  /** The run's summary fields, without its events. */
  public static Map<String, Object> summary(ScenarioRun run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", run.scenario().name());
    json.put("era", run.era().label());
    json.put("mode", run.result().mode().label());
    json.put("seed", run.seed());
    json.put("truncated", run.truncation());
    json.put("strategy", run.result().strategy());
    json.put("outcome", run.outcome().name());
    json.put("outcomeClass", run.outcome().outcomeClass().label());
    json.put("description", run.outcome().description());
    List<Map<String, Object>> violations = new ArrayList<>();
    for (Violation v : run.observation().violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", v.kind());
      m.put("where", v.where());
      m.put("detail", v.detail());
      m.put("timeNs", v.timeNanos());
      violations.add(m);
    }
    json.put("violations", violations);
    json.put("coverage", run.result().coverage());
    json.put("traceDigest", run.result().traceDigest());
    json.put("virtualTimeNs", run.result().virtualTimeNanos());
    json.put("steps", run.result().steps());
    json.put("end", run.result().end().name().toLowerCase(java.util.Locale.ROOT));
    json.put("exits", run.observation().programExits());
    json.put("bootExits", run.observation().bootExits());
    json.put("finaleExits", run.observation().finaleExits());
    json.put("finaleOutputs", run.observation().finaleOutputs());
    json.put("values", run.observation().values());
    json.put("memory", run.observation().memory());
    return json;
  }

  public static void print(ScenarioRun run, boolean verbose, PrintStream out) {
    print(run, Optional.empty(), verbose, out);
  }

  /** The run, with its race window (when one was found) at the top and marked in the timeline. */
  public static void print(
      ScenarioRun run, Optional<RaceWindow> window, boolean verbose, PrintStream out) {
    out.println("seed " + run.seed() + truncationNote(run.result()));
    out.printf("scenario %s: %s%n", run.scenario().name(), run.scenario().title());
    out.printf(
        "era %s, %d CPUs, %s mode, strategy %s%n",
        run.era().label(),
        run.scenario().cpus(),
        run.result().mode().label(),
        run.result().strategy());
    if (!run.scenario().eras().contains(run.era())) {
      out.println(
          "note: the scenario is written for era(s) "
              + run.scenario().eras()
              + "; running it in "
              + run.era().label()
              + " anyway");
    }
    out.printf(
        "outcome: %s [%s] %s%n",
        run.outcome().name(), run.outcome().outcomeClass().label(), run.outcome().description());
    if (window.isPresent()) {
      out.println("race window: " + window.get().sentence() + " (* in the timeline)");
    } else if (RaceWindow.explains(run)) {
      out.println(
          "race window: none found (no reversal of one race between two deliveries changes the"
              + " outcome: the timing decided it)");
    }
    if (run.observation().violations().isEmpty()) {
      out.println("violations: none");
    } else {
      out.println("violations:");
      for (Violation v : run.observation().violations()) {
        out.printf("  %d ns %s %s: %s%n", v.timeNanos(), v.where(), v.kind(), v.detail());
      }
    }
    printCoverage(run.scenario().probes(), run.result().coverage(), out);
    if (!run.observation().values().isEmpty()) {
      out.println("values: " + RunWords.map(run.observation().values(), "="));
    }
    if (!run.observation().memory().isEmpty()) {
      out.println("memory: " + RunWords.map(run.observation().memory(), "="));
    }
    out.println(
        "exit statuses: "
            + RunWords.map(run.observation().programExits(), " ")
            + (run.observation().bootExits().isEmpty()
                ? ""
                : "; boot commands "
                    + String.join(
                        ", ",
                        run.observation().bootExits().stream().map(String::valueOf).toList())));
    for (org.kmodsim.cpu.Cpu.ProgramFinished done : run.machine().finishedPrograms()) {
      if (done.program().startsWith("__")) {
        continue;
      }
      (done.output() + done.errors())
          .lines()
          .forEach(l -> out.printf("  %s (cpu%d): %s%n", done.program(), done.cpu(), l));
    }
    for (int i = 0; i < run.observation().finaleExits().size(); i++) {
      out.printf(
          "finale %d: $ %s (exit %d)%n",
          i + 1, run.scenario().finale().get(i), run.observation().finaleExits().get(i));
      run.observation().finaleOutputs().get(i).lines().forEach(l -> out.println("  " + l));
    }
    if (!run.result().trace().isEmpty()) {
      out.println("timeline:");
      out.print(
          Timeline.render(
              run.result().trace(),
              run.scenario().cpus(),
              verbose,
              run.result().traceDropped(),
              window.map(RaceWindow::marked).orElse(java.util.Set.of())));
    }
    out.printf(
        "steps %d, virtual time %d ns, trace digest %s, ended: %s%n",
        run.result().steps(),
        run.result().virtualTimeNanos(),
        run.result().traceDigest(),
        ended(run.result()));
    if (run.failing() && run.result().strategy().equals("random")) {
      out.printf(
          "again: kmodsim run %s --era %s --seed %d (add --report run.html to see it)%n",
          run.scenario().name(), run.era().label(), run.seed());
    }
  }

  /**
   * What the first line adds for a run cut short: {@code (truncated: step-limit, step limit
   * reached: 50000000 deliveries; what follows is partial)}; nothing for a whole run.
   */
  public static String truncationNote(RunResult result) {
    String truncation = result.end().truncation();
    if (truncation == null) {
      return "";
    }
    return " (truncated: "
        + truncation
        + (result.haltReason() != null && !result.haltReason().equals(truncation)
            ? ", " + result.haltReason()
            : "")
        + "; what follows is partial)";
  }

  /**
   * How a run ended, in words: {@code halted (all programs finished)}, {@code step-limit (...)}.
   */
  public static String ended(RunResult result) {
    String how =
        result.end().truncated()
            ? result.end().truncation()
            : result.end().name().toLowerCase(java.util.Locale.ROOT);
    return result.haltReason() == null || result.haltReason().equals(how)
        ? how
        : how + " (" + result.haltReason() + ")";
  }

  static void printCoverage(Map<String, String> declared, Map<String, Long> hits, PrintStream out) {
    if (declared.isEmpty() && hits.isEmpty()) {
      out.println("coverage: no probes");
      return;
    }
    out.println("coverage:");
    declared.forEach(
        (probe, what) ->
            out.printf("  %-40s %6d  %s%n", probe, hits.getOrDefault(probe, 0L), what));
    hits.forEach(
        (probe, count) -> {
          if (!declared.containsKey(probe)) {
            out.printf("  %-40s %6d%n", probe, count);
          }
        });
  }

  /** Writes the Chrome trace-event JSON and/or the HTML report, when asked for. */
  public static void files(ScenarioRun run, Path trace, Path report) {
    files(run, Optional.empty(), trace, report);
  }

  /** The same, with the race window's sentence in the summary both files carry. */
  public static void files(ScenarioRun run, Optional<RaceWindow> window, Path trace, Path report) {
    files(run, window, trace, report, RunWords.replayCommand(run));
  }

  /** The same, with the replay command the report shows. */
  static void files(
      ScenarioRun run, Optional<RaceWindow> window, Path trace, Path report, String replayCommand) {
    if (trace == null && report == null) {
      return;
    }
    TraceModel model =
        TraceModel.of(run.result().trace(), run.scenario().cpus(), run.result().virtualTimeNanos());
    Map<String, Object> summary = summary(run);
    summary.remove("values");
    summary.remove("memory");
    window.ifPresent(w -> summary.put("raceWindow", w.sentence()));
    if (trace != null) {
      write(trace, Output.json(ChromeTrace.of(model, summary)));
    }
    if (report != null) {
      write(report, HtmlReport.render(RunReport.of(run, window, replayCommand)));
    }
  }

  /** Writes the HTML report of a run whose replay command the caller knows (explore's). */
  static void report(ScenarioRun run, Path report, String replayCommand) {
    write(report, HtmlReport.render(RunReport.of(run, replayCommand)));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
