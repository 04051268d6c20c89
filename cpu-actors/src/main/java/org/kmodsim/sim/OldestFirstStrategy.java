package org.kmodsim.sim;

import java.util.List;

/**
 * Delivers the oldest enabled message first, as a fair interconnect would: the schedule with no
 * delay, from which a delay-bounded search counts how many older messages each choice passes over.
 */
public final class OldestFirstStrategy implements Strategy {
  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    return oldest(enabled);
  }

  /** The index of the enabled channel whose head message was sent first. */
  public static int oldest(List<? extends Choice> enabled) {
    int best = 0;
    for (int i = 1; i < enabled.size(); i++) {
      if (enabled.get(i).sequence() < enabled.get(best).sequence()) {
        best = i;
      }
    }
    return best;
  }

  /** How many enabled channels hold a message older than the head of {@code index}. */
  public static int older(List<? extends Choice> enabled, int index) {
    long head = enabled.get(index).sequence();
    int older = 0;
    for (Choice c : enabled) {
      if (c.sequence() < head) {
        older++;
      }
    }
    return older;
  }

  @Override
  public String describe() {
    return "oldest-first";
  }
}
