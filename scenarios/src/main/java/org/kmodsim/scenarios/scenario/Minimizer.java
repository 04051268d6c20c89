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
  /**
   * The shortened choices, the outcome they reproduce and how many replays it took; {@code
   * truncated} names the limit at which the original log's run stopped (nothing was minimised) or
   * {@code interrupted} when Ctrl-C ended the search (the shortest log found so far is kept).
   */
  public record Result(
      String outcome, int[] original, int[] minimized, int replays, String truncated) {}

  /** Told after every replay: replays so far and the length of the shortest log so far. */
  public interface Listener {
    void progress(int replays, int choices);
  }

  private final ScenarioRunner runner;
  private final long seed;
  private final int maxReplays;
  private int replays;
  private boolean interrupted;
  private String truncated;
  private int shortest;
  private Listener listener = (done, choices) -> {};

  public Minimizer(ScenarioRunner runner, long seed, int maxReplays) {
    this.runner = runner;
    this.seed = seed;
    this.maxReplays = maxReplays;
  }

  public Minimizer onProgress(Listener newListener) {
    this.listener = newListener;
    return this;
  }

  private boolean more() {
    return replays < maxReplays && !interrupted;
  }

  public Result minimize(ChoiceLog log) {
    List<Integer> choices = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.enabled(i) != 1) {
        choices.add(log.choice(i));
      }
    }
    shortest = choices.size();
    String target = outcome(choices);
    if (truncated != null) {
      return new Result(target, toArray(choices), toArray(choices), replays, truncated);
    }
    List<Integer> current = shortestPrefix(choices, target);
    shortest = current.size();
    int n = 2;
    while (current.size() >= 2 && more()) {
      int chunk = (int) Math.ceil(current.size() / (double) n);
      boolean reduced = false;
      for (int start = 0; start < current.size() && more(); start += chunk) {
        List<Integer> complement = new ArrayList<>(current.subList(0, start));
        complement.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
        if (outcome(complement).equals(target)) {
          current = complement;
          shortest = current.size();
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
    return new Result(
        target, toArray(choices), toArray(current), replays, interrupted ? "interrupted" : null);
  }

  private List<Integer> shortestPrefix(List<Integer> choices, String target) {
    for (int length = 0; length < choices.size(); length = length == 0 ? 1 : length * 2) {
      if (!more()) {
        break;
      }
      if (outcome(choices.subList(0, length)).equals(target)) {
        return new ArrayList<>(choices.subList(0, length));
      }
    }
    return new ArrayList<>(choices);
  }

  /** The outcome of a replay; an interrupted replay matches nothing and ends the search. */
  private String outcome(List<Integer> choices) {
    replays++;
    ScenarioRun run = runner.run(seed, StrategySpec.replay(ChoiceLog.of(toArray(choices))), 0);
    listener.progress(replays, shortest);
    if (run.truncation() != null) {
      if (run.result().end() == org.kmodsim.sim.EndReason.INTERRUPTED) {
        interrupted = true;
      } else if (replays == 1) {
        truncated = run.truncation();
      }
    }
    return run.outcome().name();
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
