package org.kmodsim.sim;

import java.util.ArrayDeque;

/** The messages of one sender to one receiver, in order: only its head is enabled. */
final class Channel implements Choice {
  final int id;
  final String source;
  final String target;
  final String key;
  final long sourceHash;
  final long targetHash;
  final long keyHash;
  final ArrayDeque<Envelope> queue = new ArrayDeque<>(4);

  /** A channel's identity: its sender (an actor, the environment or the timers) and receiver. */
  record Key(Object from, org.apache.pekko.actor.typed.ActorRef<?> to) {}

  Channel(int id, String source, String target, String key) {
    this.id = id;
    this.source = source;
    this.target = target;
    this.key = key;
    this.keyHash = Seeds.hash(key);
    this.sourceHash = Seeds.hash(source);
    this.targetHash = Seeds.hash(target);
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
    return key;
  }

  @Override
  public long sequence() {
    return queue.peekFirst().seq;
  }
}
