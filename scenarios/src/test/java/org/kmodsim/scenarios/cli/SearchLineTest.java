package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line that says what a dfs or dpor search's verdicts are worth, in singular and plural. */
class SearchLineTest {
  private static String searchLine(String... args) {
    MainTest.Run run = MainTest.kmodsim(args);
    // 0, or 1 when the search found the lost update (a forbidden outcome): not bad input.
    assertThat(run.status()).as(run.err()).isIn(ExitCode.OK, ExitCode.FORBIDDEN);
    return run.out()
        .lines()
        .filter(l -> l.startsWith("dfs:") || l.startsWith("dpor:"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aBoundOfOneIsOneDelay() {
    assertThat(searchLine("explore", "lost-update", "--strategy", "dfs", "--bound", "1"))
        .isEqualTo(
            "dfs: every schedule with at most 1 delay explored (verdicts are exact up to 1 delay)");
  }

  @Test
  void otherBoundsAndCountsArePlural() {
    assertThat(searchLine("explore", "lost-update", "--strategy", "dfs", "--bound", "2"))
        .isEqualTo(
            "dfs: every schedule with at most 2 delays explored (verdicts are exact up to 2"
                + " delays)");
    assertThat(searchLine("explore", "lost-update", "--strategy", "dpor", "--bound", "0"))
        .isEqualTo(
            "dpor: every class of equivalent schedules with at most 0 preemptions explored"
                + " (verdicts are exact up to 0 preemptions) (1 complete run, 0 redundant runs"
                + " stopped, 2 races)");
  }
}
