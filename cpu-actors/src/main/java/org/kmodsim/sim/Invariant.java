package org.kmodsim.sim;

import java.util.Set;

/**
 * A safety rule of the model, checked by the engine in every run on the model events it names
 * ({@link Sim#trace}; a violation the model reported itself is the event {@code violation:KIND}).
 * When the rule is broken, {@link #check} returns the detail in the kernel's words and the engine
 * reports a violation of {@link #kind} where the event happened, as {@link Sim#violation} does. The
 * model registers its invariants once per run ({@link Sim#monitor}), typically when the subsystem
 * that owns the state they read boots.
 *
 * <p>An invariant reads shared state (memory the model publishes for lock-free readers) and keeps
 * its own; in concurrent mode it is called from several threads at once, so it synchronises what it
 * keeps. It never sends, never changes the model, and answers quickly: it runs on the event's
 * thread.
 */
public interface Invariant {

  /** The kind of the violations it reports ({@code refcount-underflow}). */
  String kind();

  /** The model event kinds after which it checks the rule. */
  Set<String> events();

  /**
   * Checks the rule after a model event of {@code kind} with {@code detail}: the violation's detail
   * when it is broken, else null.
   */
  default String check(String kind, String detail) {
    return null;
  }

  /**
   * Checks the rule after a model event, with its typed fields; by default {@link #check(String,
   * String)} with the event's text. An invariant overrides one of the two.
   */
  default String check(ModelEvent event) {
    return check(event.kind(), event.text());
  }

  /**
   * Whether {@link #check} changes what the invariant keeps only when it reports a violation or
   * sees a {@code violation:KIND} event (an invariant that remembers what it has reported).
   * Schedule reduction then lets two checks that found nothing commute; otherwise every check is a
   * write of the invariant's state, and all the events it checks are ordered.
   */
  default boolean changesOnlyWhenReporting() {
    return false;
  }
}
