package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Timers on the simulated clock. A timer delivers its message to its owner after a delay; starting
 * a timer with a key that is already running replaces it, and a cancelled timer's message is never
 * delivered, even when it was already due.
 */
public interface SimTimers {
  <T> void startTimer(ActorRef<T> owner, Object key, long delayNanos, T message);

  void cancelTimer(ActorRef<?> owner, Object key);
}
