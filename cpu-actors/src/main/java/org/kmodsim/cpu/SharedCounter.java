package org.kmodsim.cpu;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.sim.Sim;

/**
 * An {@code atomic_t} on one contended cache line. An {@code atomic_inc_return} needs the line in
 * the exclusive state on the asking CPU; moving it there takes {@code transferNanos}, and the
 * coherence protocol serves one owner at a time, so concurrent increments queue here and each costs
 * the asking CPU the wait plus the transfer. The boot workload and the engine benchmark make every
 * CPU hammer one of these.
 *
 * <p>Owns: 1. the counter value; 2. the queue of CPUs waiting for the line.
 */
public final class SharedCounter extends AbstractBehavior<SharedCounter.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("shared-counter", Command.class);

  public sealed interface Command {}

  /** atomic_inc_return(v): replies with the new value once the line has moved to {@code cpu}. */
  public record IncrementAndGet(int cpu, ActorRef<Incremented> replyTo) implements Command {}

  public record Incremented(long value) {}

  private enum LineTransferred implements Command {
    INSTANCE
  }

  /** With {@code transferNanos} = 0 the line moves instantly and nothing queues in time. */
  public static Behavior<Command> create(Sim sim, long transferNanos) {
    return Behaviors.setup(ctx -> new SharedCounter(ctx, sim, transferNanos));
  }

  private final Sim sim;
  private final long transferNanos;
  private final ArrayDeque<IncrementAndGet> waiting = new ArrayDeque<>();
  private long value;

  private SharedCounter(ActorContext<Command> ctx, Sim sim, long transferNanos) {
    super(ctx);
    this.sim = sim;
    this.transferNanos = transferNanos;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(IncrementAndGet.class, this::onIncrementAndGet)
        .onMessageEquals(LineTransferred.INSTANCE, this::onLineTransferred)
        .build();
  }

  private Behavior<Command> onIncrementAndGet(IncrementAndGet request) {
    if (transferNanos == 0) {
      sim.send(getContext().getSelf(), request.replyTo(), new Incremented(++value));
      return this;
    }
    waiting.addLast(request);
    if (waiting.size() == 1) {
      sim.startTimer(getContext().getSelf(), "transfer", transferNanos, LineTransferred.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onLineTransferred() {
    IncrementAndGet served = waiting.pollFirst();
    sim.send(getContext().getSelf(), served.replyTo(), new Incremented(++value));
    if (!waiting.isEmpty()) {
      sim.startTimer(getContext().getSelf(), "transfer", transferNanos, LineTransferred.INSTANCE);
    }
    return this;
  }
}
