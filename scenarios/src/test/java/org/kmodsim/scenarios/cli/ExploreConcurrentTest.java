package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.cli.MainTest.Run;

/**
 * {@code explore --mode concurrent}: free-running runs on real threads (the explorer refuses a run
 * the engine made deterministically), a histogram of the scenario's own outcomes, the forbidden and
 * interesting ones named, no seed anywhere and the note that the runs cannot be replayed; the
 * options of deterministic schedules are refused, never ignored.
 */
class ExploreConcurrentTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void concurrentRunsCountEveryRunUnderTheScenariosOutcomesAndCarryNoSeed() throws Exception {
    Run run = kmodsim("explore", "lost-update", "--mode", "concurrent", "--runs", "40", "--json");
    JsonNode json = mapper.readTree(run.out());
    assertThat(json.get("mode").asText()).isEqualTo("concurrent");
    assertThat(json.get("runs").asLong()).isEqualTo(40);
    assertThat(json.get("replayable").asBoolean()).isFalse();
    assertThat(json.get("note").asText()).contains("cannot be replayed");
    assertThat(json.has("firstSeed")).isFalse();
    assertThat(json.has("firstForbidden")).isFalse();
    long total = 0;
    Set<String> names = new HashSet<>();
    for (java.util.Map.Entry<String, JsonNode> entry : json.get("histogram").properties()) {
      total += entry.getValue().get("count").asLong();
      names.add(entry.getKey());
      assertThat(entry.getValue().has("firstSeed")).isFalse();
    }
    assertThat(total).isEqualTo(40);
    assertThat(names).isSubsetOf("both-counted", "lost-update");
    Set<String> forbidden = new HashSet<>();
    json.get("forbidden").forEach(n -> forbidden.add(n.asText()));
    assertThat(forbidden)
        .isEqualTo(names.contains("lost-update") ? Set.of("lost-update") : Set.of());
    assertThat(run.status()).isEqualTo(forbidden.isEmpty() ? 0 : 1);
  }

  @Test
  void theTextReportSaysTheRunsAreFreeRunningAndNotReplayable() {
    Run run = kmodsim("explore", "message-passing", "--mode", "concurrent", "--runs", "20");
    assertThat(run.out())
        .contains("mode concurrent (free-running on")
        .contains("20 runs")
        .contains("forbidden: ")
        .contains("interesting: ")
        .contains("cannot be replayed")
        .doesNotStartWith("seed")
        .doesNotContain("first of the run seeds")
        .doesNotContain("replay:");
  }

  @Test
  void optionsOfDeterministicSchedulesAreRefusedInConcurrentMode() {
    for (String[] option :
        new String[][] {{"--strategy", "dfs"}, {"--depth", "2"}, {"--out", "/tmp"}}) {
      Run run =
          kmodsim(
              "explore",
              "lost-update",
              "--mode",
              "concurrent",
              "--runs",
              "5",
              option[0],
              option[1]);
      assertThat(run.status()).as(option[0]).isEqualTo(2);
      assertThat(run.err())
          .as(option[0])
          .contains(option[0])
          .contains("--mode concurrent runs have none");
      assertThat(run.out()).as(option[0]).isEmpty();
    }
  }

  @Test
  void deterministicExploreStillReportsItsFirstSeed(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Run run = kmodsim("explore", "lost-update", "--runs", "20", "--json", "--out", dir.toString());
    JsonNode json = mapper.readTree(run.out());
    assertThat(json.get("firstSeed").asLong()).isEqualTo(1);
    assertThat(json.has("replayable")).isFalse();
  }
}
