package org.kmodsim.sim.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.Sim;

/**
 * The root of a test kit's run: spawns the actors and probes of the test as its children, so their
 * names in traces are the names the test gave. The kit asks it with a plain {@code tell} on the
 * simulation thread while the run is paused: harness work, not a delivery of the model.
 */
final class KitGuardian {
  sealed interface Command {}

  record Spawn<T>(Behavior<T> behavior, String name, CompletableFuture<ActorRef<T>> spawned)
      implements Command {}

  /** Runs {@code action} with the guardian's context (a subsystem's boot spawns through it). */
  record InContext<T>(Function<ActorContext<?>, T> action, CompletableFuture<T> done)
      implements Command {}

  private KitGuardian() {}

  static Behavior<Command> create(Sim sim, CompletableFuture<ActorRef<Command>> self) {
    return Behaviors.setup(
        ctx -> {
          self.complete(ctx.getSelf());
          return Behaviors.receive(Command.class)
              .onMessage(Command.class, command -> onCommand(sim, ctx, command))
              .build();
        });
  }

  private static Behavior<Command> onCommand(Sim sim, ActorContext<Command> ctx, Command command) {
    if (command instanceof Spawn<?> spawn) {
      onSpawn(sim, ctx, spawn);
    } else if (command instanceof InContext<?> run) {
      onInContext(ctx, run);
    }
    return Behaviors.same();
  }

  private static <T> void onInContext(ActorContext<Command> ctx, InContext<T> run) {
    try {
      run.done().complete(run.action().apply(ctx));
    } catch (RuntimeException e) {
      run.done().completeExceptionally(e);
    }
  }

  private static <T> void onSpawn(Sim sim, ActorContext<Command> ctx, Spawn<T> spawn) {
    try {
      spawn.spawned().complete(sim.spawn(ctx, spawn.behavior(), spawn.name()));
    } catch (RuntimeException e) {
      // A name used twice: the test's mistake, reported to the test rather than failing the run.
      spawn.spawned().completeExceptionally(e);
    }
  }
}
