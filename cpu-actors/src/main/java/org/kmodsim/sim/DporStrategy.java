package org.kmodsim.sim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strategy of one {@link Dpor} run: replays the plan's prefix (one choice per step, forced
 * steps included), then delivers the oldest enabled message whose channel is not asleep, taking a
 * channel out of the sleep set once a delivery dependent with its own has happened. It stops the
 * run when every enabled channel is asleep (what follows was explored); a bound never stops it
 * ({@link Dpor} bounds the backtrack choices instead). Before {@code start} (the boot) it chooses
 * as a seeded random walk, as the first run of {@code dfs} does.
 */
public final class DporStrategy implements Strategy {
  private final int[] prefix;
  private final int start;
  private final Strategy boot;
  private final Map<Integer, Map<String, Schedule.Event>> sleeps = new HashMap<>();
  private Map<String, Schedule.Event> sleep;
  private boolean stopped;

  DporStrategy(Dpor.Plan plan, int start, Strategy boot) {
    this.prefix = plan.prefix();
    this.start = start;
    this.boot = boot;
    this.sleep = new LinkedHashMap<>();
    plan.sleep()
        .forEach(
            (key, event) -> {
              if (event != null) {
                sleep.put(key, event);
              }
            });
  }

  @Override
  public boolean choosesForcedSteps() {
    return true;
  }

  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    int s = (int) step;
    if (s < prefix.length) {
      if (prefix[s] >= enabled.size()) {
        throw new IllegalStateException(
            "dpor replay diverged at step " + s + ": the model is not deterministic");
      }
      return prefix[s];
    }
    if (s < start) {
      return enabled.size() == 1 ? 0 : boot.choose(enabled, step);
    }
    sleeps.put(s, Map.copyOf(sleep));
    int best = -1;
    for (int i = 0; i < enabled.size(); i++) {
      Choice c = enabled.get(i);
      if (!sleep.containsKey(c.key())
          && (best < 0 || c.sequence() < enabled.get(best).sequence())) {
        best = i;
      }
    }
    if (best < 0) {
      stopped = true;
      return STOP;
    }
    return best;
  }

  @Override
  public void delivered(Schedule.Event event) {
    if (event.step() < prefix.length - 1 || sleep.isEmpty()) {
      return;
    }
    sleep.values().removeIf(asleep -> asleep.dependent(event));
    sleep.remove(event.channel());
  }

  /** The sleep set before step {@code step} of this run (from the plan's branch on). */
  Map<String, Schedule.Event> sleepAt(int step) {
    return sleeps.getOrDefault(step, Map.of());
  }

  /** Whether the run stopped because every enabled channel was asleep. */
  public boolean stopped() {
    return stopped;
  }

  @Override
  public String describe() {
    return "dpor(" + prefix.length + " replayed)";
  }
}
