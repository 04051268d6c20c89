package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.StrategySpec;

/**
 * Shrinks a failing schedule: delta debugging (Zeller's ddmin) over the list of forced choices,
 * keeping a candidate when its replay (the shortened log, then the seeded default past its end)
 * still ends in the same outcome. A candidate that no longer fits the model fails its replay and is
 * dropped. First the shortest reproducing prefix is found, then chunks are removed.
 */
public final class Minimizer {
  /** The shortened choices, the outcome they reproduce and how many replays it took. */
  public record Result(String outcome, int[] original, int[] minimized, int replays) {}

  private final ScenarioRunner runner;
  private final long seed;
  private final int maxReplays;
  private int replays;

  public Minimizer(ScenarioRunner runner, long seed, int maxReplays) {
    this.runner = runner;
    this.seed = seed;
    this.maxReplays = maxReplays;
  }

  public Result minimize(ChoiceLog log) {
    List<Integer> choices = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.enabled(i) != 1) {
        choices.add(log.choice(i));
      }
    }
    String target = outcome(choices);
    List<Integer> current = shortestPrefix(choices, target);
    int n = 2;
    while (current.size() >= 2 && replays < maxReplays) {
      int chunk = (int) Math.ceil(current.size() / (double) n);
      boolean reduced = false;
      for (int start = 0; start < current.size() && replays < maxReplays; start += chunk) {
        List<Integer> complement = new ArrayList<>(current.subList(0, start));
        complement.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
        if (outcome(complement).equals(target)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= current.size()) {
          break;
        }
        n = Math.min(current.size(), n * 2);
      }
    }
    return new Result(target, toArray(choices), toArray(current), replays);
  }

  private List<Integer> shortestPrefix(List<Integer> choices, String target) {
    for (int length = 0; length < choices.size(); length = length == 0 ? 1 : length * 2) {
      if (replays >= maxReplays) {
        break;
      }
      if (outcome(choices.subList(0, length)).equals(target)) {
        return new ArrayList<>(choices.subList(0, length));
      }
    }
    return new ArrayList<>(choices);
  }

  private String outcome(List<Integer> choices) {
    replays++;
    ScenarioRun run = runner.run(seed, StrategySpec.replay(ChoiceLog.of(toArray(choices))), 0);
    return run.outcome().name();
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
