package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyTest {
  private record FakeChoice(int channelId) implements Choice {
    @Override
    public String source() {
      return "s" + channelId;
    }

    @Override
    public String target() {
      return "t";
    }

    @Override
    public String key() {
      return source() + "->" + target();
    }

    @Override
    public long sequence() {
      return channelId;
    }
  }

  private static List<FakeChoice> channels(int... ids) {
    List<FakeChoice> list = new ArrayList<>();
    for (int id : ids) {
      list.add(new FakeChoice(id));
    }
    return list;
  }

  @Test
  void randomWalkIsSeededAndCoversEveryChoice() {
    RandomWalkStrategy a = new RandomWalkStrategy(9);
    RandomWalkStrategy b = new RandomWalkStrategy(9);
    int[] seen = new int[3];
    for (int step = 0; step < 300; step++) {
      int choice = a.choose(channels(0, 1, 2), step);
      assertThat(b.choose(channels(0, 1, 2), step)).isEqualTo(choice);
      seen[choice]++;
    }
    assertThat(seen[0]).isGreaterThan(50);
    assertThat(seen[1]).isGreaterThan(50);
    assertThat(seen[2]).isGreaterThan(50);
  }

  @Test
  void pctWithDepthOneAlwaysPicksTheSameHighestPriorityChannel() {
    PctStrategy pct = new PctStrategy(4, 1, 100);
    int first = pct.choose(channels(0, 1, 2, 3), 0);
    for (int step = 1; step < 50; step++) {
      assertThat(pct.choose(channels(0, 1, 2, 3), step)).isEqualTo(first);
    }
  }

  @Test
  void pctChangePointsDemoteTheRunningChannel() {
    // With depth 2 and horizon 1 the single change point is step 1.
    PctStrategy pct = new PctStrategy(11, 2, 1);
    int before = pct.choose(channels(0, 1), 1);
    int after = pct.choose(channels(0, 1), 2);
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void pctBoundIsOneOverNTimesKToTheDepthMinusOne() {
    assertThat(PctStrategy.bound(4, 10, 3)).isEqualTo(1.0 / (4 * 100));
    assertThat(PctStrategy.bound(5, 1000, 1)).isEqualTo(1.0 / 5);
  }

  @Test
  void replayForcesLoggedChoicesThenFallsBack() {
    ChoiceLog log = new ChoiceLog();
    log.append(1, 2, 0);
    log.append(0, 1, 0); // a forced step: skipped, it never reached a strategy
    log.append(2, 3, 0);
    ReplayStrategy replay = new ReplayStrategy(log, new RandomWalkStrategy(1));
    assertThat(replay.choose(channels(0, 1), 0)).isEqualTo(1);
    assertThat(replay.choose(channels(0, 1, 2), 1)).isEqualTo(2);
    assertThat(replay.choose(channels(0, 1), 2)).isBetween(0, 1);
  }

  @Test
  void replayThatNoLongerFitsTheModelSaysItDiverged() {
    ReplayStrategy replay = new ReplayStrategy(ChoiceLog.of(5), new RandomWalkStrategy(1));
    assertThatThrownBy(() -> replay.choose(channels(0, 1), 0))
        .hasMessageContaining("replay diverged");
  }
}
