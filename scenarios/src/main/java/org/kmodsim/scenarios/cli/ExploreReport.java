package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.StrategySpec;

/**
 * {@code explore --report FILE.html}: the HTML report of the first failing run, run again with its
 * trace (from its choice log when the exploration saved one, else from its seed and strategy).
 */
final class ExploreReport {
  private static final Pattern PCT_DEPTH = Pattern.compile("pct\\(depth=(\\d+)");

  private ExploreReport() {}

  /** Writes the report; returns the line that says what was written. */
  static String write(ScenarioRunner runner, Explorer.FirstFailure first, Path report) {
    if (first == null) {
      return "report: not written, no run failed";
    }
    StrategySpec spec;
    Matcher pct = PCT_DEPTH.matcher(first.strategy());
    if (first.choicesFile() != null) {
      spec = StrategySpec.replay(ChoiceLog.load(first.choicesFile()));
    } else if (pct.find()) {
      spec = RunCommand.strategy(runner, "pct", Integer.parseInt(pct.group(1)));
    } else {
      spec = StrategySpec.random();
    }
    ScenarioRun run =
        runner.start(runner.runSpec(first.seed(), spec), ScenarioOutput.TRACE_LIMIT).join();
    ScenarioOutput.report(run, report, first.replayCommand());
    return "report: " + report + " (seed " + first.seed() + ", " + run.outcome().name() + ")";
  }
}
