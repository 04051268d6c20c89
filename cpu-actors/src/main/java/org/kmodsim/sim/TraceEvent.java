package org.kmodsim.sim;

/**
 * One event of a run: a delivery (kind is the message type, detail the message in words) or a model
 * event recorded with {@link Sim#trace} ({@code event} holds its kind and typed fields, detail is
 * its {@link ModelEvent#text}). {@code source} and {@code target} are stable names relative to the
 * run's root, such as {@code cpu0} or {@code loader}; a model event has its entity as both.
 */
public record TraceEvent(
    long step,
    long timeNanos,
    String source,
    String target,
    String kind,
    String detail,
    ModelEvent event) {

  /** A delivery. */
  public TraceEvent(
      long step, long timeNanos, String source, String target, String kind, String detail) {
    this(step, timeNanos, source, target, kind, detail, null);
  }

  /** A model event of the entity {@code where}. */
  public static TraceEvent model(long step, long timeNanos, String where, ModelEvent event) {
    return new TraceEvent(step, timeNanos, where, where, event.kind(), event.text(), event);
  }

  /** True for events the model recorded itself rather than message deliveries. */
  public boolean isModelEvent() {
    return event != null;
  }
}
