package org.kmodsim.sim;

import org.apache.pekko.actor.typed.ActorRef;

/** One message in flight: where it goes, what sent it, its send order and digest. */
final class Envelope {
  final ActorRef<?> to;
  final Object message;
  final Timer timer;
  final int cause;
  long seq;
  Long digest;
  Envelope next; // the next message of its channel

  Envelope(ActorRef<?> to, Object message, Timer timer, int cause) {
    this.to = to;
    this.message = message;
    this.timer = timer;
    this.cause = cause;
  }
}
