package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command surface of {@code kmodsim bench explore}, with a short engine run and no warm-up: it
 * measures the very exploration {@code explore} makes, and its figures are consistent with each
 * other. No timing is asserted.
 */
class BenchExploreCommandTest {
  /** {@code bench explore lost-update --runs RUNS}, no warm-up, a short engine run. */
  private static MainTest.Run benchLostUpdate(String runs, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "bench",
                "explore",
                "lost-update",
                "--runs",
                runs,
                "--warm-up",
                "0s",
                "--set",
                "kmodsim.bench.long-rounds=2000"));
    args.addAll(java.util.List.of(more));
    return MainTest.kmodsim(args.toArray(String[]::new));
  }

  @Test
  void measuresTheExplorationThatExploreMakes(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    MainTest.Run run = benchLostUpdate("300", "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("scenario").asText()).isEqualTo("lost-update");
    assertThat(json.get("strategy").asText()).isEqualTo("random");
    assertThat(json.get("runs").asLong()).isEqualTo(300);
    // `kmodsim run lost-update` prints "steps 18": two CPUs, each a read and a write, and the boot
    assertThat(json.get("deliveriesPerRun").asDouble()).isEqualTo(18.0);
    // The same seeds as explore's: the same outcome counts.
    MainTest.Run explore =
        MainTest.kmodsim(
            "explore", "lost-update", "--runs", "300", "--out", dir.toString(), "--json");
    assertThat(explore.status()).as(explore.err()).isEqualTo(1); // it finds the lost update
    Map<String, Long> expected = new LinkedHashMap<>();
    new ObjectMapper()
        .readTree(explore.out())
        .get("histogram")
        .properties()
        .forEach(e -> expected.put(e.getKey(), e.getValue().get("count").asLong()));
    Map<String, Long> measured = new LinkedHashMap<>();
    json.get("outcomes").properties().forEach(e -> measured.put(e.getKey(), e.getValue().asLong()));
    assertThat(measured).isEqualTo(expected).containsKeys("lost-update", "both-counted");
    // No warm-up asked for: exactly one unmeasured exploration between the cold and the warm one.
    assertThat(json.get("warmUpExplorations").asInt()).isEqualTo(1);
    // The reference is the better of the two engine runs, and each share is against it.
    long engine = json.get("engineDeliveriesPerSec").asLong();
    assertThat(engine)
        .isEqualTo(
            Math.max(
                json.get("engineBeforePerSec").asLong(), json.get("engineAfterPerSec").asLong()))
        .isPositive();
    double share = (double) json.get("deliveriesPerSec").asLong() / engine;
    assertThat(json.get("share").asDouble())
        .isCloseTo(share, org.assertj.core.data.Offset.offset(0.0011));
    assertThat(json.get("deliveriesPerSec").asDouble())
        .isCloseTo(
            18.0 * json.get("runsPerSec").asLong(),
            org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(json.get("coldRunsPerSec").asLong()).isPositive();
  }

  @Test
  void textNamesEveryFigureInWords() {
    MainTest.Run run = benchLostUpdate("50");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("runsPerSec: ")
        .contains("coldRunsPerSec: ")
        .contains("share: ")
        .containsPattern(
            "outcomes: (lost-update|both-counted) \\d+, (lost-update|both-counted) \\d+\n")
        .doesNotContain("{")
        .doesNotContain("=");
  }

  @Test
  void anExplorationCutShortGivesNoFiguresAndStatus4() {
    MainTest.Run run =
        MainTest.kmodsim(
            "bench", "explore", "lost-update", "--runs", "20", "--set", "kmodsim.run.max-steps=5");
    assertThat(run.status()).as(run.err()).isEqualTo(4);
    assertThat(run.out())
        .isEqualTo("bench explore: cut short during the cold exploration: no figures\n");
  }

  @Test
  void badOptionsAreBadInput() {
    assertThat(MainTest.kmodsim("bench", "explore", "lost-update", "--runs", "0").status())
        .isEqualTo(2);
    MainTest.Run dfs = MainTest.kmodsim("bench", "explore", "lost-update", "--strategy", "dfs");
    assertThat(dfs.status()).isEqualTo(2);
    assertThat(dfs.err()).contains("random or pct").contains("explore --strategy dfs --json");
    MainTest.Run soon = MainTest.kmodsim("bench", "explore", "lost-update", "--warm-up", "soon");
    assertThat(soon.status()).isEqualTo(2);
    assertThat(soon.err()).startsWith("kmodsim: --warm-up: bad duration 'soon'");
    assertThat(MainTest.kmodsim("bench", "explore", "lost-update", "--mode", "concurrent").status())
        .isEqualTo(2);
    assertThat(MainTest.kmodsim("bench", "explore", "no-such-scenario").status()).isEqualTo(2);
  }
}
