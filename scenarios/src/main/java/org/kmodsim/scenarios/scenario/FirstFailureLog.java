package org.kmodsim.scenarios.scenario;

import java.nio.file.Path;
import org.kmodsim.sim.RunResult;

/**
 * The first failing run of an exploration, saved to be seen again: its choice log in the choices
 * directory and the command that replays it (by seed when the log cannot be written).
 */
final class FirstFailureLog {
  private FirstFailureLog() {}

  static Explorer.FirstFailure save(ScenarioRun run, Explorer.Settings settings) {
    RunResult result = run.result();
    Path dir = settings.choicesDir() != null ? settings.choicesDir() : Path.of(".");
    Path file =
        dir.resolve("kmodsim-" + run.scenario().name() + "-seed" + result.seed() + ".choices");
    String replay;
    try {
      result.choices().save(file, result.seed(), result.strategy());
      replay = replay(run.scenario().name(), run.era().label()) + " --choices " + file;
    } catch (RuntimeException e) {
      file = null;
      replay = replayBySeed(run.scenario().name(), run.era().label(), result.seed(), settings);
    }
    return new Explorer.FirstFailure(
        result.seed(),
        result.strategy(),
        run.outcome().name(),
        file,
        result.choices().size(),
        replay);
  }

  /** A first failure known by its seed only (the exploration was interrupted). */
  static Explorer.FirstFailure bySeed(
      ScenarioRunner runner, long seed, String outcome, Explorer.Settings settings) {
    String replay = replayBySeed(runner.scenario().name(), runner.era().label(), seed, settings);
    return new Explorer.FirstFailure(seed, settings.strategy(), outcome, null, 0, replay);
  }

  /** The command that replays a run of {@code scenario} on {@code era}, before how it names it. */
  private static String replay(String scenario, String era) {
    return "kmodsim replay " + scenario + " --era " + era;
  }

  /** The command that replays {@code seed} with the exploration's strategy. */
  private static String replayBySeed(
      String scenario, String era, long seed, Explorer.Settings settings) {
    return replay(scenario, era)
        + " --seed "
        + seed
        + (settings.strategy().equals("pct")
            ? " --strategy pct --depth "
                + settings.depth()
                + " --set kmodsim.run.pct-horizon="
                + settings.pctHorizon()
            : "");
  }
}
