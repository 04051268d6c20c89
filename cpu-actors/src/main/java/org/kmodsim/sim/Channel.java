package org.kmodsim.sim;

import java.util.ArrayDeque;

/** The messages of one sender to one receiver, in order: only its head is enabled. */
final class Channel implements Choice {
  final int id;
  final String source;
  final String target;
  private final java.util.function.Supplier<String> keyMaker;
  private String key;
  private long keyHash;
  final long sourceHash;
  final long targetHash;
  final ArrayDeque<Envelope> queue = new ArrayDeque<>(4);

  /** A channel's identity: its sender (an actor, the environment or the timers) and receiver. */
  record Key(Object from, org.apache.pekko.actor.typed.ActorRef<?> to) {
    // Written out (a record's own go through a method handle, on every send): the same values.
    @Override
    public int hashCode() {
      return 31 * from.hashCode() + to.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && (from == k.from || from.equals(k.from))
          && (to == k.to || to.equals(k.to));
    }
  }

  /**
   * A channel whose key ({@code SENDER->RECEIVER}, full paths with adapters) is made when first
   * asked for: only schedule records, state digests and some strategies read it.
   */
  Channel(
      int id,
      AbstractSim.Named source,
      AbstractSim.Named target,
      java.util.function.Supplier<String> keyMaker) {
    this.id = id;
    this.source = source.name();
    this.target = target.name();
    this.keyMaker = keyMaker;
    this.sourceHash = source.hash();
    this.targetHash = target.hash();
  }

  @Override
  public int channelId() {
    return id;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String key() {
    String k = key;
    if (k == null) {
      k = keyMaker.get();
      key = k;
      keyHash = Seeds.hash(k);
    }
    return k;
  }

  /** {@link Seeds#hash} of the key. */
  long keyHash() {
    key();
    return keyHash;
  }

  @Override
  public long sequence() {
    return queue.peekFirst().seq;
  }
}
