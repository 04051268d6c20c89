package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.kmodsim.scenarios.report.Report;
import org.kmodsim.scenarios.report.Units;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.sim.Violation;

/**
 * A run's summary in words for the report: labels as a person says them ({@code outcome class},
 * {@code exit statuses}), values without Java's list and map brackets ({@code user0 0, rmmod 1},
 * {@code read-zero = 2}, {@code none}).
 */
final class RunWords {
  private RunWords() {}

  static Report.Summary summary(ScenarioRun run, String replayCommand) {
    List<Report.Fact> facts = new ArrayList<>();
    fact(facts, "scenario", run.scenario().name() + ": " + run.scenario().title());
    fact(facts, "outcome", run.outcome().name());
    fact(facts, "outcome class", run.outcome().outcomeClass().label());
    fact(facts, "seed", Long.toString(run.seed()));
    fact(facts, "era", run.era().label());
    fact(facts, "CPUs", Integer.toString(run.scenario().cpus()));
    fact(facts, "mode", run.result().mode().label());
    fact(facts, "strategy", run.result().strategy());
    List<String> violations = new ArrayList<>();
    for (Violation v : run.observation().violations()) {
      violations.add(
          v.kind() + " at " + Units.time(v.timeNanos()) + " on " + v.where() + ": " + v.detail());
    }
    fact(facts, "violations", list(violations));
    fact(facts, "exit statuses", map(run.observation().programExits(), " "));
    if (!run.observation().bootExits().isEmpty()) {
      fact(facts, "boot commands' exit statuses", list(run.observation().bootExits()));
    }
    if (!run.observation().values().isEmpty()) {
      fact(facts, "values observed", map(run.observation().values(), " = "));
    }
    if (!run.observation().memory().isEmpty()) {
      fact(facts, "memory at the end", map(run.observation().memory(), " = "));
    }
    if (!run.result().coverage().isEmpty()) {
      fact(facts, "probes hit", map(run.result().coverage(), ": "));
    }
    fact(facts, "virtual time", Units.time(run.result().virtualTimeNanos()));
    fact(facts, "deliveries", String.format("%,d", run.result().steps()));
    fact(facts, "ended", ScenarioOutput.ended(run.result()));
    fact(facts, "trace digest", run.result().traceDigest());
    return new Report.Summary(
        run.outcome().description(),
        run.outcome().name(),
        run.outcome().outcomeClass().label(),
        run.seed(),
        replayCommand,
        facts);
  }

  /**
   * The command that runs it again: with {@code choices}, the replay of that choice log; else as
   * {@link #replayCommand(ScenarioRun)}.
   */
  static String replayCommand(ScenarioRun run, java.nio.file.Path choices) {
    if (choices == null) {
      return replayCommand(run);
    }
    return "kmodsim replay "
        + run.scenario().name()
        + " --era "
        + run.era().label()
        + " --choices "
        + choices;
  }

  /** The command that runs it again: the seed's, with PCT's depth when PCT chose. */
  static String replayCommand(ScenarioRun run) {
    String strategy = run.result().strategy();
    String base = "kmodsim run " + run.scenario().name() + " --era " + run.era().label();
    java.util.regex.Matcher pct =
        java.util.regex.Pattern.compile("pct\\(depth=(\\d+)").matcher(strategy);
    if (pct.find()) {
      return base + " --strategy pct --depth " + pct.group(1) + " --seed " + run.seed();
    }
    if (strategy.startsWith("replay")) {
      return "kmodsim replay "
          + run.scenario().name()
          + " --era "
          + run.era().label()
          + " --choices FILE (the choice log this run replayed)";
    }
    return base + " --seed " + run.seed();
  }

  private static void fact(List<Report.Fact> facts, String label, String value) {
    facts.add(new Report.Fact(label, value));
  }

  static String list(Collection<?> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.add(String.valueOf(v)));
    return String.join(", ", parts);
  }

  static String map(Map<String, ?> values, String between) {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k + between + v));
    return list(parts);
  }
}
