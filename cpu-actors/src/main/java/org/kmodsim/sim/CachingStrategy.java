package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The strategy of one run of a stateless search with state caching: forces the choices of a prefix
 * (at choice points, as {@link ReplayStrategy} does), then goes on with {@code afterwards}; from
 * step {@code from} on and past the prefix it stops the run ({@link #STOP}) on reaching a machine
 * state that an earlier run reached with no greater cost (what follows from there was explored),
 * and keeps the states it reached for the search to add once the run is over.
 */
public final class CachingStrategy implements Strategy {
  private final int[] prefix;
  private final Strategy afterwards;
  private final Map<Long, Integer> visited;
  private final long from;
  private final int cost;
  private final List<Long> reached = new ArrayList<>();
  private RunView run;
  private int next;
  private String undigested;
  private boolean pruned;

  /**
   * @param visited the states explored by earlier runs, with the least cost they were reached at;
   *     read only during the run
   * @param cost the cost of this run's schedule (deviations or delays of the prefix): a state
   *     reached before at a greater cost may still lead to schedules within the bound
   */
  public CachingStrategy(
      int[] prefix, Strategy afterwards, Map<Long, Integer> visited, long from, int cost) {
    this.prefix = prefix;
    this.afterwards = afterwards;
    this.visited = visited;
    this.from = from;
    this.cost = cost;
  }

  @Override
  public void attach(RunView view) {
    this.run = view;
  }

  @Override
  public boolean choosesForcedSteps() {
    return true;
  }

  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    if (next >= prefix.length && step >= from) {
      long state = run.stateDigest();
      if (state == RunView.UNKNOWN) {
        if (undigested == null) {
          undigested = run.undigested();
        }
      } else {
        Integer seen = visited.get(state);
        if (seen != null && seen <= cost) {
          pruned = true;
          return STOP;
        }
        reached.add(state);
      }
    }
    if (enabled.size() == 1) {
      return 0;
    }
    if (next < prefix.length) {
      int choice = prefix[next++];
      if (choice >= enabled.size()) {
        throw new IllegalStateException(
            "replay diverged at step " + step + ": the model is not deterministic");
      }
      return choice;
    }
    return afterwards.choose(enabled, step);
  }

  /** The states this run reached past its prefix, in order. */
  public List<Long> reached() {
    return reached;
  }

  /** Why some state of this run had no digest (the first reason), or null. */
  public String undigested() {
    return undigested;
  }

  public boolean pruned() {
    return pruned;
  }

  @Override
  public String describe() {
    return "dfs+state-cache(" + prefix.length + " forced)";
  }
}
