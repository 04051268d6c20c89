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

  /**
   * A timer for an owner that waits without computing, as a sleeping task does: on the virtual
   * clock the same as {@link #startTimer}; on the wall clock it never spins the calling thread,
   * however short the delay.
   */
  default <T> void startIdleTimer(ActorRef<T> owner, Object key, long delayNanos, T message) {
    startTimer(owner, key, delayNanos, message);
  }

  /**
   * The owner has computed for {@code nanos} of its own time and now lets the engine deliver to it;
   * {@code message} arrives (keyed like a timer) once that time has passed. On the virtual clock
   * this is a timer. On the wall clock the time passed while the owner computed, so the message is
   * sent at once.
   */
  <T> void elapse(ActorRef<T> owner, Object key, long nanos, T message);

  /**
   * How much computed time an owner may run ahead before it must {@link #elapse} and let deliveries
   * in: 0 on the virtual clock (every cost is a scheduling point and moves the clock exactly), a
   * few microseconds on the wall clock (often enough to serve interrupts).
   */
  long runAheadNanos();
}
