package org.kmodsim.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.Main;

/**
 * Soak 01: unload while in use, on real threads.
 *
 * <p>Question: with correct counting (the atomic scheme of 4.x and later, no forced unload), do
 * get/put operations racing with rmmod/insmod ever oops, break an invariant or make the model grow
 * in memory?
 *
 * <p>Method: {@code kmodsim stress unload --mode concurrent --no-call --think 0ns} in rounds; each
 * round must report 0 oopses and 0 violations, and the heap in use after a full GC must not grow
 * from the second round to the last by more than 32 MiB (the first round loads classes and warms
 * up).
 *
 * <p>How to run: in every build, 3 rounds of 15 s (about a minute). The full soak, 10 million
 * get/put operations per round: {@code mvn -B verify -Psoak -pl load-tests -am}.
 *
 * <p>What we saw: see docs/performance.md (soak section).
 */
class Soak_01_UnloadWhileInUseTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void unloadWhileInUseNeverOopsAndDoesNotGrow() throws Exception {
    String ops = System.getProperty("kmodsim.soak.ops");
    int rounds = Integer.getInteger("kmodsim.soak.rounds", 3);
    List<Long> heap = new ArrayList<>();
    long total = 0;
    for (int round = 0; round < rounds; round++) {
      JsonNode report =
          ops == null
              ? stress("--duration", System.getProperty("kmodsim.soak.duration", "15s"))
              : stress("--ops", ops);
      assertThat(report.get("oopses").asLong()).as("round %d oopses", round).isZero();
      assertThat(report.get("violations").asLong()).as("round %d violations", round).isZero();
      assertThat(report.get("ops").asLong()).as("round %d ops", round).isPositive();
      total += report.get("ops").asLong();
      heap.add(usedAfterGc());
    }
    assertThat(total).isPositive();
    if (rounds >= 3) {
      assertThat(heap.get(heap.size() - 1) - heap.get(1))
          .as("heap growth from round 2 to round %d: %s", rounds, heap)
          .isLessThan(32 * MIB);
    }
  }

  private static JsonNode stress(String... bound) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "stress",
                "unload",
                "--mode",
                "concurrent",
                "--no-call",
                "--think",
                "0ns",
                "--cpus",
                "4",
                "--json"));
    args.addAll(List.of(bound));
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int status = Main.execute(args.toArray(String[]::new));
      assertThat(status).isZero();
    } finally {
      System.setOut(oldOut);
    }
    String json = out.toString(StandardCharsets.UTF_8);
    System.out.println(json);
    return new ObjectMapper().readTree(json);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
