package org.kmodsim.kernel.module;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.Sim;

/**
 * One call of the module notifier chain (kernel/notifier.c blocking_notifier_call_chain, and
 * from 5.10 blocking_notifier_call_chain_robust for COMING): the callbacks run one after the
 * other in subscription order, each to completion, in the caller's context. A robust call stops
 * at the first callback that returns an error and calls the GOING event on those called before
 * it, then reports the error. A callback that does not return blocks the caller, as a callback
 * that sleeps forever blocks insmod: after the hung-task time the call reports a violation and
 * goes on waiting.
 *
 * <p>Owns: 1. the position in the chain; 2. the error being rolled back.
 */
final class NotifierCall extends AbstractBehavior<NotifierCall.Command> {

  sealed interface Command {}

  private record Answered(ModuleEvent.Notified notified) implements Command {}

  private record Hung(int index) implements Command {}

  /** The chain has run: {@code veto} is the error that stopped a robust COMING, else null. */
  record Done(String name, ModuleState event, Errno veto) implements ModuleLoader.Command {}

  /** What to call: the module, its memory (for COMING), and whether errors roll back (6.x). */
  record Call(ModuleState event, String name, long address, long size, boolean robust) {}

  static Behavior<Command> create(Sim sim, List<ActorRef<ModuleEvent>> chain, Call call,
      long hungNanos, ActorRef<Done> replyTo) {
    return Behaviors.setup(ctx -> new NotifierCall(ctx, sim, chain, call, hungNanos, replyTo)
        .next());
  }

  private final Sim sim;
  private final List<ActorRef<ModuleEvent>> chain;
  private final Call call;
  private final long hungNanos;
  private final ActorRef<Done> replyTo;
  private final ActorRef<ModuleEvent.Notified> answers;
  private int index = -1;
  /** Set while the GOING of a vetoed COMING goes to the callbacks before the one that failed. */
  private Errno veto;
  private int rollbackEnd;

  private NotifierCall(ActorContext<Command> ctx, Sim sim, List<ActorRef<ModuleEvent>> chain,
      Call call, long hungNanos, ActorRef<Done> replyTo) {
    super(ctx);
    this.sim = sim;
    this.chain = List.copyOf(chain);
    this.call = call;
    this.hungNanos = hungNanos;
    this.replyTo = replyTo;
    this.answers = ctx.messageAdapter(ModuleEvent.Notified.class, Answered::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Hung.class, this::onHung)
        .build();
  }

  private Behavior<Command> onAnswered(Answered answered) {
    sim.cancelTimer(getContext().getSelf(), "hung-" + index);
    Errno error = answered.notified().veto();
    if (veto == null && error != null && call.robust() && call.event() == ModuleState.COMING) {
      // NOTIFY_STOP_MASK: the rest of the chain is not called; the ones before get GOING.
      sim.trace(getContext().getSelf(), "module_notifier", call.name() + " COMING vetoed by "
          + chain.get(index).path().name() + ": " + error.name());
      veto = error;
      rollbackEnd = index;
      index = -1;
    }
    return next();
  }

  /** The callback has not returned after the hung-task time: report it, keep waiting. */
  private Behavior<Command> onHung(Hung hung) {
    if (hung.index() == index) {
      sim.violation(getContext().getSelf(), "notifier-hung", "module notifier callback "
          + chain.get(index).path().name() + " blocked on " + call.event() + " of "
          + call.name());
    }
    return this;
  }

  private Behavior<Command> next() {
    index++;
    int end = veto == null ? chain.size() : rollbackEnd;
    if (index >= end) {
      sim.send(getContext().getSelf(), replyTo, new Done(call.name(), call.event(), veto));
      return Behaviors.stopped();
    }
    ModuleState event = veto == null ? call.event() : ModuleState.GOING;
    sim.send(getContext().getSelf(), chain.get(index),
        ModuleEvent.of(event, call.name(), call.address(), call.size(), answers));
    sim.startTimer(getContext().getSelf(), "hung-" + index, hungNanos, new Hung(index));
    return this;
  }
}
