package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.Main;

class MainTest {
  record Run(int status, String out, String err) {}

  static Run kmodsim(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.execute(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    for (String[] command :
        new String[][] {
          {"stress", "unload"},
          {"stress", "kprobes"},
          {"explore"},
          {"run"},
          {"sh"},
          {"bench", "pekko"},
          {"bench", "explore"},
          {"latency", "printk"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Run run = kmodsim(args);
      assertThat(run.status()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).startsWith("Usage: kmodsim " + String.join(" ", command) + " ");
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void versionNamesKmodsimPekkoAndJava() {
    Run run = kmodsim("version");
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("kmodsim ")
        .contains("Apache Pekko 1.7.0")
        // the JVM the tests run on: 17 under Maven here, 25 when the launcher finds one
        .contains("Java " + System.getProperty("java.version") + " (");
  }

  @Test
  void bootJsonCarriesTheSummaryFields() throws Exception {
    Run run = kmodsim("boot", "--cpus", "3", "--seed", "42", "--json");
    assertThat(run.status()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("seed").asLong()).isEqualTo(42);
    assertThat(json.get("mode").asText()).isEqualTo("deterministic");
    assertThat(json.get("cpus").asInt()).isEqualTo(3);
    assertThat(json.get("steps").asLong()).isPositive();
    assertThat(json.get("virtualTimeNs").asLong()).isPositive();
    assertThat(json.get("traceDigest").asText()).matches("[0-9a-f]{16}");
    assertThat(kmodsim("boot", "--cpus", "3", "--seed", "42", "--json").out())
        .contains(json.get("traceDigest").asText());
  }

  @Test
  void aSavedChoiceLogReplaysTheSameSchedule(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path log = dir.resolve("boot.choices");
    Run pct =
        kmodsim(
            "boot",
            "--cpus",
            "3",
            "--seed",
            "5",
            "--set",
            "kmodsim.run.strategy=pct",
            "--save-choices",
            log.toString(),
            "--json");
    Run replay = kmodsim("boot", "--cpus", "3", "--choices", log.toString(), "--json");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode original = mapper.readTree(pct.out());
    JsonNode replayed = mapper.readTree(replay.out());
    assertThat(replayed.get("strategy").asText()).startsWith("replay");
    assertThat(replayed.get("seed").asLong()).isEqualTo(5);
    assertThat(replayed.get("traceDigest")).isEqualTo(original.get("traceDigest"));
  }

  @Test
  void bootTextPrintsTheSeedFirst() {
    Run run = kmodsim("boot", "--cpus", "2", "--seed", "9");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("seed 9\n");
  }

  @Test
  void concurrentBootWorks() {
    Run run = kmodsim("boot", "--cpus", "2", "--mode", "concurrent", "--json");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("\"mode\" : \"concurrent\"");
  }

  @Test
  void badInputExitsWithTwoAndOneLine() {
    Run unknownOption = kmodsim("boot", "--frobnicate");
    assertThat(unknownOption.status()).isEqualTo(2);
    assertThat(unknownOption.err()).startsWith("kmodsim: Unknown option");

    Run unknownKey = kmodsim("boot", "--set", "kmodsim.no.such.key=1");
    assertThat(unknownKey.status()).isEqualTo(2);
    assertThat(unknownKey.err().strip())
        .isEqualTo("kmodsim: --set: unknown configuration key 'kmodsim.no.such.key'");

    Run badEra = kmodsim("boot", "--era", "3.0");
    assertThat(badEra.status()).isEqualTo(2);
    assertThat(badEra.err()).contains("unknown era '3.0'");

    Run badMode = kmodsim("boot", "--mode", "sometimes");
    assertThat(badMode.status()).isEqualTo(2);
    assertThat(badMode.err()).contains("unknown mode 'sometimes'");

    Run noConfig = kmodsim("boot", "--config", "/nonexistent/kmodsim.conf");
    assertThat(noConfig.status()).isEqualTo(2);
    assertThat(noConfig.err()).contains("cannot read config file");
  }

  @Test
  void shellExitStatusIsTheLastCommands() {
    Run run = kmodsim("sh", "-c", "echo one; cat /nope");
    assertThat(run.out()).isEqualTo("one\n");
    assertThat(run.err()).isEqualTo("cat: /nope: No such file or directory\n");
    assertThat(run.status()).isEqualTo(1);
  }
}
