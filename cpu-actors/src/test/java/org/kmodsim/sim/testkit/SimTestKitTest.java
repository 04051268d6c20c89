package org.kmodsim.sim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.StrategySpec;

class SimTestKitTest {

  /** A counter that answers each increment after {@code delayNanos} of virtual time. */
  static final class Counter {
    sealed interface Command {}

    record Increment(String who, ActorRef<Incremented> replyTo) implements Command {}

    record Fail() implements Command {}

    private record Answer(Incremented reply, ActorRef<Incremented> to) implements Command {}

    record Incremented(String who, long value) {}

    static Behavior<Command> create(Sim sim, long delayNanos) {
      return Behaviors.setup(
          ctx -> {
            long[] count = {0};
            return Behaviors.receive(Command.class)
                .onMessage(
                    Increment.class,
                    inc -> {
                      Incremented reply = new Incremented(inc.who(), ++count[0]);
                      if (delayNanos == 0) {
                        sim.send(ctx.getSelf(), inc.replyTo(), reply);
                      } else {
                        sim.startTimer(
                            ctx.getSelf(),
                            "answer-" + count[0],
                            delayNanos,
                            new Answer(reply, inc.replyTo()));
                      }
                      return Behaviors.same();
                    })
                .onMessage(
                    Answer.class,
                    answer -> {
                      sim.send(ctx.getSelf(), answer.to(), answer.reply());
                      return Behaviors.same();
                    })
                .onMessage(
                    Fail.class,
                    fail -> {
                      throw new IllegalStateException("counter overflow");
                    })
                .build();
          });
    }
  }

  /** A ticker that sends its subscriber a tick every {@code periodNanos}, forever. */
  static Behavior<String> ticker(Sim sim, long periodNanos, ActorRef<String> subscriber) {
    return Behaviors.setup(
        ctx -> {
          sim.startTimer(ctx.getSelf(), "tick", periodNanos, "tick");
          return Behaviors.receiveMessage(
              tick -> {
                sim.send(ctx.getSelf(), subscriber, "tick@" + sim.nowNanos());
                sim.startTimer(ctx.getSelf(), "tick", periodNanos, "tick");
                return Behaviors.same();
              });
        });
  }

  @Test
  void aProbeReceivesTheActorsReplyAtItsVirtualTime() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Counter.Incremented> cpu = kit.probe(Counter.Incremented.class, "cpu0");
      ActorRef<Counter.Command> counter = kit.spawn(Counter.create(kit.sim(), 500), "counter");
      cpu.send(counter, new Counter.Increment("cpu0", cpu.ref()));
      assertThat(cpu.expectMessage(Counter.Incremented.class))
          .isEqualTo(new Counter.Incremented("cpu0", 1));
      assertThat(kit.nowNanos()).isEqualTo(500);
      cpu.send(counter, new Counter.Increment("cpu0", cpu.ref()));
      cpu.expectMessage(new Counter.Incremented("cpu0", 2));
      assertThat(kit.nowNanos()).isEqualTo(1_000);
      cpu.expectNoMessage();
      assertThat(kit.trace())
          .extracting(e -> e.source() + "->" + e.target())
          .contains("cpu0->counter", "counter->cpu0");
    }
  }

  @Test
  void expectMessageFailsAtQuiescenceWhenNothingComes() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Counter.Incremented> cpu = kit.probe(Counter.Incremented.class, "cpu0");
      kit.spawn(Counter.create(kit.sim(), 0), "counter");
      assertThatThrownBy(cpu::receiveMessage)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("probe cpu0 received no message");
    }
  }

  @Test
  void expectNoMessageFailsWhenAMessageComes() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Counter.Incremented> cpu = kit.probe(Counter.Incremented.class, "cpu0");
      ActorRef<Counter.Command> counter = kit.spawn(Counter.create(kit.sim(), 0), "counter");
      cpu.send(counter, new Counter.Increment("cpu0", cpu.ref()));
      assertThatThrownBy(cpu::expectNoMessage)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected no message but received Incremented[who=cpu0, value=1]");
    }
  }

  @Test
  void expectMessageOfTheWrongTypeNamesWhatCame() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Object> cpu = kit.probe(Object.class, "cpu0");
      kit.send(cpu.ref(), "hello");
      assertThatThrownBy(() -> cpu.expectMessage(Integer.class))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected a Integer but received hello");
    }
  }

  @Test
  void aPeriodicTimerIsWaitedForUpToAVirtualDeadline() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<String> subscriber = kit.probe(String.class, "subscriber");
      SimProbe<String> other = kit.probe(String.class, "other");
      kit.spawn(ticker(kit.sim(), 1_000, subscriber.ref()), "ticker");
      assertThat(subscriber.receiveMessages(3))
          .containsExactly("tick@1000", "tick@2000", "tick@3000");
      other.expectNoMessage(10_500);
      assertThat(kit.nowNanos()).isEqualTo(13_500);
      assertThat(subscriber.pending()).isEqualTo(10);
      assertThatThrownBy(other::expectNoMessage)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("not quiescent after " + kit.deliveriesPerWait());
    }
  }

  @Test
  void advanceLetsVirtualTimePassEvenWhenNothingIsDue() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      kit.advance(7_000);
      assertThat(kit.nowNanos()).isEqualTo(7_000);
      kit.runUntilQuiescent();
      assertThat(kit.nowNanos()).isEqualTo(7_000);
    }
  }

  @Test
  void aModelExceptionEndsTheRunAndTheNextWaitFailsWithIt() {
    SimTestKit kit = SimTestKit.deterministic(1);
    SimProbe<Counter.Incremented> cpu = kit.probe(Counter.Incremented.class, "cpu0");
    ActorRef<Counter.Command> counter = kit.spawn(Counter.create(kit.sim(), 0), "counter");
    cpu.send(counter, new Counter.Fail());
    assertThatThrownBy(cpu::receiveMessage)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the run ended FAILED")
        .hasRootCauseMessage("counter overflow");
    assertThatThrownBy(() -> cpu.expectMessage(Counter.Incremented.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the run ended FAILED");
    RunResult result = kit.shutdown();
    assertThat(result.end()).isEqualTo(EndReason.FAILED);
    assertThat(kit.steps()).isEqualTo(result.steps());
    assertThatThrownBy(() -> kit.spawn(Counter.create(kit.sim(), 0), "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the run is over (FAILED");
  }

  @Test
  void codeThatSpawnsThroughAContextRunsInTheRoot() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Counter.Incremented> cpu = kit.probe(Counter.Incremented.class, "cpu0");
      // As a subsystem's boot does: spawn with the machine's context, send a first request.
      ActorRef<Counter.Command> counter =
          kit.inRoot(
              ctx -> {
                ActorRef<Counter.Command> spawned =
                    kit.sim().spawn(ctx, Counter.create(kit.sim(), 0), "counter");
                kit.sim().send(ctx.getSelf(), spawned, new Counter.Increment("boot", cpu.ref()));
                return spawned;
              });
      assertThat(cpu.expectMessage(Counter.Incremented.class).who()).isEqualTo("boot");
      assertThat(kit.trace())
          .extracting(e -> e.source() + "->" + e.target())
          .contains("kit->counter");
      cpu.send(counter, new Counter.Increment("cpu0", cpu.ref()));
      cpu.expectMessage(new Counter.Incremented("cpu0", 2));
    }
  }

  @Test
  void aNameUsedTwiceIsTheTestsErrorNotTheRuns() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      kit.probe(String.class, "cpu0");
      assertThatThrownBy(() -> kit.probe(String.class, "cpu0")).hasMessageContaining("cpu0");
      SimProbe<String> other = kit.probe(String.class, "cpu1");
      kit.send(other.ref(), "still running");
      other.expectMessage("still running");
    }
  }

  @Test
  void violationsAreReportedAsTheyHappen() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      ActorRef<String> reporter =
          kit.spawn(
              sim ->
                  Behaviors.setup(
                      ctx ->
                          Behaviors.receiveMessage(
                              (String why) -> {
                                sim.violation(ctx.getSelf(), "refcount", why);
                                return Behaviors.same();
                              })),
              "module");
      kit.send(reporter, "count -1");
      kit.runUntilQuiescent();
      assertThat(kit.violations())
          .singleElement()
          .satisfies(v -> assertThat(v.where() + ": " + v.detail()).isEqualTo("module: count -1"));
    }
  }

  /** Three probes race for one counter; which one it serves first is the strategy's choice. */
  private static List<String> race(SimTestKit kit) {
    ActorRef<Counter.Command> counter = kit.spawn(Counter.create(kit.sim(), 0), "counter");
    SimProbe<Counter.Incremented> results = kit.probe(Counter.Incremented.class, "results");
    for (String cpu : List.of("cpu0", "cpu1", "cpu2")) {
      SimProbe<Counter.Incremented> probe = kit.probe(Counter.Incremented.class, cpu);
      probe.send(counter, new Counter.Increment(cpu, results.ref()));
    }
    List<String> order = new ArrayList<>();
    for (Counter.Incremented r : results.receiveMessages(3)) {
      order.add(r.who() + "=" + r.value());
    }
    results.expectNoMessage();
    return order;
  }

  @Test
  void aFixedSeedReplaysExactlyAndSeedsExploreTheRace() {
    Set<List<String>> orders = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      RunResult first;
      List<String> firstOrder;
      try (SimTestKit kit = SimTestKit.deterministic(seed)) {
        firstOrder = race(kit);
        first = kit.shutdown();
      }
      try (SimTestKit kit = SimTestKit.deterministic(seed)) {
        assertThat(race(kit)).as("seed %d", seed).isEqualTo(firstOrder);
        RunResult second = kit.shutdown();
        assertThat(second.traceDigest()).isEqualTo(first.traceDigest());
        assertThat(second.steps()).isEqualTo(first.steps());
        assertThat(second.end()).isEqualTo(EndReason.QUIESCENT);
        assertThat(second.foreignSubmissions()).isZero();
      }
      orders.add(firstOrder);
    }
    assertThat(orders).hasSizeGreaterThan(1);
  }

  @Test
  void aSavedChoiceLogReplaysTheSameInterleaving() {
    RunResult original;
    List<String> order;
    try (SimTestKit kit =
        SimTestKit.create(RunSpec.deterministic(5).withStrategy(StrategySpec.pct(2, 20)))) {
      order = race(kit);
      original = kit.shutdown();
    }
    ChoiceLog log = original.choices();
    try (SimTestKit kit =
        SimTestKit.create(RunSpec.deterministic(99).withStrategy(StrategySpec.replay(log)))) {
      assertThat(race(kit)).isEqualTo(order);
      assertThat(kit.shutdown().traceDigest()).isEqualTo(original.traceDigest());
    }
  }
}
