package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StressUnloadCommandTest {
  static JsonNode stress(String... extra) throws Exception {
    return stress(ExitCode.OK, extra);
  }

  /** A run whose exit status must be {@code status}: 1 when it oopsed (a forbidden outcome). */
  static JsonNode stress(int status, String... extra) throws Exception {
    String[] args = new String[extra.length + 3];
    args[0] = "stress";
    args[1] = "unload";
    args[2] = "--json";
    System.arraycopy(extra, 0, args, 3, extra.length);
    MainTest.Run run = MainTest.kmodsim(args);
    assertThat(run.status()).as(run.err()).isEqualTo(status);
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void correctCountingNeverOopsAndReportsTheDocumentedFields() throws Exception {
    for (String scheme : new String[] {"percpu", "atomic"}) {
      JsonNode json = stress("--refcount", scheme, "--duration", "400us", "--seed", "2");
      assertThat(json.get("oopses").asLong()).as(scheme).isZero();
      assertThat(json.get("violations").asLong()).as(scheme).isZero();
      assertThat(json.get("opsPerSec").asLong()).as(scheme).isPositive();
      assertThat(json.get("getPutLatencyNs").has("p50")).isTrue();
      assertThat(json.get("getPutLatencyNs").has("p99")).isTrue();
      assertThat(json.get("getPutLatencyNs").has("max")).isTrue();
      assertThat(json.get("rmmod").size()).as(scheme).isPositive();
      assertThat(json.get("verdict").asText()).as(scheme).isEqualTo("clean");
    }
  }

  @Test
  void aForcedUnloadWhileInUseIsAUseAfterFree() throws Exception {
    // After a forced unload the killed workers do not all stop at the duration (the run goes on
    // at the step cap, reported as truncated): a cap keeps the test short, and what was found
    // before it is the finding.
    JsonNode json =
        stress(
            ExitCode.FORBIDDEN,
            "--force",
            "--duration",
            "400us",
            "--set",
            "kmodsim.run.max-steps=1000000");
    assertThat(json.get("verdict").asText()).isEqualTo("forbidden");
    assertThat(json.get("oopses").asLong()).isPositive();
    JsonNode counts = json.get("truncated").isNull() ? json : json.get("soFar");
    assertThat(counts.get("rmmod").get("removed").asLong()).isPositive();
  }

  @Test
  void theTwoFourUseCountWindowBreaksUnderLoad() throws Exception {
    JsonNode json =
        stress(
            ExitCode.FORBIDDEN,
            "--refcount",
            "usecount",
            "--noop-macros",
            "--duration",
            "400us",
            "--set",
            "kmodsim.run.max-steps=1000000");
    assertThat(json.get("era").asText()).isEqualTo("2.4");
    assertThat(json.get("oopses").asLong() + json.get("violations").asLong()).isPositive();
  }

  @Test
  void allSchemesSideBySide() throws Exception {
    MainTest.Run run =
        MainTest.kmodsim(
            "stress", "unload", "--json", "--refcount", "all", "--duration", "100us", "--no-call");
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("results")).hasSize(3);
    assertThat(json.get("results").get(0).get("refcount").asText()).isEqualTo("usecount");
    boolean forbidden = false;
    for (JsonNode result : json.get("results")) {
      forbidden |= result.get("verdict").asText().equals("forbidden");
    }
    assertThat(run.status()).isEqualTo(forbidden ? ExitCode.FORBIDDEN : ExitCode.OK);
  }

  @Test
  void aConcurrentRunIsStatedAsARatioToThePekkoCeilingMeasuredAroundIt() throws Exception {
    JsonNode json =
        stress(
            "--mode",
            "concurrent",
            "--no-call",
            "--duration",
            "50ms",
            "--set",
            "kmodsim.bench.ceiling.warm-up=5ms",
            "--set",
            "kmodsim.bench.ceiling.window=10ms",
            "--set",
            "kmodsim.bench.ceiling.windows=3");
    JsonNode ceiling = json.get("ceiling");
    assertThat(ceiling.get("clients").asInt()).isEqualTo(4);
    assertThat(ceiling.get("requestReplyBeforePerSec").asLong()).isNotNegative();
    assertThat(ceiling.get("requestReplyAfterPerSec").asLong()).isNotNegative();
    // The median of the before and after windows together (as many each) lies between their
    // medians, and between the extremes the spread is made of (±1: each figure is rounded).
    long beforeMedian = ceiling.get("requestReplyBeforePerSec").asLong();
    long afterMedian = ceiling.get("requestReplyAfterPerSec").asLong();
    long median = ceiling.get("requestReplyPerSec").asLong();
    assertThat(ceiling.get("windows").asInt()).isEqualTo(3);
    assertThat(median)
        .isBetween(Math.min(beforeMedian, afterMedian) - 1, Math.max(beforeMedian, afterMedian) + 1)
        .isBetween(
            ceiling.get("requestReplyMinPerSec").asLong(),
            ceiling.get("requestReplyMaxPerSec").asLong());
    if (median > 0) {
      assertThat(ceiling.get("requestReplySpread").asDouble())
          .isCloseTo(
              (ceiling.get("requestReplyMaxPerSec").asDouble()
                      - ceiling.get("requestReplyMinPerSec").asDouble())
                  / median,
              org.assertj.core.data.Offset.offset(0.002));
    }
    assertThat(json.get("ceilingRatio").isNumber()).isTrue();
    if (ceiling.get("requestReplyPerSec").asLong() == 0) {
      return; // a machine too busy to finish a round trip in 10 ms: nothing to divide by
    }
    assertThat(json.get("ceilingRatio").asDouble())
        .isCloseTo(
            json.get("opsPerSec").asDouble() / ceiling.get("requestReplyPerSec").asDouble(),
            org.assertj.core.data.Offset.offset(0.002));
  }

  @Test
  void aConcurrentRateLeavesTheWarmUpOutAndTheOutcomesStayTotals() throws Exception {
    JsonNode json =
        stress(
            "--mode",
            "concurrent",
            "--no-call",
            "--think",
            "0ns",
            "--warmup",
            "20ms",
            // Long enough that the CPUs' threads run after the warm-up on a loaded machine too (a
            // 30 ms window once measured 0 pairs at load average 9).
            "--duration",
            "200ms",
            "--set",
            "kmodsim.bench.ceiling.warm-up=5ms",
            "--set",
            "kmodsim.bench.ceiling.window=10ms");
    assertThat(json.get("warmupNs").asLong()).isEqualTo(20_000_000L);
    JsonNode warmup = json.get("warmup");
    assertThat(warmup.get("reached").asBoolean()).isTrue();
    assertThat(warmup.get("elapsedNs").asLong()).isPositive();
    long total = json.get("gets").get("ok").asLong() + json.get("gets").get("refused").asLong();
    // The warm-up's pairs and the measured ones are both in the totals (and the few a CPU
    // finished after the stop, in neither part).
    assertThat(warmup.get("ops").asLong() + json.get("ops").asLong()).isLessThanOrEqualTo(total);
    assertThat(json.get("ops").asLong()).isPositive();
    assertThat(json.get("opsPerSec").asLong())
        .isEqualTo(Math.round(json.get("ops").asLong() * 1e9 / json.get("elapsedNs").asLong()));
    assertThat(json.get("ceiling").get("warmupNs").asLong()).isEqualTo(5_000_000L);
  }

  @Test
  void aDeterministicRunHasNoWarmUp() throws Exception {
    JsonNode json = stress("--duration", "100us", "--no-call");
    assertThat(json.get("warmupNs").asLong()).isZero();
    assertThat(json.get("warmup").isNull()).isTrue();
    assertThat(
            MainTest.kmodsim("stress", "unload", "--duration", "100us", "--warmup", "1ms").status())
        .isEqualTo(2);
  }

  @Test
  void aDeterministicRunHasNoCeilingRatio() throws Exception {
    JsonNode json = stress("--duration", "100us", "--no-call");
    assertThat(json.has("ceilingRatio")).isTrue();
    assertThat(json.get("ceilingRatio").isNull()).isTrue();
    assertThat(json.has("ceiling")).isFalse();
  }

  @Test
  void inconsistentOptionsAreBadInput() {
    assertThat(
            MainTest.kmodsim("stress", "unload", "--refcount", "percpu", "--era", "6.x").status())
        .isEqualTo(2);
    assertThat(MainTest.kmodsim("stress", "unload", "--ops", "10", "--duration", "1ms").status())
        .isEqualTo(2);
  }
}
