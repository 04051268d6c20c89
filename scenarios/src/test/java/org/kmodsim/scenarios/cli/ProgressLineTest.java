package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aSizedTaskShowsItsBarRateOutcomesAndEta() {
    ProgressLine line =
        new ProgressLine(
            "explore lost-update",
            250,
            1000,
            "runs",
            0,
            Map.of("lost-update", 50L, "both-counted", 200L));
    assertThat(line.render(10 * SECOND))
        .isEqualTo(
            "explore lost-update [#####...............] 250/1000 runs 25%, 25 runs/s,"
                + " both-counted 200, lost-update 50, ETA 30s");
  }

  @Test
  void aTimeBudgetGivesTheFractionAndTheTimeLeft() {
    ProgressLine line = new ProgressLine("explore x", 40, 0, "runs", 60 * SECOND, Map.of());
    assertThat(line.render(15 * SECOND))
        .isEqualTo("explore x [#####...............] 40 runs 25%, 3 runs/s, ETA 45s");
  }

  @Test
  void anUnsizedTaskHasNoBarAndAnUnknownEta() {
    ProgressLine line = new ProgressLine("run big", 123_456, 0, "deliveries", 0, Map.of());
    assertThat(line.render(2 * SECOND))
        .isEqualTo("run big 123456 deliveries, 61728 deliveries/s, ETA ?");
  }

  @Test
  void longDurationsAndLinesStayReadable() {
    assertThat(ProgressLine.duration(3_725 * SECOND)).isEqualTo("1h02m");
    assertThat(ProgressLine.duration(125 * SECOND)).isEqualTo("2m05s");
    Map<String, Long> many = new java.util.TreeMap<>();
    for (int i = 0; i < 20; i++) {
      many.put("outcome-number-" + i, (long) i);
    }
    assertThat(new ProgressLine("explore x", 1, 2, "runs", 0, many).render(SECOND))
        .hasSizeLessThanOrEqualTo(ProgressLine.WIDTH)
        .contains("outcome-number-0 0")
        .endsWith(", ..., ETA 1s");
  }

  @Test
  void theBarShowsOnlyOnATerminalAndNeverWithJson() {
    assertThat(Progress.shows(false, true, null, "xterm")).isTrue();
    assertThat(Progress.shows(false, false, null, "xterm")).isFalse();
    assertThat(Progress.shows(true, true, null, "xterm")).isFalse();
    assertThat(Progress.shows(false, true, null, "dumb")).isFalse();
    assertThat(Progress.shows(false, false, "always", null)).isTrue();
    assertThat(Progress.shows(true, false, "always", null)).isFalse();
    assertThat(Progress.shows(false, true, "never", "xterm")).isFalse();
  }
}
