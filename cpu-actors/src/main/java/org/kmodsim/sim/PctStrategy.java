package org.kmodsim.sim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) over channels: each channel
 * gets a random distinct priority when first seen, the highest-priority enabled channel is always
 * delivered, and at d−1 change points drawn uniformly in [1, k] the running channel drops to a
 * priority below every initial one. For a bug of depth d among n channels and k steps, one run
 * finds it with probability at least 1/(n·k^(d−1)).
 */
public final class PctStrategy implements Strategy {
  private final SplittableRandom random;
  private final int depth;
  private final long horizon;
  private final long[] changePoints;
  private int[] priorities = new int[16];
  private int channelsSeen;

  /**
   * @param depth the bug depth d to target (1 means no change points)
   * @param horizon k, the expected number of steps of a run
   */
  public PctStrategy(long seed, int depth, long horizon) {
    if (depth < 1 || horizon < 1) {
      throw new IllegalArgumentException("PCT needs depth >= 1 and horizon >= 1");
    }
    this.random = new SplittableRandom(Seeds.mix(seed, 0x9C7L));
    this.depth = depth;
    this.horizon = horizon;
    this.changePoints = new long[depth - 1];
    for (int i = 0; i < changePoints.length; i++) {
      changePoints[i] = 1 + random.nextLong(horizon);
    }
    Arrays.sort(changePoints);
  }

  @Override
  public int choose(List<? extends Choice> enabled, long step) {
    int best = 0;
    int bestPriority = Integer.MIN_VALUE;
    for (int i = 0; i < enabled.size(); i++) {
      int priority = priorityOf(enabled.get(i).channelId());
      if (priority > bestPriority) {
        bestPriority = priority;
        best = i;
      }
    }
    for (int i = 0; i < changePoints.length; i++) {
      if (changePoints[i] == step) {
        // Below every initial priority (those are >= depth), lower for later change points.
        priorities[enabled.get(best).channelId()] = depth - 1 - i;
      }
    }
    return best;
  }

  private int priorityOf(int channelId) {
    while (channelId >= channelsSeen) {
      if (channelsSeen == priorities.length) {
        priorities = Arrays.copyOf(priorities, channelsSeen * 2);
      }
      // Distinct with overwhelming probability; ties fall back to the lower index.
      priorities[channelsSeen++] = depth + random.nextInt(Integer.MAX_VALUE - depth);
    }
    return priorities[channelId];
  }

  /** The guaranteed lower bound 1/(n·k^(d−1)) on finding a depth-d bug in one run. */
  public static double bound(int channels, long steps, int depth) {
    return 1.0 / (Math.max(1, channels) * Math.pow(Math.max(1, steps), depth - 1));
  }

  @Override
  public String describe() {
    return "pct(depth=" + depth + ",k=" + horizon + ")";
  }
}
