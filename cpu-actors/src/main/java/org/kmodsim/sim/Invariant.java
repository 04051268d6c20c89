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
  /**
   * The pseudo-event of the end of a run: when the model halts the run ({@link Sim#halt}, for
   * example once every program has finished), the engine checks the invariants that name it once,
   * with the halt's reason as the detail, inside the delivery that halted (which conflicts with
   * every other one). For a rule whose state is only meaningful when summed at a quiescent point.
   */
  String RUN_END = "run-end";

  /** The run-end pseudo-event with the halt's reason as its text. */
  static ModelEvent runEnd(String reason) {
    return EventType.text(RUN_END).with(reason);
  }

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
