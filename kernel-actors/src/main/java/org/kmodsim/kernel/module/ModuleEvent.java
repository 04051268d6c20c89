package org.kmodsim.kernel.module;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Errno;

/**
 * The module notifier chain (kernel/module/main.c, blocking_notifier_call_chain on
 * module_notify_list): what {@link ModuleLoader.Subscribe} subscribers receive. The chain is
 * synchronous: each subscriber answers {@link Notified} when its callback has returned, and the
 * load or unload goes on only then (see {@link NotifierCall}), so a GOING callback always runs
 * before free_module.
 */
public sealed interface ModuleEvent {
  String name();

  /** Where the callback's return value goes. */
  ActorRef<Notified> replyTo();

  /**
   * MODULE_STATE_COMING: linked, exports visible, before parameters (4.x+; in 2.6 after them, just
   * before init). A subscriber may veto it from 5.10 on (6.x): the load then fails with that errno
   * and only the subscribers called before it get a GOING.
   */
  record ModuleComing(String name, long address, long size, ActorRef<Notified> replyTo)
      implements ModuleEvent {}

  /** MODULE_STATE_LIVE: init succeeded. */
  record ModuleLive(String name, ActorRef<Notified> replyTo) implements ModuleEvent {}

  /** MODULE_STATE_GOING: init failed or the module is being unloaded (after exit). */
  record ModuleGoing(String name, ActorRef<Notified> replyTo) implements ModuleEvent {}

  /**
   * The callback returned: {@code veto} null is NOTIFY_OK / NOTIFY_DONE, an errno is
   * notifier_from_errno(-errno) (only a COMING in 6.x acts on it; other returns are ignored).
   */
  record Notified(String name, Errno veto) {
    public static Notified ok(String name) {
      return new Notified(name, null);
    }
  }

  /** The event of {@code state} for module {@code name}. */
  static ModuleEvent of(
      ModuleState state, String name, long address, long size, ActorRef<Notified> replyTo) {
    return switch (state) {
      case COMING -> new ModuleComing(name, address, size, replyTo);
      case LIVE -> new ModuleLive(name, replyTo);
      case GOING -> new ModuleGoing(name, replyTo);
      default -> throw new IllegalArgumentException("no notifier event for " + state);
    };
  }
}
