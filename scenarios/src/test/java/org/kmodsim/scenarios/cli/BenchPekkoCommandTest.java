package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The command surface of {@code kmodsim bench pekko}, with tiny durations: no timing asserted. */
class BenchPekkoCommandTest {
  @Test
  void jsonCarriesTheCeilingAndHowItWasMeasured() throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "bench",
            "pekko",
            "--clients",
            "2",
            "--duration",
            "20ms",
            "--windows",
            "4",
            "--warm-up",
            "5ms",
            "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("mode").asText()).isEqualTo("concurrent");
    assertThat(json.get("clients").asInt()).isEqualTo(2);
    assertThat(json.get("executor").asText()).isEqualTo("lanes");
    assertThat(json.get("threads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(json.get("throughput").asInt()).isPositive();
    assertThat(json.get("windowNs").asLong()).isEqualTo(20_000_000);
    // Counts of a 20 ms window: present and sane, not a timing claim.
    assertThat(json.get("roundTrips").asLong()).isNotNegative();
    assertThat(json.get("requestReplyPerSec").asLong()).isNotNegative();
    assertThat(json.get("tells").asLong()).isNotNegative();
    assertThat(json.get("tellPerSec").asLong()).isNotNegative();
    assertThat(json.get("machine").asText()).contains("cores");
    // The figure is the median of 4 windows, between their extremes, with their spread.
    assertThat(json.get("windows").asInt()).isEqualTo(4);
    assertThat(json.get("requestReplyPerSec").asLong())
        .isBetween(
            json.get("requestReplyMinPerSec").asLong(), json.get("requestReplyMaxPerSec").asLong());
    assertThat(json.get("requestReplySpread").asDouble()).isNotNegative();
  }

  @Test
  void noWindowsIsBadInput() {
    assertThat(MainTest.kmodsim("bench", "pekko", "--windows", "0").status()).isEqualTo(2);
  }

  @Test
  void textNamesEveryFigure() {
    MainTest.Run run = MainTest.kmodsim("bench", "pekko", "--duration", "10ms", "--warm-up", "1ms");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("clients: 4")
        .contains("requestReplyPerSec: ")
        .contains("tellPerSec: ")
        .contains("executor: ");
  }

  @Test
  void badOptionsAreBadInput() {
    assertThat(MainTest.kmodsim("bench", "pekko", "--clients", "0").status()).isEqualTo(2);
    assertThat(MainTest.kmodsim("bench", "pekko", "--duration", "0s").status()).isEqualTo(2);
    assertThat(MainTest.kmodsim("bench", "pekko", "--warm-up", "soon").status()).isEqualTo(2);
  }
}
