package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A worker's kept actor tree ({@link KeptTree}): the next run of the same root name reuses the
 * actors, never their state, and sees what a freshly spawned tree shows it.
 */
class KeptTreeTest {
  // One worker, so that every run of a test finds the tree the run before it left.
  private static final SimEngine KEEPING = new SimEngine(new EngineSettings(1, 1, 5));
  private static final SimEngine FRESH =
      new SimEngine(new EngineSettings(1, 1, 5, "lanes", 10_000, false));

  @AfterAll
  static void close() {
    KEEPING.close();
    FRESH.close();
  }

  /** What one run of {@link #root} saw: its children's refs, then what they received. */
  private record Seen(ActorRef<?> counter, ActorRef<?> once, List<String> events, RunResult run) {}

  private static Seen run(SimEngine engine, String rootName, long seed, boolean failing) {
    List<Object> seen = new ArrayList<>();
    RunResult result =
        engine.run(RunSpec.deterministic(seed, rootName, sim -> root(sim, seen, failing)));
    List<String> events = seen.subList(2, seen.size()).stream().map(String::valueOf).toList();
    return new Seen((ActorRef<?>) seen.get(0), (ActorRef<?>) seen.get(1), events, result);
  }

  /**
   * A root with two children: a counter that counts the messages it receives (its state starts at 0
   * in every run) and a child that stops after its first message; each gets its messages in setup.
   */
  private static Behavior<Object> root(Sim sim, List<Object> seen, boolean failing) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<String> counter = sim.spawn(ctx, counter(sim, seen, failing), "counter");
          ActorRef<String> once = sim.spawn(ctx, once(seen), "once");
          seen.add(counter);
          seen.add(once);
          sim.send(ctx.getSelf(), counter, "a");
          sim.send(ctx.getSelf(), counter, "b");
          sim.send(ctx.getSelf(), once, "x");
          return Behaviors.empty();
        });
  }

  private static Behavior<String> counter(Sim sim, List<Object> seen, boolean failing) {
    return Behaviors.setup(
        ctx -> {
          int[] count = {0};
          return Behaviors.receiveMessage(
              message -> {
                if (failing) {
                  throw new IllegalStateException("counter failed on " + message);
                }
                count[0]++;
                seen.add("count " + count[0] + " " + message);
                sim.trace(ctx.getSelf(), EventType.of("count", "{n}", "n").with(count[0]));
                return Behaviors.same();
              });
        });
  }

  private static Behavior<String> once(List<Object> seen) {
    return Behaviors.receiveMessage(
        message -> {
          seen.add("once " + message);
          return Behaviors.stopped();
        });
  }

  @Test
  void theNextRunReusesTheActorsButNoneOfTheirState() {
    Seen first = run(KEEPING, "kept", 1, false);
    Seen second = run(KEEPING, "kept", 2, false);
    assertThat(first.run().end()).isEqualTo(EndReason.QUIESCENT);
    assertThat(second.run().end()).isEqualTo(EndReason.QUIESCENT);
    assertThat(second.counter()).as("the counter is kept").isEqualTo(first.counter());
    assertThat(second.events())
        .as("the kept counter counts from 0 again")
        .containsExactlyInAnyOrderElementsOf(first.events());
    assertThat(first.events()).contains("count 1 a", "count 2 b", "once x");
    // A child that stopped during a run is not kept: the next run spawns it afresh.
    assertThat(second.once()).isNotEqualTo(first.once());
  }

  @Test
  void keptAndFreshTreesGiveTheSameRunForEverySeed() {
    for (long seed = 0; seed < 40; seed++) {
      AtomicLong keptServed = new AtomicLong();
      AtomicLong freshServed = new AtomicLong();
      RunResult kept =
          KEEPING.run(
              RunSpec.deterministic(
                  seed, "contention", sim -> ContentionModel.root(sim, 4, 3, keptServed)));
      RunResult fresh =
          FRESH.run(
              RunSpec.deterministic(
                  seed, "contention", sim -> ContentionModel.root(sim, 4, 3, freshServed)));
      assertThat(kept.traceDigest()).as("seed %d", seed).isEqualTo(fresh.traceDigest());
      assertThat(kept.steps()).isEqualTo(fresh.steps());
      assertThat(kept.choices().choices()).containsExactly(fresh.choices().choices());
      assertThat(keptServed.get()).isEqualTo(12);
    }
    Seen kept = run(KEEPING, "compare", 5, false);
    Seen keptAgain = run(KEEPING, "compare", 5, false);
    Seen fresh = run(FRESH, "compare", 5, false);
    assertThat(keptAgain.counter()).isEqualTo(kept.counter());
    assertThat(keptAgain.run().traceDigest()).isEqualTo(fresh.run().traceDigest());
    assertThat(keptAgain.events()).containsExactlyElementsOf(fresh.events());
  }

  @Test
  void aKeptChildIsHandedOutAsTheSameRefEveryRunAndKeepsItsName() {
    run(KEEPING, "same-ref", 1, false);
    Seen second = run(KEEPING, "same-ref", 2, false);
    Seen third = run(KEEPING, "same-ref", 3, false);
    // Not only equal: the same object, which the run's maps find without comparing paths.
    assertThat(third.counter()).isSameAs(second.counter());
    Seen fresh = run(FRESH, "same-ref", 3, false);
    assertThat(third.run().traceDigest()).isEqualTo(fresh.run().traceDigest());
  }

  @Test
  void aFailedRunsTreeIsStoppedNotKept() {
    Seen before = run(KEEPING, "failing", 1, false);
    Seen failed = run(KEEPING, "failing", 1, true);
    Seen after = run(KEEPING, "failing", 1, false);
    assertThat(failed.counter()).isEqualTo(before.counter());
    assertThat(failed.run().end()).isEqualTo(EndReason.FAILED);
    assertThat(after.run().end()).isEqualTo(EndReason.QUIESCENT);
    assertThat(after.counter()).isNotEqualTo(before.counter());
    assertThat(after.events()).contains("count 1 a", "count 2 b");
  }

  @Test
  void aRunOfAnotherRootNameStopsTheKeptTree() {
    Seen first = run(KEEPING, "one", 1, false);
    run(KEEPING, "two", 1, false);
    Seen again = run(KEEPING, "one", 1, false);
    assertThat(again.counter()).isNotEqualTo(first.counter());
    assertThat(again.events()).containsExactlyElementsOf(first.events());
  }

  @Test
  void aNameSpawnedTwiceInOneRunIsStillRefused() {
    run(KEEPING, "twice", 1, false);
    RunResult twice =
        KEEPING.run(
            RunSpec.deterministic(
                1,
                "twice",
                sim ->
                    Behaviors.setup(
                        ctx -> {
                          sim.spawn(ctx, once(new ArrayList<>()), "counter");
                          sim.spawn(ctx, once(new ArrayList<>()), "counter");
                          return Behaviors.empty();
                        })));
    assertThat(twice.end()).isEqualTo(EndReason.FAILED);
    assertThat(twice.failure()).hasMessageContaining("counter");
  }

  /**
   * A behaviour that handles a message by returning itself ({@code return this}), switches to
   * another behaviour and back to itself: each message goes to the behaviour in place, in a kept
   * tree and a fresh one alike.
   */
  private static final class Switching
      extends org.apache.pekko.actor.typed.javadsl.AbstractBehavior<String> {
    private final List<String> seen;
    private int count;

    Switching(org.apache.pekko.actor.typed.javadsl.ActorContext<String> ctx, List<String> seen) {
      super(ctx);
      this.seen = seen;
    }

    @Override
    public org.apache.pekko.actor.typed.javadsl.Receive<String> createReceive() {
      return newReceiveBuilder()
          .onMessageEquals(
              "switch",
              () -> {
                seen.add("switched at " + count);
                Switching back = this;
                return Behaviors.receiveMessage(
                    m -> {
                      seen.add("other " + m);
                      return m.equals("back") ? back : Behaviors.same();
                    });
              })
          .onAnyMessage(
              m -> {
                seen.add("count " + ++count + " " + m);
                return this;
              })
          .build();
    }
  }

  private static List<String> switching(SimEngine engine, long seed) {
    List<String> seen = new ArrayList<>();
    engine.run(
        RunSpec.deterministic(
            seed,
            "switching",
            sim ->
                Behaviors.setup(
                    ctx -> {
                      ActorRef<String> child =
                          sim.spawn(ctx, Behaviors.setup(c -> new Switching(c, seen)), "switching");
                      for (String m : List.of("n", "n", "switch", "n", "back", "n", "n")) {
                        sim.send(ctx.getSelf(), child, m);
                      }
                      return Behaviors.empty();
                    })));
    return seen;
  }

  @Test
  void aBehaviourThatReturnsItselfKeepsItsStateAndCanSwitchAndComeBack() {
    List<String> expected =
        List.of(
            "count 1 n",
            "count 2 n",
            "switched at 2",
            "other n",
            "other back",
            "count 3 n",
            "count 4 n");
    assertThat(switching(KEEPING, 1)).containsExactlyElementsOf(expected);
    assertThat(switching(KEEPING, 2)).as("kept: no state of the last run").isEqualTo(expected);
    assertThat(switching(FRESH, 3)).isEqualTo(expected);
  }
}
