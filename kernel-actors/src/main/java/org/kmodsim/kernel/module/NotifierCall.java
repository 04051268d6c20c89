package org.kmodsim.kernel.module;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Errno;

/**
 * One call of the module notifier chain (kernel/notifier.c blocking_notifier_call_chain, and from
 * 5.10 blocking_notifier_call_chain_robust for COMING) as a plain state machine: the callbacks run
 * one after the other in subscription order, each to completion. A robust call stops at the first
 * callback that returns an error, calls the GOING event on those called before it, then reports the
 * error. {@link ModuleNotifier} sends the events and feeds the answers back.
 *
 * <p>Owns: 1. the position in the chain; 2. the error being rolled back.
 */
final class NotifierCall {
  /** What to call: the module, its memory (for COMING), and whether errors roll back (6.x). */
  record Call(ModuleState event, String name, long address, long size, boolean robust) {}

  private final List<ActorRef<ModuleEvent>> chain;
  private final Call call;
  private int index = -1;

  /** Set while the GOING of a vetoed COMING goes to the callbacks before the one that failed. */
  private Errno veto;

  private int rollbackEnd;

  NotifierCall(List<ActorRef<ModuleEvent>> chain, Call call) {
    this.chain = List.copyOf(chain);
    this.call = call;
  }

  Call call() {
    return call;
  }

  /** The next callback to call, or null when the chain has returned. */
  ActorRef<ModuleEvent> next() {
    index++;
    int end = veto == null ? chain.size() : rollbackEnd;
    return index >= end ? null : chain.get(index);
  }

  /** The event the current callback gets: GOING while a vetoed COMING is rolled back. */
  ModuleState event() {
    return veto == null ? call.event() : ModuleState.GOING;
  }

  /** The callback being called. */
  ActorRef<ModuleEvent> current() {
    return chain.get(index);
  }

  int index() {
    return index;
  }

  /**
   * The current callback returned {@code error}: true when it stops a robust COMING
   * (NOTIFY_STOP_MASK: the rest is not called, the ones before get GOING).
   */
  boolean returned(Errno error) {
    if (veto == null && error != null && call.robust() && call.event() == ModuleState.COMING) {
      veto = error;
      rollbackEnd = index;
      index = -1;
      return true;
    }
    return false;
  }

  /** The error that stopped a robust COMING, else null. */
  Errno veto() {
    return veto;
  }
}
