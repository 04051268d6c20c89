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
  record Key(org.apache.pekko.actor.typed.ActorRef<?> owner, Object key) {}

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
