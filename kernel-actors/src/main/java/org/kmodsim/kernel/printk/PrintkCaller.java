package org.kmodsim.kernel.printk;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.sim.Sim;

/**
 * One printk() in progress (vprintk_emit), or a context without a caller (irq_work, printer,
 * panic): where it returns to, and what it cost, measured on the virtual clock.
 */
final class PrintkCaller {
  /** Who waits for printk() to return. */
  sealed interface ReturnTo {}

  /** A CPU's printk step. */
  record ToCpu(ActorRef<Printk.Emitted> replyTo) implements ReturnTo {}

  /** A CPU's oops: answered once the report is flushed. */
  record ToOops(ActorRef<Printk.OopsDone> replyTo) implements ReturnTo {}

  /** A write(2) to /dev/kmsg: {@code bytes} is its return value. */
  record ToFile(ActorRef<FileReply> replyTo, int bytes) implements ReturnTo {}

  final int cpu;
  final long arrivedAt;
  final boolean emergency;

  /** null for a context without a caller. */
  final ReturnTo returnTo;

  long seq = -1;
  int level;
  int length;
  long lockedAt = -1;
  long ownNanos;
  long othersNanos;
  long dropped;

  private PrintkCaller(int cpu, long arrivedAt, boolean emergency, ReturnTo returnTo) {
    this.cpu = cpu;
    this.arrivedAt = arrivedAt;
    this.emergency = emergency;
    this.returnTo = returnTo;
  }

  static PrintkCaller emit(Printk.Emit emit, long now) {
    return new PrintkCaller(emit.cpu(), now, emit.emergency(), new ToCpu(emit.replyTo()));
  }

  static PrintkCaller oops(Printk.Oops oops, long now, long lastSeq) {
    PrintkCaller caller = new PrintkCaller(oops.cpu(), now, true, new ToOops(oops.replyTo()));
    caller.seq = lastSeq;
    return caller;
  }

  static PrintkCaller file(FileRequest request, int bytes, long now) {
    return new PrintkCaller(-1, now, false, new ToFile(request.replyTo(), bytes));
  }

  static PrintkCaller context(String name, int cpu, long now, boolean emergency) {
    return new PrintkCaller(cpu, now, emergency, null);
  }

  /** printk() returns: the measurement goes to {@code observer}, the answer to the caller. */
  void finish(Sim sim, ActorRef<?> from, PrintkCall.Observer observer) {
    if (returnTo == null) {
      return;
    }
    long latency = sim.nowNanos() - arrivedAt;
    long spin = latency - ownNanos - othersNanos;
    observer.printkCall(
        new PrintkCall(cpu, seq, level, latency, ownNanos, othersNanos, spin, dropped));
    if (returnTo instanceof ToCpu c) {
      sim.send(from, c.replyTo(), new Printk.Emitted(seq, length, latency));
    } else if (returnTo instanceof ToOops o) {
      sim.send(from, o.replyTo(), new Printk.OopsDone(true));
    } else if (returnTo instanceof ToFile f) {
      sim.send(from, f.replyTo(), new FileReply.Written(f.bytes()));
    }
  }
}
