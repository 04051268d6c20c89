package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run cut short says so in its first line and its JSON, exits 4 and shows no partial figure. */
class LimitsCommandTest {
  private final ObjectMapper mapper = new ObjectMapper();

  /** A scenario whose first program loops a billion times: only a limit ends it. */
  static Path endless(Path dir) throws Exception {
    Path file = dir.resolve("endless.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "title = \"a loop that only a limit ends\"",
            "machine.cpus = 2",
            "programs = [",
            "  { cpu = 0, steps = [ { repeat = 1000000000, steps = [\"read_once count\","
                + " \"write_once count +1\"] } ] }",
            "  { cpu = 1, steps = [\"read_once count\"] }",
            "]",
            "outcomes = [ { name = done, class = acceptable, description = d, when { } } ]"));
    return file;
  }

  @Test
  void aRunAtTheStepCapSaysSoFirstAndExitsFour(@TempDir Path dir) throws Exception {
    String file = endless(dir).toString();
    MainTest.Run text = MainTest.kmodsim("run", file, "--set", "kmodsim.run.max-steps=3000");
    assertThat(text.status()).as(text.err()).isEqualTo(ExitCode.TRUNCATED);
    assertThat(text.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "seed 1 (truncated: step-limit, step limit reached: 3000 deliveries; what follows is"
                + " partial)");
    assertThat(text.out()).contains("ended: step-limit (").doesNotContain("(null)");
    assertThat(text.out()).contains("outcome: truncated:step-limit [truncated]");

    MainTest.Run json =
        MainTest.kmodsim("run", file, "--set", "kmodsim.run.max-steps=3000", "--json");
    assertThat(json.status()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(json.out());
    assertThat(node.get("truncated").asText()).isEqualTo("step-limit");
    assertThat(node.get("outcomeClass").asText()).isEqualTo("truncated");
  }

  @Test
  void aLongRunStopsAtTheChoiceLogLimitInsteadOfFillingTheHeap(@TempDir Path dir) throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "run", endless(dir).toString(), "--set", "kmodsim.run.max-choice-log=5000", "--json");
    assertThat(run.status()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("truncated").asText()).isEqualTo("choice-log-limit");
    assertThat(node.get("steps").asLong()).isEqualTo(5000);
  }

  @Test
  void aCatalogueRunCutShortIsTruncatedNotAMonitorViolation() throws Exception {
    // lost-update has monitors = [programs-finish]: its programs did not finish because of the
    // limit, which is not the liveness failure that monitor looks for.
    MainTest.Run run =
        MainTest.kmodsim("run", "lost-update", "--set", "kmodsim.run.max-steps=5", "--json");
    assertThat(run.status()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("outcome").asText()).isEqualTo("truncated:step-limit");
    assertThat(node.get("violations")).isEmpty();
  }

  @Test
  void aWholeRunIsNotTruncated() throws Exception {
    MainTest.Run run = MainTest.kmodsim("run", "stopped-cpu", "--json");
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("truncated").isNull()).isTrue();
    assertThat(MainTest.kmodsim("run", "stopped-cpu").out()).doesNotContain("(null)");
  }

  @Test
  void exploreCountsTruncatedRunsAndExitsFour(@TempDir Path dir) throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "explore",
            endless(dir).toString(),
            "--runs",
            "3",
            "--set",
            "kmodsim.run.max-steps=2000",
            "--json");
    assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("truncated").asText()).isEqualTo("step-limit");
    assertThat(node.get("truncatedRuns").asLong()).isEqualTo(3);
    assertThat(node.get("histogram").has("truncated:step-limit")).isTrue();
    MainTest.Run text =
        MainTest.kmodsim(
            "explore",
            endless(dir).toString(),
            "--runs",
            "3",
            "--set",
            "kmodsim.run.max-steps=2000");
    assertThat(text.out().lines().findFirst().orElseThrow())
        .contains("truncated: step-limit in 3 of 3 runs");
  }

  @Test
  void exploreOfNoTimeIsRefused() {
    MainTest.Run run = MainTest.kmodsim("explore", "lost-update", "--time", "0s");
    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("--time must be more than 0s");
  }

  @Test
  void aStormAtTheStepCapShowsNoFigures() throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "stress",
            "kprobes",
            "--duration",
            "2ms",
            "--set",
            "kmodsim.run.max-steps=5000",
            "--json");
    assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("truncated").asText()).isEqualTo("step-limit");
    assertThat(node.has("calls")).isFalse();
    assertThat(node.has("kretprobe")).isFalse();
    MainTest.Run text =
        MainTest.kmodsim(
            "stress", "kprobes", "--duration", "2ms", "--set", "kmodsim.run.max-steps=5000");
    assertThat(text.out().lines().findFirst().orElseThrow())
        .isEqualTo("seed 1 (truncated: step-limit)");
    assertThat(text.out()).contains("no figures").doesNotContain("calls ");
  }

  @Test
  void aStormInTheTwoFourEraIsRefused() {
    MainTest.Run run = MainTest.kmodsim("stress", "kprobes", "--era", "2.4");
    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("era 2.4 has no kprobes");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnloadStressOfNoTimeIsRefused() {
    MainTest.Run run = MainTest.kmodsim("stress", "unload", "--duration", "0s");
    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("--duration must be more than 0");
  }

  @Test
  void theTwoFourSchemesOopsesAreForbiddenNotClean() throws Exception {
    MainTest.Run run =
        MainTest.kmodsim("stress", "unload", "--refcount", "all", "--duration", "400us");
    assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(run.out()).contains("verdict: forbidden").contains("verdict: clean");
  }

  @Test
  void aSpinPastTheVirtualTimeLimitSaysWhatStoppedTheShell() {
    MainTest.Run run = MainTest.kmodsim("sh", "-c", "echo before; spin 1000000s; echo done");
    assertThat(run.status()).isEqualTo(ExitCode.TRUNCATED);
    assertThat(run.out()).isEqualTo("before\n");
    assertThat(run.err())
        .startsWith("kmodsim: sh: the run stopped at a limit (virtual-time: ")
        .contains("during 'spin 1000000s'; the commands after it did not run");
  }

  @Test
  void anInsmodWhoseInitPanicsSaysSoAndFails(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("panicky.conf");
    Files.writeString(
        module,
        String.join(
            "\n",
            "module {",
            "  name = panicky",
            "  license = \"GPL\"",
            "  imports = [ printk ]",
            "  init = [ \"panic \\\"init went wrong\\\"\" ]",
            "}"));
    MainTest.Run run = MainTest.kmodsim("sh", "-c", "insmod " + module + "; echo after");
    assertThat(run.status()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(run.out()).doesNotContain("after");
    assertThat(run.err())
        .contains("kmodsim: sh: the machine halted during 'insmod " + module + "'")
        .contains("Kernel panic - not syncing: init went wrong");
  }

  @Test
  void aLatencyStudyCutShortKeepsTheRowsItFinished() throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "latency",
            "printk",
            "--baud",
            "115200",
            "--cpus",
            "1",
            "--records",
            "2",
            "--set",
            "kmodsim.run.wall-limit=1ns",
            "--json");
    assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.TRUNCATED);
    JsonNode node = mapper.readTree(run.out());
    assertThat(node.get("truncated").asText()).isEqualTo("wall-time");
    assertThat(node.get("results")).isEmpty();
  }

  @Test
  void aChoiceLogThatDoesNotFitIsBadInputNotAFinding(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("edited.choices");
    Files.writeString(log, "# kmodsim choice log v1\n# seed 1\n0 99 2 0\n");
    MainTest.Run run = MainTest.kmodsim("replay", "lost-update", "--choices", log.toString());
    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err())
        .startsWith("kmodsim: replay diverged at step ")
        .contains("written for another scenario, era or build");
  }

  @Test
  void noProgressBarWhenStandardErrorIsNotATerminal(@TempDir Path dir) {
    String out = dir.toString();
    MainTest.Run text = MainTest.kmodsim("explore", "lost-update", "--runs", "30", "--out", out);
    assertThat(text.err()).isEmpty();
    MainTest.Run json =
        MainTest.kmodsim("explore", "lost-update", "--runs", "30", "--out", out, "--json");
    assertThat(json.err()).isEmpty();
    assertThat(MainTest.kmodsim("stress", "kprobes", "--duration", "100us").err()).isEmpty();
  }
}
