package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.StrategySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim replay SCENARIO (--seed N | --choices FILE)}: one run again, exactly. With a seed
 * the strategy (and PCT depth) must be the one of the original run; a choice log forces the
 * schedule whatever the strategy was, and carries its own seed.
 */
@Command(name = "replay", description = "Replay a run from its seed or its choice log.")
public final class ReplayCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;
  @Mixin GlobalOptions global;

  @Option(
      names = "--choices",
      paramLabel = "FILE",
      description = "A saved choice log (its seed is used unless --seed is given).")
  Path choices;

  @Option(names = "--strategy", paramLabel = "S", description = "random or pct (with --seed).")
  String strategy;

  @Option(
      names = "--depth",
      paramLabel = "D",
      description = "PCT depth (with --seed; default kmodsim.run.pct-depth).")
  Integer depth;

  @Option(names = "--trace", paramLabel = "FILE", description = "Chrome trace-event JSON file.")
  Path trace;

  @Option(names = "--report", paramLabel = "FILE", description = "HTML report.")
  Path report;

  @Option(names = "--verbose", description = "Show every delivery in the timeline.")
  boolean verbose;

  @Override
  public Integer call() {
    if (choices == null && global.seed == null) {
      throw new IllegalArgumentException("replay needs --seed N or --choices FILE");
    }
    ScenarioRunner runner = RunCommand.prepare(scenario, global);
    long seed = runner.settings().seed();
    StrategySpec spec;
    if (choices != null) {
      ChoiceLog log = ChoiceLog.load(choices);
      Long logged = ChoiceLog.seedOf(choices);
      if (logged != null && global.seed == null) {
        seed = logged;
      }
      spec = StrategySpec.replay(log);
    } else {
      spec = RunCommand.strategy(runner, strategy == null ? "random" : strategy, depth);
    }
    long replaySeed = seed;
    StrategySpec replayStrategy = spec;
    ScenarioRun run =
        Progress.ofRun(global.json(), "replay " + runner.scenario().name())
            .during(
                () ->
                    runner
                        .start(
                            runner.runSpec(replaySeed, replayStrategy), ScenarioOutput.TRACE_LIMIT)
                        .join());
    return RunCommand.finish(runner, run, global.json(), verbose, trace, report, null, choices);
  }
}
