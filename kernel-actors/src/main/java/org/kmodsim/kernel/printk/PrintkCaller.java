package org.kmodsim.kernel.printk;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.fs.FileRequest;

/** One printk() in progress, or a context without a caller (irq_work, printer, panic). */
final class PrintkCaller {
  final int cpu;
  final long arrivedAt;
  final boolean emergency;
  final CallerKind replyKind;
  ActorRef<Printk.Emitted> emitReply;
  ActorRef<Printk.OopsDone> oopsReply;
  FileRequest file;
  int fileBytes;
  long seq = -1;
  int level;
  int length;
  long lockedAt = -1;
  long ownNanos;
  long othersNanos;
  long dropped;

  private PrintkCaller(int cpu, long arrivedAt, boolean emergency, CallerKind replyKind) {
    this.cpu = cpu;
    this.arrivedAt = arrivedAt;
    this.emergency = emergency;
    this.replyKind = replyKind;
  }

  static PrintkCaller emit(Printk.Emit emit, long now) {
    PrintkCaller caller = new PrintkCaller(emit.cpu(), now, emit.emergency(), CallerKind.EMIT);
    caller.emitReply = emit.replyTo();
    return caller;
  }

  static PrintkCaller oops(Printk.Oops oops, long now, long lastSeq) {
    PrintkCaller caller = new PrintkCaller(oops.cpu(), now, true, CallerKind.OOPS);
    caller.oopsReply = oops.replyTo();
    caller.seq = lastSeq;
    return caller;
  }

  static PrintkCaller file(FileRequest request, int bytes, long now) {
    PrintkCaller caller = new PrintkCaller(-1, now, false, CallerKind.FILE);
    caller.file = request;
    caller.fileBytes = bytes;
    return caller;
  }

  static PrintkCaller context(String name, int cpu, long now, boolean emergency) {
    return new PrintkCaller(cpu, now, emergency, CallerKind.NONE);
  }
}
