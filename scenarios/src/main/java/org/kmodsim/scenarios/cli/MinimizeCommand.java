package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodsim.scenarios.scenario.Minimizer;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.ChoiceLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim minimize SCENARIO --choices FILE}: shrinks a failing schedule to fewer forced
 * choices with the same outcome and writes it next to the original ({@code FILE.min}).
 */
@Command(
    name = "minimize",
    description = "Shrink a saved schedule to a shorter one with the " + "same outcome.")
public final class MinimizeCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;
  @Mixin GlobalOptions global;

  @Option(
      names = "--choices",
      paramLabel = "FILE",
      required = true,
      description = "The choice log to shrink.")
  Path choices;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write (FILE.min).")
  Path output;

  @Option(names = "--max-replays", paramLabel = "N", description = "Replay budget (2000).")
  int maxReplays = 2000;

  @Override
  public Integer call() {
    ScenarioRunner runner = RunCommand.prepare(scenario, global);
    ChoiceLog log = ChoiceLog.load(choices);
    Long seed = ChoiceLog.seedOf(choices);
    long runSeed =
        global.seed != null ? global.seed : seed != null ? seed : runner.settings().seed();
    Minimizer minimizer = new Minimizer(runner, runSeed, maxReplays);
    String task = "minimize " + runner.scenario().name();
    java.util.concurrent.atomic.AtomicReference<ProgressLine> line =
        new java.util.concurrent.atomic.AtomicReference<>(
            new ProgressLine(task, 0, maxReplays, "replays", 0, Map.of()));
    Minimizer.Result result;
    try (Progress progress = Progress.start(global.json(), line::get)) {
      if (progress.shown()) {
        minimizer.onProgress(
            (done, length) ->
                line.set(
                    new ProgressLine(
                        task, done, maxReplays, "replays", 0, Map.of("choices", (long) length))));
      }
      result = minimizer.minimize(log);
    }
    if (result.truncated() != null && !result.truncated().equals("interrupted")) {
      // The log's own run stopped at a limit: it has no outcome to keep, so nothing to shrink.
      String why =
          "the replay of "
              + choices
              + " stopped at a limit ("
              + result.truncated()
              + ") before it finished: no outcome to keep, nothing minimized";
      if (global.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", runner.scenario().name());
        json.put("seed", runSeed);
        json.put("truncated", result.truncated());
        json.put("reason", why);
        System.out.println(Output.json(json));
      } else {
        System.out.println("seed " + runSeed + " (truncated: " + result.truncated() + ")");
        System.out.println(why);
      }
      return ExitCode.TRUNCATED;
    }
    Path target = output != null ? output : Path.of(choices + ".min");
    ChoiceLog.of(result.minimized()).save(target, runSeed, "replay(minimized)");
    String replay =
        "kmodsim replay "
            + runner.scenario().name()
            + " --era "
            + runner.era().label()
            + " --choices "
            + target;
    if (global.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("scenario", runner.scenario().name());
      json.put("seed", runSeed);
      json.put("truncated", result.truncated());
      json.put("outcome", result.outcome());
      json.put("originalChoices", result.original().length);
      json.put("minimizedChoices", result.minimized().length);
      json.put("replays", result.replays());
      json.put("choicesFile", target.toString());
      json.put("replayCommand", replay);
      System.out.println(Output.json(json));
    } else {
      System.out.println(
          "seed "
              + runSeed
              + (result.truncated() != null
                  ? " (interrupted after "
                      + result.replays()
                      + " replays: the shortest log found so far)"
                  : ""));
      System.out.printf(
          "outcome %s: %d forced choices -> %d (%d replays)%n",
          result.outcome(), result.original().length, result.minimized().length, result.replays());
      System.out.println("minimized choice log: " + target);
      System.out.println("replay: " + replay);
    }
    boolean failing =
        runner.scenario().rule(result.outcome()) == null
            || runner.scenario().rule(result.outcome()).outcomeClass().failing();
    return failing ? 1 : 0;
  }
}
