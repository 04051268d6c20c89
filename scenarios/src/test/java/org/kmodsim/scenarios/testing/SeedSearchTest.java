package org.kmodsim.scenarios.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedSearchTest {
  /** A "race" whose outcome is the seed's remainder: 0 wins on seeds 3, 6, ...; 1 elsewhere. */
  private static String race(long seed) {
    return seed % 3 == 0 ? "lost" : "counted";
  }

  @Test
  void stopsOnceEveryExpectedOutcomeWasSeenAndNamesItsFirstSeed() {
    List<Long> ran = new ArrayList<>();
    SeedSearch.Result<String> result =
        SeedSearch.of(
                seed -> {
                  ran.add(seed);
                  return race(seed);
                },
                r -> r)
            .exhaustive(false)
            .expect("lost", "counted")
            .within(100);
    assertThat(ran).containsExactly(1L, 2L, 3L);
    assertThat(result.firstSeed("lost")).isEqualTo(3);
    assertThat(result.firstSeed("counted")).isEqualTo(1);
    assertThat(result.histogram()).containsEntry("counted", 2).containsEntry("lost", 1);
  }

  @Test
  void allSeedsRunsTheWholeBudget() {
    SeedSearch.Result<String> result =
        SeedSearch.of(SeedSearchTest::race, r -> r)
            .exhaustive(false)
            .expect("counted")
            .allow("lost")
            .allSeeds()
            .within(30);
    assertThat(result.seedsRun()).isEqualTo(30);
    assertThat(result.histogram()).containsEntry("lost", 10);
  }

  @Test
  void exhaustiveRunsTenTimesTheBudgetToTheEnd() {
    SeedSearch.Result<String> result =
        SeedSearch.of(SeedSearchTest::race, r -> r)
            .exhaustive(true)
            .expect("counted", "lost")
            .within(30);
    assertThat(result.seedsRun()).isEqualTo(300);
  }

  @Test
  void anUnlistedOutcomeFailsNamingTheSeed() {
    assertThatThrownBy(
            () ->
                SeedSearch.of(SeedSearchTest::race, r -> r)
                    .exhaustive(false)
                    .expect("counted")
                    .allSeeds()
                    .within(10))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 3: outcome 'lost' is not listed");
  }

  @Test
  void anExpectedOutcomeThatNeverTurnsUpFails() {
    assertThatThrownBy(
            () ->
                SeedSearch.of(SeedSearchTest::race, r -> r)
                    .exhaustive(false)
                    .expect("counted", "oops")
                    .allow("lost")
                    .within(20))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no seed in 1..20 showed [oops]");
  }

  @Test
  void everyRunIsChecked() {
    assertThatThrownBy(
            () ->
                SeedSearch.of(SeedSearchTest::race, r -> r)
                    .exhaustive(false)
                    .expect("counted")
                    .allow("lost")
                    .everyRun((seed, r) -> assertThat(seed).as("seed").isLessThan(5))
                    .allSeeds()
                    .within(10))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed");
  }
}
