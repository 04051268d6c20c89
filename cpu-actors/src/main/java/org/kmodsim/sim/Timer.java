package org.kmodsim.sim;

/** A timer of an owner: due at a virtual time; fires only when nothing is enabled. */
final class Timer implements Comparable<Timer> {
  final Key key;
  final long due;
  final long seq;
  final Object message;
  final int cause;
  boolean cancelled;

  /** A timer's identity: its owner and the owner's key for it. */
  record Key(org.apache.pekko.actor.typed.ActorRef<?> owner, Object key) {
    // Written out (a record's own go through a method handle): the same values, the same order.
    @Override
    public int hashCode() {
      return 31 * owner.hashCode() + java.util.Objects.hashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && (owner == k.owner || owner.equals(k.owner))
          && java.util.Objects.equals(key, k.key);
    }
  }

  Envelope envelope;

  Timer(Key key, long due, long seq, Object message, int cause) {
    this.key = key;
    this.due = due;
    this.seq = seq;
    this.message = message;
    this.cause = cause;
  }

  @Override
  public int compareTo(Timer other) {
    int byDue = Long.compare(due, other.due);
    return byDue != 0 ? byDue : Long.compare(seq, other.seq);
  }
}
