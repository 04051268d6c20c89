package org.kmodsim.sim;

/** What a strategy may see of the run it chooses for, beyond the enabled deliveries. */
public interface RunView {
  /**
   * The digest of the whole machine's state now (every actor, the shared memory, the messages in
   * flight, the timers, the clock), or {@link #UNKNOWN} when some part of it has no digest.
   */
  long stateDigest();

  /** Why {@link #stateDigest} is unknown now (the entity without a digest), or null. */
  String undigested();

  long UNKNOWN = 0;
}
