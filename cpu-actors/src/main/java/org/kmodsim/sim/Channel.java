package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages of one sender to one receiver, in order: only its head is enabled. The queue is the
 * envelopes themselves, linked ({@link Envelope#next}): an envelope is in one channel at a time.
 */
final class Channel implements Choice {
  final int id;
  final String source;
  final String target;
  final long sourceHash;
  final long targetHash;

  /** The sender (an actor, or the environment or the timers: a {@link AbstractSim.Named}). */
  private final Object from;

  private final ActorRef<?> to;
  private final int hash;
  private final AbstractSim sim;
  private Channel chain; // the next channel of the same table slot
  private String key;
  private long keyHash;
  private Envelope head;
  private Envelope tail;

  /**
   * A channel whose key ({@code SENDER->RECEIVER}, full paths with adapters) is made when first
   * asked for: only schedule records, state digests and some strategies read it.
   */
  private Channel(
      int id,
      Object from,
      ActorRef<?> to,
      int hash,
      AbstractSim.Named source,
      AbstractSim.Named target,
      AbstractSim sim) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.hash = hash;
    this.source = source.name();
    this.target = target.name();
    this.sourceHash = source.hash();
    this.targetHash = target.hash();
    this.sim = sim;
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
      k = sim.channelKey(from, to);
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
    return head.seq;
  }

  boolean isEmpty() {
    return head == null;
  }

  /** The oldest message, or null. */
  Envelope head() {
    return head;
  }

  void addLast(Envelope envelope) {
    if (tail == null) {
      head = envelope;
    } else {
      tail.next = envelope;
    }
    tail = envelope;
  }

  Envelope pollFirst() {
    Envelope first = head;
    head = first.next;
    if (head == null) {
      tail = null;
    }
    first.next = null;
    return first;
  }

  /** Takes {@code envelope} out of the queue (a cancelled timer's message). */
  void remove(Envelope envelope) {
    Envelope before = null;
    for (Envelope e = head; e != null; before = e, e = e.next) {
      if (e == envelope) {
        if (before == null) {
          head = e.next;
        } else {
          before.next = e.next;
        }
        if (tail == e) {
          tail = before;
        }
        e.next = null;
        return;
      }
    }
  }

  /**
   * A run's channels by sender and receiver, with nothing made per look-up (a map would need a key
   * object per send): chained slots, a power of two of them; the same equality as a key of the pair
   * (the same objects, or equal ones).
   */
  static final class Table {
    private Channel[] slots = new Channel[16];
    private int size;

    private static int hash(Object from, ActorRef<?> to) {
      int h = 31 * from.hashCode() + to.hashCode();
      return h ^ (h >>> 16);
    }

    Channel get(Object from, ActorRef<?> to) {
      int h = hash(from, to);
      for (Channel c = slots[h & (slots.length - 1)]; c != null; c = c.chain) {
        if (c.hash == h
            && (c.to == to || c.to.equals(to))
            && (c.from == from || c.from.equals(from))) {
          return c;
        }
      }
      return null;
    }

    /** The channel of the pair, made (numbered in order) if the run has none yet. */
    Channel getOrAdd(Object from, ActorRef<?> to, AbstractSim sim) {
      Channel found = get(from, to);
      if (found != null) {
        return found;
      }
      if (size >= slots.length - (slots.length >>> 2)) {
        grow();
      }
      AbstractSim.Named source =
          from instanceof ActorRef<?> ar ? sim.named(ar) : (AbstractSim.Named) from;
      Channel c = new Channel(size, from, to, hash(from, to), source, sim.named(to), sim);
      int slot = c.hash & (slots.length - 1);
      c.chain = slots[slot];
      slots[slot] = c;
      size++;
      return c;
    }

    int size() {
      return size;
    }

    private void grow() {
      Channel[] old = slots;
      slots = new Channel[old.length * 2];
      for (Channel head : old) {
        for (Channel c = head; c != null; ) {
          Channel next = c.chain;
          int slot = c.hash & (slots.length - 1);
          c.chain = slots[slot];
          slots[slot] = c;
          c = next;
        }
      }
    }
  }
}
