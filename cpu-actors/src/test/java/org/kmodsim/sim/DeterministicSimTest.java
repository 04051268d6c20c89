package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicSimTest {
  private final SimEngine engine = SimEngine.shared();

  private RunResult contention(long seed, StrategySpec strategy) {
    AtomicLong served = new AtomicLong();
    RunResult result =
        engine.run(
            RunSpec.deterministic(seed, "machine", sim -> ContentionModel.root(sim, 4, 3, served))
                .withStrategy(strategy));
    assertThat(served.get()).isEqualTo(12);
    return result;
  }

  @Test
  void sameSeedGivesSameDigestForTwoHundredSeeds() {
    for (long seed = 0; seed < 200; seed++) {
      RunResult first = contention(seed, StrategySpec.random());
      RunResult second = contention(seed, StrategySpec.random());
      assertThat(second.traceDigest()).as("seed %d", seed).isEqualTo(first.traceDigest());
      assertThat(second.steps()).isEqualTo(first.steps());
      assertThat(second.virtualTimeNanos()).isEqualTo(first.virtualTimeNanos());
      assertThat(first.foreignSubmissions()).isZero();
    }
  }

  @Test
  void fiftySeedsOfFourClientContentionGiveAtLeastTenSchedules() {
    Set<String> digests = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      digests.add(contention(seed, StrategySpec.random()).traceDigest());
    }
    assertThat(digests).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void replayFromSavedChoiceLogReproducesTheDigest(@TempDir Path dir) {
    // Recorded under PCT, replayed with the replay strategy: only the forced choices can make
    // the schedule identical (the seed still drives the model's own randomness).
    RunResult original = contention(7, StrategySpec.pct(2, 40));
    Path file = dir.resolve("choices.log");
    original.choices().save(file, original.seed(), original.strategy());
    ChoiceLog loaded = ChoiceLog.load(file);
    assertThat(ChoiceLog.seedOf(file)).isEqualTo(7L);
    RunResult replayed = contention(ChoiceLog.seedOf(file), StrategySpec.replay(loaded));
    assertThat(replayed.traceDigest()).isEqualTo(original.traceDigest());
    assertThat(replayed.choices().choices()).containsExactly(original.choices().choices());
  }

  @Test
  void theFirstRunsOfAFreshEngineFindTheirWorkersStarted() throws Exception {
    // A run started before its worker's host had started used to end at once as QUIESCENT.
    for (int engine = 0; engine < 3; engine++) {
      try (SimEngine fresh = new SimEngine(new EngineSettings(2, 2, 5))) {
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        java.util.concurrent.CompletableFuture<RunResult> a =
            fresh.start(
                RunSpec.deterministic(1, "machine", sim -> ContentionModel.root(sim, 4, 3, first)));
        java.util.concurrent.CompletableFuture<RunResult> b =
            fresh.start(
                RunSpec.deterministic(
                    2, "machine", sim -> ContentionModel.root(sim, 4, 3, second)));
        a.get();
        b.get();
        assertThat(first.get()).isEqualTo(12);
        assertThat(second.get()).isEqualTo(12);
      }
    }
  }

  @Test
  void runParametersWithoutARootAreRefusedBeforeTheyTakeAWorker() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.start(RunSpec.deterministic(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withRoot");
    AtomicLong served = new AtomicLong();
    engine.run(
        RunSpec.deterministic(1)
            .withRoot("machine", sim -> ContentionModel.root(sim, 4, 3, served)));
    assertThat(served.get()).isEqualTo(12);
  }

  @Test
  void aRootFactoryThatThrowsFailsTheRunAndKeepsTheWorker() {
    for (int i = 0; i < engine.workers() + 1; i++) {
      RunResult failed =
          engine.run(
              RunSpec.deterministic(
                  1,
                  "machine",
                  sim -> {
                    throw new IllegalArgumentException("no such model");
                  }));
      assertThat(failed.end()).isEqualTo(EndReason.FAILED);
      assertThat(failed.steps()).isZero();
      assertThat(failed.haltReason()).contains("no such model");
    }
    assertThat(contention(3, StrategySpec.random()).end()).isNotEqualTo(EndReason.FAILED);
  }

  @Test
  void aReplayLogThatDivergesFailsTheRunAndKeepsTheWorker() {
    // Choice 99 never fits: the run must end FAILED with the reason, not hang the worker.
    for (int i = 0; i < engine.workers() + 1; i++) {
      RunResult diverged =
          engine.run(
              RunSpec.deterministic(
                      3, "machine", sim -> ContentionModel.root(sim, 4, 3, new AtomicLong()))
                  .withStrategy(StrategySpec.replay(ChoiceLog.of(99))));
      assertThat(diverged.end()).isEqualTo(EndReason.FAILED);
      assertThat(diverged.haltReason()).contains("replay diverged");
    }
    assertThat(contention(3, StrategySpec.random()).end()).isNotEqualTo(EndReason.FAILED);
  }

  @Test
  void pctRunsAreReproducibleAndExploreSchedulesToo() {
    Set<String> digests = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      RunResult first = contention(seed, StrategySpec.pct(3, 60));
      assertThat(contention(seed, StrategySpec.pct(3, 60)).traceDigest())
          .isEqualTo(first.traceDigest());
      digests.add(first.traceDigest());
    }
    assertThat(digests).hasSizeGreaterThan(1);
  }

  @Test
  void sendFromAForeignThreadFailsLoudly() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    RunResult result =
        engine.run(RunSpec.deterministic(1, "machine", sim -> foreignSender(sim, thrown)));
    assertThat(thrown.get())
        .isInstanceOf(UncontrolledConcurrencyException.class)
        .hasMessageContaining("uncontrolled concurrency");
    assertThat(result.end()).isEqualTo(EndReason.QUIESCENT);
  }

  private static Behavior<Object> foreignSender(Sim sim, AtomicReference<Throwable> thrown) {
    return Behaviors.setup(
        ctx -> {
          Thread intruder =
              new Thread(
                  () -> {
                    try {
                      sim.send(ctx.getSelf(), ctx.getSelf(), "from elsewhere");
                    } catch (Throwable t) {
                      thrown.set(t);
                    }
                  });
          intruder.start();
          intruder.join(); // the only blocking in a test model: it proves the guard, then ends
          return Behaviors.ignore();
        });
  }

  @Test
  void timersAdvanceVirtualTimeAndCancelledTimersNeverFire() {
    AtomicReference<String> log = new AtomicReference<>("");
    RunResult result =
        engine.run(
            RunSpec.deterministic(
                3,
                "machine",
                sim ->
                    Behaviors.setup(
                        ctx -> {
                          sim.startTimer(ctx.getSelf(), "a", 5_000, "a@" + 5_000);
                          sim.startTimer(ctx.getSelf(), "b", 1_000, "b@" + 1_000);
                          sim.startTimer(ctx.getSelf(), "c", 3_000, "c@" + 3_000);
                          sim.cancelTimer(ctx.getSelf(), "c");
                          return Behaviors.receive(Object.class)
                              .onAnyMessage(
                                  msg -> {
                                    log.set(log.get() + msg + "=" + sim.nowNanos() + " ");
                                    return Behaviors.same();
                                  })
                              .build();
                        })));
    assertThat(log.get()).isEqualTo("b@1000=1000 a@5000=5000 ");
    assertThat(result.virtualTimeNanos()).isEqualTo(5_000);
    assertThat(result.end()).isEqualTo(EndReason.QUIESCENT);
  }

  @Test
  void anExceptionInModelCodeEndsTheRunAsFailed() {
    RunResult result =
        engine.run(
            RunSpec.deterministic(
                1,
                "machine",
                sim ->
                    Behaviors.setup(
                        ctx -> {
                          sim.send(ctx.getSelf(), ctx.getSelf(), "boom");
                          return Behaviors.receive(Object.class)
                              .onAnyMessage(
                                  msg -> {
                                    throw new IllegalStateException("model bug: " + msg);
                                  })
                              .build();
                        })));
    assertThat(result.end()).isEqualTo(EndReason.FAILED);
    assertThat(result.failure()).hasMessage("model bug: boom");
  }

  @Test
  void stepLimitEndsARunThatNeverQuiesces() {
    AtomicLong served = new AtomicLong();
    RunResult result =
        engine.run(
            RunSpec.deterministic(1, "machine", sim -> ContentionModel.root(sim, 2, 1_000, served))
                .withLimits(100, Long.MAX_VALUE, java.time.Duration.ofMinutes(1)));
    assertThat(result.end()).isEqualTo(EndReason.STEP_LIMIT);
    assertThat(result.steps()).isEqualTo(100);
  }

  @Test
  void violationsAndCoverageAreCountedAndTraced() {
    RunResult result =
        engine.run(
            RunSpec.deterministic(
                    1,
                    "machine",
                    sim ->
                        Behaviors.setup(
                            ctx -> {
                              sim.cover("probe-a");
                              sim.cover("probe-a");
                              sim.violation(ctx.getSelf(), "use-after-free", "hello freed");
                              return Behaviors.ignore();
                            }))
                .withTrace(100));
    assertThat(result.coverage()).containsEntry("probe-a", 2L);
    assertThat(result.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.kind()).isEqualTo("use-after-free"));
    assertThat(result.trace()).anySatisfy(e -> assertThat(e.kind()).contains("use-after-free"));
  }

  /** Counts "put" events per name and breaks when a name has more puts than gets. */
  private static final class NeverMorePutsThanGets implements Invariant {
    private final java.util.Map<String, Long> counts = new java.util.TreeMap<>();

    @Override
    public String kind() {
      return "refcount-underflow";
    }

    @Override
    public Set<String> events() {
      return Set.of("get", "put");
    }

    @Override
    public String check(String kind, String detail) {
      long count = counts.merge(detail, kind.equals("get") ? 1L : -1L, Long::sum);
      return count < 0 ? detail + " count " + count : null;
    }
  }

  @Test
  void anInvariantChecksEveryEventItNamesAndReportsWhereItHappened() {
    RunResult result =
        engine.run(
            RunSpec.deterministic(
                    1,
                    "machine",
                    sim ->
                        Behaviors.setup(
                            ctx -> {
                              sim.monitor(new NeverMorePutsThanGets());
                              ActorRef<String> module =
                                  sim.spawn(
                                      ctx,
                                      Behaviors.receiveMessage(
                                          (String op) -> {
                                            sim.trace(ctx.getSelf(), op, "hello");
                                            return Behaviors.same();
                                          }),
                                      "hello");
                              for (String op : List.of("get", "put", "other", "put")) {
                                sim.send(ctx.getSelf(), module, op);
                              }
                              return Behaviors.ignore();
                            }))
                .withStrategy(StrategySpec.random())
                .withTrace(100));
    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo("refcount-underflow");
              assertThat(v.where()).isEqualTo("machine");
              assertThat(v.detail()).isEqualTo("hello count -1");
            });
    assertThat(result.trace())
        .filteredOn(e -> e.kind().equals("violation:refcount-underflow"))
        .hasSize(1);
  }

  @Test
  void tracesNameActorsRelativeToTheRoot() {
    AtomicLong served = new AtomicLong();
    RunResult result =
        engine.run(
            RunSpec.deterministic(1, "machine", sim -> ContentionModel.root(sim, 2, 1, served))
                .withTrace(1000));
    assertThat(result.trace())
        .extracting(TraceEvent::target)
        .contains("server", "c0", "c1")
        .allSatisfy(name -> assertThat(name).doesNotContain("#").doesNotContain("pekko"));
  }

  @Test
  void choiceLogRejectsMalformedLinesNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.log");
    Files.writeString(file, "# kmodsim choice log v1\n0 1 2 0\n1 x 2 0\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChoiceLog.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.log:3");
  }
}
