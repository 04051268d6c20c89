package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.StrategySpec;

/**
 * The determinism recheck at the end of an exploration: the first recheck-max failing runs (by
 * seed, or a dfs run by the choices that replay it) run again, and a different trace digest is a
 * leak.
 */
final class Recheck {
  private Recheck() {}

  /** Reruns every failing run once; a different digest is a determinism leak. */
  static List<Explorer.Leak> leaks(Explorer e) {
    List<Explorer.Leak> leaks = new ArrayList<>();
    List<Long> keys = new ArrayList<>(e.failingDigests.keySet());
    List<CompletableFuture<ScenarioRun>> again = new ArrayList<>();
    for (long key : keys) {
      int[] prefix = e.failingPrefixes.get(key);
      again.add(
          e.runner.start(
              prefix != null
                  ? e.runner.runSpec(
                      e.settings.baseSeed(), StrategySpec.replay(ChoiceLog.of(prefix)))
                  : e.runner.runSpec(key, e.strategy()),
              0));
    }
    for (int i = 0; i < keys.size(); i++) {
      RunResult rerun = again.get(i).join().result();
      if (rerun.end() == org.kmodsim.sim.EndReason.INTERRUPTED) {
        continue; // stopped before it could be compared
      }
      String second = rerun.traceDigest();
      String first = e.failingDigests.get(keys.get(i));
      if (!first.equals(second)) {
        long seed =
            e.failingPrefixes.containsKey(keys.get(i)) ? e.settings.baseSeed() : keys.get(i);
        leaks.add(new Explorer.Leak(seed, first, second));
      }
    }
    return leaks;
  }
}
