package org.kmodsim.kernel;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.Sim;

/**
 * An {@code atomic_t} on one contended cache line: every {@code atomic_inc_return} is a request to
 * this actor, which serialises them as the cache-coherence protocol does. The boot workload and
 * the engine benchmark make every CPU hammer one of these.
 *
 * <p>Owns: 1. the counter value.
 */
public final class SharedCounter {
  public static final ServiceKey<Command> KEY = new ServiceKey<>("shared-counter", Command.class);

  public sealed interface Command {}

  /** atomic_inc_return(v): replies with the new value. */
  public record IncrementAndGet(int cpu, ActorRef<Incremented> replyTo) implements Command {}

  public record Incremented(long value) {}

  private SharedCounter() {}

  public static Behavior<Command> create(Sim sim) {
    return Behaviors.setup(ctx -> counting(sim, ctx.getSelf(), 0));
  }

  private static Behavior<Command> counting(Sim sim, ActorRef<Command> self, long value) {
    return Behaviors.receive(Command.class)
        .onMessage(
            IncrementAndGet.class,
            inc -> {
              sim.send(self, inc.replyTo(), new Incremented(value + 1));
              return counting(sim, self, value + 1);
            })
        .build();
  }
}
