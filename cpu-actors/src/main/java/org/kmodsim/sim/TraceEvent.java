package org.kmodsim.sim;

/**
 * One event of a run: a delivery (kind is the message type) or a model event recorded with {@link
 * Sim#trace}. {@code source} and {@code target} are stable names relative to the run's root, such
 * as {@code cpu0} or {@code loader}.
 */
public record TraceEvent(
    long step, long timeNanos, String source, String target, String kind, String detail) {

  /** True for events the model recorded itself rather than message deliveries. */
  public boolean isModelEvent() {
    return source.equals(target);
  }
}
