package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kmodsim.scenarios.scenario.RaceWindow;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim run SCENARIO}: one run. Prints the seed first, then the outcome and its class,
 * violations, coverage and a per-CPU timeline. Exit status 1 when the outcome is forbidden or
 * unlisted, 2 on bad input (including a scenario that needs commands this build lacks), 4 when the
 * run stopped at a limit (the first line says which).
 */
@Command(name = "run", description = "Run a scenario once.")
public final class RunCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;
  @Mixin GlobalOptions global;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Write a Chrome trace-event JSON file (opens in Perfetto).")
  Path trace;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write a self-contained HTML report.")
  Path report;

  @Option(names = "--verbose", description = "Show every delivery in the timeline.")
  boolean verbose;

  @Option(names = "--strategy", paramLabel = "S", description = "random (default) or pct.")
  String strategy;

  @Option(
      names = "--save-choices",
      paramLabel = "FILE",
      description = "Save the run's choice log (replay it with kmodsim replay --choices).")
  Path saveChoices;

  @Override
  public Integer call() {
    ScenarioRunner runner = prepare(scenario, global);
    StrategySpec spec =
        strategy == null ? runner.settings().strategy() : strategy(runner, strategy, null);
    ScenarioRun run =
        Progress.ofRun(global.json(), "run " + runner.scenario().name())
            .during(
                () ->
                    runner
                        .start(
                            runner.settings().runSpec().withStrategy(spec),
                            ScenarioOutput.TRACE_LIMIT)
                        .join());
    return finish(runner, run, global.json(), verbose, trace, report, saveChoices);
  }

  /** random or pct, with the PCT depth and horizon of the configuration unless given. */
  static StrategySpec strategy(ScenarioRunner runner, String name, Integer depth) {
    return StrategySpec.parse(
        name,
        depth != null
            ? depth
            : org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.run")
                .intIn("pct-depth", 1, 1000),
        org.kmodsim.sim.config.ConfigValues.of(runner.config(), "kmodsim.run")
            .longIn("pct-horizon", 1, Long.MAX_VALUE));
  }

  static ScenarioRunner prepare(ScenarioOptions scenario, GlobalOptions global) {
    java.util.List<String> overrides = global.overrides();
    if (scenario.tree != null) {
      scenario.tree.addTo(overrides);
    }
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load(scenario.scenario),
            new ScenarioRunner.Options(scenario.era, overrides, global.configFile()));
    // The engine started early with the defaults; kmodsim.engine (--set, --config) may differ.
    try {
      org.kmodsim.sim.SimEngine.useShared(
          org.kmodsim.sim.EngineSettings.fromConfig(runner.config()));
    } catch (IllegalArgumentException e) { // a ConfigValueException names the key
      throw new org.kmodsim.scenarios.scenario.ScenarioException(e.getMessage());
    }
    return runner;
  }

  static int finish(
      ScenarioRunner runner,
      ScenarioRun run,
      boolean json,
      boolean verbose,
      Path trace,
      Path report,
      Path saveChoices) {
    return finish(runner, run, json, verbose, trace, report, saveChoices, null);
  }

  /** The same for a run replayed from {@code replayedChoices}, the choice log it names. */
  static int finish(
      ScenarioRunner runner,
      ScenarioRun run,
      boolean json,
      boolean verbose,
      Path trace,
      Path report,
      Path saveChoices,
      Path replayedChoices) {
    java.util.Optional<RaceWindow> window =
        RaceWindow.explains(run)
            ? Progress.ofRun(json, "race window").during(() -> RaceWindow.find(runner, run))
            : java.util.Optional.empty();
    if (json) {
      System.out.println(Output.json(ScenarioOutput.json(run, window, verbose)));
    } else {
      ScenarioOutput.print(run, window, verbose, System.out);
    }
    ScenarioOutput.files(run, window, trace, report, RunWords.replayCommand(run, replayedChoices));
    if (saveChoices != null) {
      run.result().choices().save(saveChoices, run.seed(), run.result().strategy());
    }
    System.out.flush();
    if (run.result().failure() instanceof org.kmodsim.sim.ReplayDivergedException diverged) {
      // A log that does not fit the scenario is the user's input, not a finding of the run.
      System.err.println(
          "kmodsim: "
              + diverged.getMessage()
              + " (the choice log was written for another scenario, era or build)");
      return ExitCode.BAD_INPUT;
    }
    return ExitCode.of(run.failing(), run.truncation() != null);
  }
}
