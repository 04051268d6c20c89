package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The handoff of runs to the engine's workers: runs started while every worker is busy wait, in
 * order, and the worker that ends a run starts the next one itself; which worker ran a run never
 * shows in it.
 */
class SimEngineHandoffTest {
  private static final SimEngine TWO = new SimEngine(new EngineSettings(2, 1, 5));
  private static final SimEngine ONE = new SimEngine(new EngineSettings(1, 1, 5));

  @AfterAll
  static void close() {
    TWO.close();
    ONE.close();
  }

  private static RunSpec contention(long seed, AtomicLong served) {
    return RunSpec.deterministic(seed, "handoff", sim -> ContentionModel.root(sim, 3, 2, served));
  }

  @Test
  void runsStartedTogetherWaitForAWorkerAndEachIsTheRunOfItsSeed() {
    int runs = 24;
    List<CompletableFuture<RunResult>> started = new ArrayList<>();
    for (long seed = 0; seed < runs; seed++) {
      started.add(TWO.start(contention(seed, new AtomicLong())));
    }
    for (int seed = 0; seed < runs; seed++) {
      RunResult together = started.get(seed).join();
      RunResult alone = ONE.run(contention(seed, new AtomicLong()));
      assertThat(together.seed()).isEqualTo(seed);
      assertThat(together.end()).isEqualTo(EndReason.HALTED);
      assertThat(together.traceDigest()).as("seed %d", seed).isEqualTo(alone.traceDigest());
      assertThat(together.choices().choices()).containsExactly(alone.choices().choices());
    }
    assertThat(TWO.live().runs()).isZero();
  }

  @Test
  void aSteppedRunWaitsForAWorkerThatRunsAreWaitingFor() {
    List<CompletableFuture<RunResult>> started = new ArrayList<>();
    for (long seed = 0; seed < 6; seed++) {
      started.add(ONE.start(contention(seed, new AtomicLong())));
    }
    // The only worker is busy with them: the stepped run gets it once none is waiting any more.
    SteppedRun stepped = ONE.startStepped(contention(7, new AtomicLong()));
    assertThat(stepped.steps()).isZero();
    assertThat(stepped.finish().seed()).isEqualTo(7);
    assertThat(started).allSatisfy(run -> assertThat(run.join().end()).isEqualTo(EndReason.HALTED));
  }
}
