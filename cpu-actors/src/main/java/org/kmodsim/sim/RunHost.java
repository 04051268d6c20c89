package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A permanent actor per engine worker, on the worker's dispatcher, that spawns each run's root as
 * its child (so the root and everything below it share the dispatcher) and stops it when the run is
 * over. It keeps the dispatcher alive between runs.
 */
final class RunHost {
  sealed interface Command {}

  record StartRun(AbstractSim sim, String rootName) implements Command {}

  record StopRoot(ActorRef<?> root) implements Command {}

  /** Completes {@code started} once the host runs: the engine waits for it before any run. */
  record Ready(java.util.concurrent.CompletableFuture<Void> started) implements Command {}

  private RunHost() {}

  static Behavior<Command> create() {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(
                    StartRun.class,
                    start -> {
                      start.sim().startRoot(ctx, start.rootName());
                      return Behaviors.same();
                    })
                .onMessage(
                    Ready.class,
                    ready -> {
                      ready.started().complete(null);
                      return Behaviors.same();
                    })
                .onMessage(
                    StopRoot.class,
                    stop -> {
                      ctx.stop(stop.root());
                      return Behaviors.same();
                    })
                .build());
  }
}
