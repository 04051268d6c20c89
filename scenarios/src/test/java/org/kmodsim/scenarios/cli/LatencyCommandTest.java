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
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int status = new CommandLine(new LatencyCommand()).execute(args);
      assertThat(status).isZero();
    } finally {
      System.setOut(saved);
    }
    return new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
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
}
