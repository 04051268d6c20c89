package org.kmodsim.kernel.printk;

import java.util.function.LongSupplier;

/**
 * vprintk_store() (kernel/printk/printk.c): a printk's text into the log buffer at its resolved
 * level, joined to the open line for KERN_CONT, traced, handed to the syslog side, and the records
 * it pushed out counted as dropped for its caller when a console still needed them. A plain class
 * of the {@link Printk} actor.
 *
 * <p>Owns: 1. the open line (the cont buffer): the newest record when its printk did not end with a
 * newline, and the CPU that printed it.
 */
final class LogStore {
  /** What a store tells the actor: the trace event, and that readers may wake up. */
  interface Events {
    void trace(org.kmodsim.sim.ModelEvent event);

    void stored();
  }

  private final PrintkEra era;
  private final PrintkRingbuffer ring;
  private final ConsoleLoglevel levels;
  private final Syslog syslog;
  private final ConsoleUnlock consoles;
  private final LongSupplier clock;
  private final Events events;

  /** The newest record when its printk did not end with a newline, else -1 (the cont line). */
  private long openSeq = -1;

  private int openCpu;

  LogStore(
      PrintkEra era,
      PrintkRingbuffer ring,
      ConsoleLoglevel levels,
      Syslog syslog,
      ConsoleUnlock consoles,
      LongSupplier clock,
      Events events) {
    this.era = era;
    this.ring = ring;
    this.levels = levels;
    this.syslog = syslog;
    this.consoles = consoles;
    this.clock = clock;
    this.events = events;
  }

  /** printk() from a CPU: continues the open line or stores a record, which stays open. */
  void emit(PrintkCaller caller, Printk.Emit emit) {
    if (emit.cont() && continuesOpenLine(emit.cpu())) {
      continueLine(caller, emit);
    } else {
      store(caller, emit.level(), emit.cont(), emit.text(), 0, caller.cpu);
    }
    openSeq = emit.newline() ? -1 : caller.seq;
    openCpu = emit.cpu();
  }

  /** A record without a waiting caller (kernel actors, printk's own lines). */
  void log(int level, String text) {
    store(null, level, false, text, 0, -1);
  }

  /** A record of {@code cpu} (panic and oops lines) without a waiting caller. */
  void log(int level, String text, int cpu) {
    store(null, level, false, text, 0, cpu);
  }

  /** A record for {@code caller}, who learns its seq, level, length and drops. */
  void store(PrintkCaller caller, int level, boolean cont, String text, int facility, int cpu) {
    Loglevel.Prefixed prefixed = new Loglevel.Prefixed(level, cont, text);
    PrintkRingbuffer.Stored stored =
        ring.store(
            facility,
            prefixed.resolve(levels.defaultMessageLoglevel()),
            cont,
            cpu,
            clock.getAsLong(),
            text);
    events.trace(
        PrintkTrace.printk(
            cpu, stored.record().level(), stored.record().text(), stored.record().seq()));
    syslog.stored(stored.record());
    stored(caller, stored, stored.record().text().length());
  }

  /**
   * Whether a KERN_CONT fragment from {@code cpu} continues the newest record: that record's printk
   * did not end with a newline and came from the same caller, or from anyone when the era had one
   * line for everybody ({@link PrintkEra#sharedContLine}).
   */
  private boolean continuesOpenLine(int cpu) {
    return openSeq >= 0
        && openSeq == ring.nextSeq() - 1
        && (era.sharedContLine() || openCpu == cpu);
  }

  /**
   * The fragment is appended to the open record, so that readers see one line (the 3.5-4.x cont
   * buffer stored the whole line as one record even when pieces had gone to the consoles already;
   * 5.10+ extends the record in place). A console that printed the record before prints only the
   * new part, as with cont.cons. The fragment becomes a record of its own, flagged as a
   * continuation, when the merged line would be too long or a console is writing the record at this
   * moment. The 2.x character ring gets the fragment on the same line.
   */
  private void continueLine(PrintkCaller caller, Printk.Emit emit) {
    int printedChars = ring.get(openSeq).text().length();
    PrintkRingbuffer.Stored stored = consoles.writing(openSeq) ? null : ring.append(emit.text());
    if (stored != null) {
      consoles.reopen(openSeq, printedChars);
    } else {
      Loglevel.Prefixed prefixed = new Loglevel.Prefixed(emit.level(), true, emit.text());
      stored =
          ring.store(
              0,
              prefixed.resolve(levels.defaultMessageLoglevel()),
              true,
              emit.cpu(),
              clock.getAsLong(),
              emit.text());
    }
    syslog.appended(stored.record(), emit.text());
    events.trace(PrintkTrace.PRINTK_CONT.with(emit.cpu(), stored.record().level(), emit.text()));
    stored(caller, stored, emit.text().length());
  }

  /** After a store or a merge: count the drops, tell the caller, wake the readers. */
  private void stored(PrintkCaller caller, PrintkRingbuffer.Stored stored, int length) {
    openSeq = -1; // any new record closes the open line; emit reopens it
    long dropped =
        stored.evicted().stream()
            .filter(evicted -> consoles.neededByAConsole(evicted.seq()))
            .count();
    if (caller != null) {
      caller.seq = stored.record().seq();
      caller.level = stored.record().level();
      caller.length = length;
      caller.dropped += dropped;
    }
    events.stored();
  }
}
