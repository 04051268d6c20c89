package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LatencyCommandTest {

  static JsonNode run(String... args) throws Exception {
    return new ObjectMapper().readTree(text(args));
  }

  static String text(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int status = new CommandLine(new LatencyCommand()).execute(args);
      assertThat(status).isZero();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void directDeliveryAt9600BaudCostsExactlyTheLineTimeOfTheRecord() throws Exception {
    JsonNode json =
        run(
            "printk",
            "--baud",
            "9600",
            "--cpus",
            "1",
            "--loglevel",
            "8",
            "--delivery",
            "direct",
            "--msg-len",
            "100",
            "--records",
            "3",
            "--think",
            "1s",
            "--no-time",
            "--json");
    JsonNode row = json.get("results").get(0);
    assertThat(row.get("calls").asInt()).isEqualTo(3);
    assertThat(row.get("maxNs").asLong()).isEqualTo(102L * 10 * 1_000_000_000L / 9600);
    assertThat(row.get("consoleBusyNs").asLong()).isEqualTo(3 * 106_250_000L);
    assertThat(row.get("droppedRecords").asLong()).isZero();
  }

  @Test
  void aConsoleLoglevelBelowTheRecordsLevelMakesPrintkFree() throws Exception {
    JsonNode json =
        run(
            "printk",
            "--baud",
            "9600",
            "--cpus",
            "2",
            "--loglevel",
            "4",
            "--delivery",
            "lock-owner",
            "--records",
            "20",
            "--json");
    JsonNode row = json.get("results").get(0);
    assertThat(row.get("maxNs").asLong()).isZero();
    assertThat(row.get("consoleBusyNs").asLong()).isZero();
  }

  @Test
  void threadedKeepsLatencyFlatWhereLockOwnerPaysTheBacklog() throws Exception {
    JsonNode json =
        run(
            "printk",
            "--baud",
            "9600",
            "--cpus",
            "2",
            "--loglevel",
            "8",
            "--delivery",
            "lock-owner,threaded",
            "--records",
            "30",
            "--think",
            "1ms",
            "--json");
    JsonNode lockOwner = json.get("results").get(0);
    JsonNode threaded = json.get("results").get(1);
    assertThat(lockOwner.get("p99Ns").asLong()).isGreaterThan(100_000_000L);
    assertThat(threaded.get("maxNs").asLong()).isZero();
    assertThat(threaded.get("delivery").asText()).isEqualTo("threaded");
  }

  @Test
  void theSameSeedGivesTheSameFigures() throws Exception {
    String[] args = {
      "printk",
      "--baud",
      "38400",
      "--cpus",
      "4",
      "--loglevel",
      "8",
      "--delivery",
      "handover",
      "--records",
      "20",
      "--think",
      "3ms",
      "--seed",
      "5",
      "--json"
    };
    assertThat(run(args).get("results")).isEqualTo(run(args).get("results"));
  }

  @Test
  void theTableLeavesOutAllZeroRowsAndSaysHowManyUnlessAll() {
    String[] args = {
      "printk",
      "--baud",
      "38400",
      "--cpus",
      "2",
      "--loglevel",
      "4,8",
      "--delivery",
      "lock-owner,threaded",
      "--records",
      "10",
      "--think",
      "1ms"
    };
    String table = text(args);
    // loglevel 4: a level-6 record never reaches the console; threaded: the caller never prints.
    assertThat(table.lines().filter(l -> l.matches(" *38400 +2 +\\d+ .*")))
        .singleElement()
        .asString()
        .matches(" *38400 +2 +8 lock-owner .*");
    assertThat(table)
        .contains(
            "3 of 4 rows left out, every figure 0 (--all shows them): console_loglevel 4"
                + " (level-6 records do not reach the console): 2 rows; delivery threaded (the"
                + " printer thread prints, not the caller): 1 row");
    String[] everything = java.util.Arrays.copyOf(args, args.length + 1);
    everything[args.length] = "--all";
    String all = text(everything);
    assertThat(all.lines().filter(l -> l.matches(" *38400 +2 +\\d+ .*"))).hasSize(4);
    assertThat(all).doesNotContain("left out");
  }
}
