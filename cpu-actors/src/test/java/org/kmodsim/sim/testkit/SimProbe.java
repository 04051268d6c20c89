package org.kmodsim.sim.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.SteppedRun;

/**
 * A test probe that is a simulated entity: messages to it are deliveries the run's strategy chooses
 * (at the virtual time they happen), and what it sends ({@link #send}) goes through the engine as
 * from the entity it stands for. Made by {@link SimTestKit#probe}.
 *
 * <p>Every receive runs the engine until this probe holds a message or the run is quiescent, so
 * "expect no message" means "none before quiescence" (or before a virtual deadline). Messages are
 * taken in the order they were delivered.
 *
 * @param <M> the type of messages the probe accepts (its ref's type)
 */
public final class SimProbe<M> {
  private final SimTestKit kit;
  private final Class<M> type;
  private final String name;
  private final ActorRef<M> ref;
  private final Inbox<M> inbox;

  SimProbe(SimTestKit kit, Class<M> type, String name, ActorRef<M> ref, Inbox<M> inbox) {
    this.kit = kit;
    this.type = type;
    this.name = name;
    this.ref = ref;
    this.inbox = inbox;
  }

  /** The probe's ref: give it as a {@code replyTo} or a subscriber. */
  public ActorRef<M> ref() {
    return ref;
  }

  public String name() {
    return name;
  }

  /** Sends through the engine from this probe. */
  public <T> void send(ActorRef<T> to, T message) {
    kit.send(ref, to, message);
  }

  /** The next message, whatever it is; fails if none comes before quiescence. */
  public M receiveMessage() {
    SteppedRun.Stop stop = kit.runUntil(inbox::hasMessage, Long.MAX_VALUE);
    if (!inbox.hasMessage()) {
      throw kit.notQuiescent("probe " + name + " received no message", stop);
    }
    return inbox.take();
  }

  /** The next {@code count} messages, in delivery order. */
  public List<M> receiveMessages(int count) {
    List<M> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(receiveMessage());
    }
    return messages;
  }

  /** The next message, which must be a {@code expected}; returned as one. */
  public <T extends M> T expectMessage(Class<T> expected) {
    M message = receiveMessage();
    if (!expected.isInstance(message)) {
      throw new AssertionError(
          "probe "
              + name
              + ": expected a "
              + expected.getSimpleName()
              + " but received "
              + message);
    }
    return expected.cast(message);
  }

  /** The next message, which must equal {@code expected}. */
  public M expectMessage(M expected) {
    M message = receiveMessage();
    if (!Objects.equals(expected, message)) {
      throw new AssertionError(
          "probe " + name + ": expected " + expected + " but received " + message);
    }
    return message;
  }

  /**
   * Runs until quiescence and fails if this probe holds or receives a message meanwhile. An actor
   * with a periodic timer never quiesces: use {@link #expectNoMessage(long)}.
   */
  public void expectNoMessage() {
    SteppedRun.Stop stop = kit.runUntil(inbox::hasMessage, Long.MAX_VALUE);
    if (inbox.hasMessage()) {
      throw new AssertionError(
          "probe " + name + ": expected no message but received " + inbox.take());
    }
    if (stop != SteppedRun.Stop.QUIESCENT && stop != SteppedRun.Stop.ENDED) {
      throw kit.notQuiescent("probe " + name + " expected no message", stop);
    }
  }

  /**
   * Lets {@code nanos} of virtual time pass and fails if this probe holds or receives a message
   * meanwhile; the clock is then {@code nanos} later (or where the run ended).
   */
  public void expectNoMessage(long nanos) {
    long deadline = kit.nowNanos() + nanos;
    SteppedRun.Stop stop = kit.runUntil(inbox::hasMessage, deadline);
    if (inbox.hasMessage()) {
      throw new AssertionError(
          "probe "
              + name
              + ": expected no message within "
              + nanos
              + " ns but received "
              + inbox.take());
    }
    if (stop == SteppedRun.Stop.BUDGET) {
      throw kit.notQuiescent("probe " + name + " expected no message", stop);
    }
  }

  /** Messages delivered to the probe and not taken yet, without running the engine. */
  public int pending() {
    return inbox.size();
  }

  @Override
  public String toString() {
    return "SimProbe(" + name + ": " + type.getSimpleName() + ")";
  }

  /**
   * What the probe was delivered. The actor adds on the simulation thread; the test takes while the
   * run is paused (the pause's hand-over orders the two).
   */
  static final class Inbox<M> {
    private final ConcurrentLinkedDeque<M> messages = new ConcurrentLinkedDeque<>();

    Behavior<M> behavior() {
      return Behaviors.receiveMessage(
          message -> {
            messages.addLast(message);
            return Behaviors.same();
          });
    }

    boolean hasMessage() {
      return !messages.isEmpty();
    }

    M take() {
      return messages.pollFirst();
    }

    int size() {
      return messages.size();
    }
  }
}
