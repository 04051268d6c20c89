package org.kmodsim.kernel.printk;

import java.util.ArrayDeque;

/**
 * console_sem and the hand-over state around it (kernel/printk/printk.c console_trylock_spinning,
 * console_lock_spinning_enable/disable_and_check), as pure logic: who holds the console, who spins
 * for it, who waits in line. The Printk actor asks it what a new caller does and whom the console
 * goes to after each record.
 *
 * @param <T> the caller type of the actor
 */
final class ConsoleSem<T> {

  /** What printk() does after storing its record. */
  enum Arrival {
    /** The caller holds the console and prints (console_trylock succeeded). */
    OWNER,
    /** The caller returns at once; someone else prints its record. */
    RETURN,
    /** The caller spins until the owner's current record is out, then takes over (4.16+). */
    SPIN,
    /** The caller waits its turn for the console (direct mode, a second emergency). */
    QUEUED
  }

  private T owner;
  private T waiter;
  private final ArrayDeque<T> queue = new ArrayDeque<>();

  Arrival arrive(T caller, DeliveryMode mode, boolean emergency) {
    if (mode == DeliveryMode.THREADED && !emergency) {
      return Arrival.RETURN;
    }
    if (owner == null) {
      owner = caller;
      return Arrival.OWNER;
    }
    switch (mode) {
      case DIRECT -> {
        queue.addLast(caller);
        return Arrival.QUEUED;
      }
      case LOCK_OWNER -> {
        return Arrival.RETURN;
      }
      default -> {
        if (waiter == null) {
          waiter = caller;
          return Arrival.SPIN;
        }
        if (emergency) {
          queue.addLast(caller);
          return Arrival.QUEUED;
        }
        return Arrival.RETURN;
      }
    }
  }

  /** A context with no caller to answer (irq_work, the printer thread) takes a free console. */
  boolean tryAcquire(T context) {
    if (owner != null) {
      return false;
    }
    owner = context;
    return true;
  }

  /**
   * After each record: a spinning waiter takes the console over; returns the old owner, who now
   * returns from printk(), or null when nobody was waiting.
   */
  T handOver() {
    if (waiter == null || owner == null) {
      return null;
    }
    T previous = owner;
    owner = waiter;
    waiter = null;
    return previous;
  }

  /** console_unlock() found nothing more to print: the next in line gets the console, or null. */
  T release() {
    owner = queue.pollFirst();
    if (owner == null && waiter != null) {
      owner = waiter;
      waiter = null;
    }
    return owner;
  }

  /** console_flush_on_panic(): takes the console whoever holds it; spinners never return. */
  void takeOver(T panicking) {
    owner = panicking;
    waiter = null;
    queue.clear();
  }

  T owner() {
    return owner;
  }

  T waiter() {
    return waiter;
  }

  int queued() {
    return queue.size();
  }
}
