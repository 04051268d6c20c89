package org.kmodsim.sim;

/**
 * A running 64-bit digest over the canonical event stream of a run: step, virtual time, source,
 * target, kind and detail of every event. Names and kinds are hashed with {@link Seeds#hash}, so
 * the digest depends on nothing random (no actor uid, no identity hash). Two runs with the same
 * digest made the same deliveries in the same order at the same times.
 */
public final class TraceDigest {
  private static final ClassValue<Long> KIND_HASH =
      new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
          return Seeds.hash(type.getName());
        }
      };

  private long state = 0x6B6D6F6473696DL;

  /** The hash of a message's kind, its class name: computed once per class. */
  static long kindHash(Class<?> type) {
    return KIND_HASH.get(type);
  }

  public void add(long step, long timeNanos, long sourceHash, long targetHash, long kindHash) {
    state = Seeds.mix(state ^ step, timeNanos);
    state = Seeds.mix(state ^ sourceHash, targetHash);
    state = Seeds.mix(state, kindHash);
  }

  public void addDetail(long detailHash) {
    state = Seeds.mix(state, detailHash);
  }

  public String hex() {
    String hex = Long.toHexString(state);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
