package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.cli.MainTest.Run;
import org.kmodsim.scenarios.testing.SeedSearch;

class ScenarioCommandsTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void listPrintsTheCatalogueOneLineEach() {
    Run run = kmodsim("list");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("lost-update").contains("unload-while-in-use");
    assertThat(run.out().lines().filter(l -> !l.isBlank()).count()).isGreaterThanOrEqualTo(12);
  }

  /** The outcome {@code kmodsim run lost-update --seed SEED --json} reports. */
  private String lostUpdateOutcome(long seed) {
    try {
      return mapper
          .readTree(kmodsim("run", "lost-update", "--seed", Long.toString(seed), "--json").out())
          .get("outcome")
          .asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void runPrintsTheSeedFirstAndExitsOneOnAForbiddenOutcome() {
    // The first seed whose schedule loses the update, whichever it is today.
    long seed =
        SeedSearch.of(this::lostUpdateOutcome, outcome -> outcome)
            .expect("lost-update")
            .allow("both-counted")
            .within(100)
            .firstSeed("lost-update");
    Run run = kmodsim("run", "lost-update", "--seed", Long.toString(seed));
    assertThat(run.out()).startsWith("seed " + seed + "\n");
    assertThat(run.out())
        .contains("outcome: lost-update [forbidden]")
        .contains("timeline:")
        .contains("-> memory Read[count]");
    assertThat(run.status()).isEqualTo(1);
    Run fine = kmodsim("run", "message-passing", "--seed", "1");
    assertThat(fine.status()).isZero();
  }

  @Test
  void runJsonHasTheDocumentedFields() throws Exception {
    Run run = kmodsim("run", "lost-update", "--seed", "4", "--era", "2.4", "--json");
    JsonNode json = mapper.readTree(run.out());
    for (String field :
        new String[] {
          "scenario",
          "era",
          "mode",
          "seed",
          "outcome",
          "outcomeClass",
          "violations",
          "coverage",
          "traceDigest",
          "virtualTimeNs",
          "steps"
        }) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("era").asText()).isEqualTo("2.4");
    assertThat(json.get("seed").asLong()).isEqualTo(4);
    assertThat(run.status())
        .isEqualTo(json.get("outcomeClass").asText().equals("forbidden") ? 1 : 0);
  }

  @Test
  void malformedFilesAndMissingCommandsExitTwoWithoutRunning(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(
        bad,
        "programs = [ { cpu = 0, steps = [\"spin 1us\"] } ]\n"
            + "outcomes = [ { name = x, class = fine, description = \"d\" } ]\n");
    Run run = kmodsim("run", bad.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .startsWith("kmodsim: " + bad + ":2: outcomes.class: unknown outcome class 'fine'");

    Path future = dir.resolve("future.conf");
    Files.writeString(
        future,
        "description = d\n"
            + "programs = [ { cpu = 0, steps = [\"frobnicate_module x\", \"spin 1us\"] } ]\n"
            + "outcomes = [ { name = x, class = acceptable, description = d } ]\n");
    Run needs = kmodsim("run", future.toString());
    assertThat(needs.status()).isEqualTo(2);
    assertThat(needs.out()).isEmpty();
    assertThat(needs.err()).contains("needs commands this build does not have: frobnicate_module");
    assertThat(kmodsim("run", "no-such-scenario").status()).isEqualTo(2);
  }

  @Test
  void exploreRerunsAtMostTheConfiguredNumberOfFailingRuns(@TempDir Path dir) throws Exception {
    JsonNode all =
        mapper.readTree(
            kmodsim("explore", "lost-update", "--runs", "60", "--out", dir.toString(), "--json")
                .out());
    long failing = all.get("histogram").get("lost-update").get("count").asLong();
    assertThat(failing).as("this test needs more failing runs than its cap").isGreaterThan(3);
    assertThat(all.get("rerun").asLong()).isEqualTo(failing);
    Run capped =
        kmodsim(
            "explore",
            "lost-update",
            "--runs",
            "60",
            "--out",
            dir.toString(),
            "--json",
            "--set",
            "kmodsim.explore.recheck-max=3");
    JsonNode json = mapper.readTree(capped.out());
    assertThat(json.get("histogram").get("lost-update").get("count").asLong()).isEqualTo(failing);
    assertThat(json.get("rerun").asLong()).isEqualTo(3);
    assertThat(json.get("determinismLeaks")).isEmpty();
  }

  @Test
  void exploreFindsTheLostUpdateAndItsReplayReproducesIt(@TempDir Path dir) throws Exception {
    Run explore =
        kmodsim("explore", "lost-update", "--runs", "30", "--out", dir.toString(), "--json");
    assertThat(explore.status()).isEqualTo(1);
    JsonNode json = mapper.readTree(explore.out());
    assertThat(json.get("runs").asLong()).isEqualTo(30);
    assertThat(json.get("histogram").get("lost-update").get("class").asText())
        .isEqualTo("forbidden");
    assertThat(json.get("determinismLeaks")).isEmpty();
    JsonNode first = json.get("firstForbidden");
    Path choices = Path.of(first.get("choicesFile").asText());
    assertThat(choices).exists();
    assertThat(first.get("replayCommand").asText()).startsWith("kmodsim replay lost-update");

    Run replay = kmodsim("replay", "lost-update", "--choices", choices.toString(), "--json");
    JsonNode replayed = mapper.readTree(replay.out());
    assertThat(replayed.get("outcome").asText()).isEqualTo("lost-update");
    assertThat(replayed.get("seed").asLong()).isEqualTo(first.get("seed").asLong());
    Run bySeed = kmodsim("run", "lost-update", "--seed", first.get("seed").asText(), "--json");
    assertThat(mapper.readTree(bySeed.out()).get("traceDigest"))
        .isEqualTo(replayed.get("traceDigest"));

    Run minimize = kmodsim("minimize", "lost-update", "--choices", choices.toString(), "--json");
    JsonNode min = mapper.readTree(minimize.out());
    assertThat(min.get("outcome").asText()).isEqualTo("lost-update");
    assertThat(min.get("minimizedChoices").asInt())
        .isLessThanOrEqualTo(min.get("originalChoices").asInt());
    Run again =
        kmodsim("replay", "lost-update", "--choices", min.get("choicesFile").asText(), "--json");
    assertThat(mapper.readTree(again.out()).get("outcome").asText()).isEqualTo("lost-update");
  }

  @Test
  void dfsExploresEveryScheduleAndNeverSeesTheReorderedWrites() throws Exception {
    Run run = kmodsim("explore", "message-passing", "--strategy", "dfs", "--depth", "30", "--json");
    assertThat(run.status()).isZero();
    JsonNode json = mapper.readTree(run.out());
    assertThat(json.get("exhaustive").asBoolean()).isTrue();
    // Every schedule of the two programs (and of whatever the booted kernel still does
    // meanwhile, such as the console): the same count every time the search is made.
    long runs = json.get("runs").asLong();
    assertThat(runs).isGreaterThan(100);
    JsonNode again =
        mapper.readTree(
            kmodsim("explore", "message-passing", "--strategy", "dfs", "--depth", "30", "--json")
                .out());
    assertThat(again.get("runs").asLong()).isEqualTo(runs);
    assertThat(again.get("histogram")).isEqualTo(json.get("histogram"));
    assertThat(json.get("verdicts").get("none-seen").asText()).isEqualTo("sometimes");
    assertThat(json.get("verdicts").get("flag-without-data").asText()).isEqualTo("never");
    assertThat(json.get("verdicts").get("both-seen").asText()).isEqualTo("sometimes");
    assertThat(json.get("verdicts").get("data-only").asText()).isEqualTo("sometimes");
    assertThat(json.get("firstForbidden").isNull()).isTrue();
  }

  @Test
  void boundedDfsSaysSo() throws Exception {
    JsonNode json =
        mapper.readTree(
            kmodsim("explore", "message-passing", "--strategy", "dfs", "--depth", "1", "--json")
                .out());
    assertThat(json.get("exhaustive").asBoolean()).isFalse();
    assertThat(json.get("runs").asLong()).isLessThan(100);
  }

  @Test
  void replayNeedsASeedOrAChoiceLog() {
    Run run = kmodsim("replay", "lost-update");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("replay needs --seed N or --choices FILE");
  }

  @Test
  void traceAndReportFilesAreWritten(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("t.json");
    Path report = dir.resolve("r.html");
    Run run =
        kmodsim("run", "stopped-cpu", "--trace", trace.toString(), "--report", report.toString());
    assertThat(run.status()).isZero();
    JsonNode events = mapper.readTree(trace.toFile()).get("traceEvents");
    assertThat(events).anySatisfy(e -> assertThat(e.get("ph").asText()).isEqualTo("X"));
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.get("ph").asText()).isEqualTo("M");
              assertThat(e.get("args").path("name").asText()).isEqualTo("cpu1");
            });
    assertThat(events).anySatisfy(e -> assertThat(e.get("ph").asText()).isEqualTo("C"));
    String html = Files.readString(report);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<script type=\"application/json\" id=\"report-data\">")
        .contains("late-write")
        .doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void exploreWritesTheReportOfItsFirstFailingRun(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("first.html");
    Run run =
        kmodsim(
            "explore",
            "lost-update",
            "--runs",
            "20",
            "--out",
            dir.toString(),
            "--report",
            report.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).containsPattern("report: .*first.html \\(seed \\d+, lost-update\\)");
    assertThat(Files.readString(report))
        .contains("<span class=\"outcome-name\">lost-update</span>")
        .contains("kmodsim replay lost-update --era 6.x --choices " + dir);
  }
}
