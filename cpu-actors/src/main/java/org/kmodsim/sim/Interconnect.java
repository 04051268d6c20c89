package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The only way one simulated entity talks to another. Messages between one sender and one receiver
 * arrive in the order sent (Pekko's only ordering promise); in deterministic mode the engine
 * chooses which sender's message a receiver gets next.
 */
public interface Interconnect {
  /** Sends {@code message} from {@code from} (null for the environment) to {@code to}. */
  <T> void send(ActorRef<?> from, ActorRef<T> to, T message);
}
