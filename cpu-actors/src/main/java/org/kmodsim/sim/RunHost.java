package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A permanent actor per engine worker, on the worker's dispatcher, that spawns each run's root as
 * its child (so the root and everything below it share the dispatcher) and stops it when the run is
 * over; or, with a {@link KeptTree}, keeps it for the next run of the same root name. It keeps the
 * dispatcher alive between runs.
 */
final class RunHost {
  sealed interface Command {}

  record StartRun(AbstractSim sim, String rootName) implements Command {}

  /** The run of {@code root} is over; {@code keep}: its tree may serve the next run. */
  record StopRoot(ActorRef<?> root, boolean keep) implements Command {}

  /** Completes {@code started} once the host runs: the engine waits for it before any run. */
  record Ready(java.util.concurrent.CompletableFuture<Void> started) implements Command {}

  private RunHost() {}

  /** A host that stops every root at the end of its run. */
  static Behavior<Command> create() {
    return create(null);
  }

  /**
   * A host that keeps the tree of each run in {@code tree} for the next run, unless told not to.
   */
  static Behavior<Command> create(KeptTree tree) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(
                    StartRun.class,
                    start -> {
                      start.sim().startRoot(ctx, start.rootName(), tree);
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
                      if (tree == null || !tree.isRoot(stop.root())) {
                        ctx.stop(stop.root());
                      } else if (!stop.keep()) {
                        ctx.stop(tree.takeRoot());
                      }
                      return Behaviors.same();
                    })
                .build());
  }
}
