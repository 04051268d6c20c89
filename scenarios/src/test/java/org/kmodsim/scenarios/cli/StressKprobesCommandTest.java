package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StressKprobesCommandTest {
  static JsonNode storm(String... extra) throws Exception {
    String[] args = new String[extra.length + 3];
    args[0] = "stress";
    args[1] = "kprobes";
    args[2] = "--json";
    System.arraycopy(extra, 0, args, 3, extra.length);
    MainTest.Run run = MainTest.kmodsim(args);
    assertThat(run.status()).as(run.err()).isZero();
    try {
      return new ObjectMapper().readTree(run.out());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(
          "not JSON: " + run.out().substring(0, Math.min(400, run.out().length())), e);
    }
  }

  @Test
  void aOneInstanceKretprobeMissesReturnsWhenFourCpusCallAtOnce() throws Exception {
    JsonNode json = storm("--cpus", "4", "--kretprobe-maxactive", "1", "--duration", "200us");
    JsonNode kret = json.get("kretprobe");
    assertThat(kret.get("poolEmpty").asLong()).isPositive();
    // rp->nmissed is a plain counter too: it never counts more than the empty-pool entries.
    assertThat(kret.get("nmissed").asLong())
        .isPositive()
        .isLessThanOrEqualTo(kret.get("poolEmpty").asLong());
    assertThat(json.get("violations").asInt()).isZero();
  }

  @Test
  void everyMissIsEitherCountedOrLostAndHitsCoverTheCalls() throws Exception {
    JsonNode json = storm("--cpus", "3", "--probes", "4", "--duration", "200us");
    JsonNode missed = json.get("missed");
    assertThat(missed.get("attempts").asLong()).isPositive();
    assertThat(missed.get("counted").asLong() + missed.get("lost").asLong())
        .isEqualTo(missed.get("attempts").asLong());
    // Every call of a probed function hits its probe, nested calls in handlers excepted.
    assertThat(json.get("hits").asLong()).isGreaterThanOrEqualTo(json.get("calls").asLong());
    assertThat(json.get("overheadPerHitNs").asLong()).isPositive();
  }

  @Test
  void theSameSeedGivesTheSameStorm() throws Exception {
    JsonNode first = storm("--seed", "3", "--duration", "100us");
    JsonNode second = storm("--seed", "3", "--duration", "100us");
    assertThat(second.get("steps")).isEqualTo(first.get("steps"));
    assertThat(second.get("missed")).isEqualTo(first.get("missed"));
  }

  @Test
  void aConcurrentRateLeavesTheWarmUpOutAndItsRatioToTheCeilingIsOfThatRate() throws Exception {
    JsonNode json =
        storm(
            "--mode",
            "concurrent",
            "--warmup",
            "50ms",
            "--duration",
            "300ms",
            "--set",
            "kmodsim.bench.ceiling.warm-up=5ms",
            "--set",
            "kmodsim.bench.ceiling.window=10ms");
    assertThat(json.get("warmupNs").asLong()).isEqualTo(50_000_000L);
    JsonNode warmup = json.get("warmup");
    assertThat(warmup.get("reached").asBoolean()).isTrue();
    assertThat(warmup.get("elapsedNs").asLong()).isPositive();
    // The warm-up's calls and the measured ones are both in the total (and the few a CPU
    // finished after the stop, in neither part).
    assertThat(warmup.get("calls").asLong() + json.get("measuredCalls").asLong())
        .isLessThanOrEqualTo(json.get("calls").asLong());
    assertThat(json.get("measuredCalls").asLong()).isPositive();
    assertThat(json.get("callsPerSec").asLong())
        .isEqualTo(
            Math.round(json.get("measuredCalls").asLong() * 1e9 / json.get("elapsedNs").asLong()));
    JsonNode ceiling = json.get("ceiling");
    assertThat(ceiling.get("warmupNs").asLong()).isEqualTo(5_000_000L);
    if (ceiling.get("requestReplyPerSec").asLong() == 0) {
      return; // a machine too busy to finish a round trip in 10 ms: nothing to divide by
    }
    assertThat(json.get("ceilingRatio").asDouble())
        .isCloseTo(
            json.get("callsPerSec").asDouble() / ceiling.get("requestReplyPerSec").asDouble(),
            org.assertj.core.data.Offset.offset(0.002));
  }

  @Test
  void aDeterministicStormHasNoWarmUpNorCeilingRatio() throws Exception {
    JsonNode json = storm("--duration", "100us");
    assertThat(json.get("warmupNs").asLong()).isZero();
    assertThat(json.get("warmup").isNull()).isTrue();
    assertThat(json.get("ceilingRatio").isNull()).isTrue();
    assertThat(json.get("measuredCalls")).isEqualTo(json.get("calls"));
    assertThat(
            MainTest.kmodsim("stress", "kprobes", "--duration", "100us", "--warmup", "1ms")
                .status())
        .isEqualTo(2);
  }

  @Test
  void badOptionsAreBadInput() {
    assertThat(MainTest.kmodsim("stress", "kprobes", "--probes", "9").status()).isEqualTo(2);
  }
}
