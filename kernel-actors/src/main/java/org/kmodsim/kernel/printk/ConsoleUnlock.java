package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The console list and console_unlock() (kernel/printk/printk.c register_console, console_unlock /
 * console_flush_all, console_trylock_spinning, console_flush_on_panic), as a plain class the {@link
 * Printk} actor drives: who holds console_sem, which record goes to which console next, and when
 * the holder returns.
 *
 * <p>Owns: 1. the registered consoles and their positions in the log; 2. console_sem with the
 * callers printing, spinning or waiting for it; 3. the record being written and the consoles it
 * goes to (one {@link Console.Write} at a time).
 */
final class ConsoleUnlock {
  /** What the loop needs from the actor: the sends. */
  interface Port {
    /** con->write(): sends the text to the driver; {@link #written} follows. */
    void write(ActorRef<Console.Command> driver, String text);

    /** printk() returns to {@code caller}. */
    void finish(PrintkCaller caller);

    /** The panicking CPU has flushed everything pending. */
    void panicFlushed();
  }

  private final PrintkSettings settings;
  private final PrintkRingbuffer ring;
  private final ConsoleLoglevel levels;
  private final LongSupplier clock;
  private final Port port;
  private final ConsoleSem<PrintkCaller> sem = new ConsoleSem<>();
  private final LinkedHashMap<String, RegisteredConsole> consoles = new LinkedHashMap<>();
  private final List<RegisteredConsole> targets = new ArrayList<>();
  private int targetIndex;
  private PrintkRecord current;
  private PrintkCaller panicking;

  ConsoleUnlock(
      PrintkSettings settings,
      PrintkRingbuffer ring,
      ConsoleLoglevel levels,
      LongSupplier clock,
      Port port) {
    this.settings = settings;
    this.ring = ring;
    this.levels = levels;
    this.clock = clock;
    this.port = port;
  }

  /** register_console(): the console starts at the oldest record with CON_PRINTBUFFER. */
  void register(Printk.RegisterConsole register) {
    boolean replay = register.flags().contains(Console.Flag.PRINTBUFFER);
    consoles.put(
        register.name(),
        new RegisteredConsole(
            register.name(),
            register.flags(),
            register.driver(),
            new ConsoleCursor(replay ? ring.firstSeq() : ring.nextSeq())));
  }

  void unregister(String name) {
    consoles.remove(name);
    targets.removeIf(c -> c.name.equals(name));
  }

  /** A caller that stored a record: it prints, spins, waits or returns, per delivery mode. */
  void deliver(PrintkCaller caller) {
    if (consoles.isEmpty()) {
      port.finish(caller);
      return;
    }
    switch (sem.arrive(caller, settings.delivery(), caller.emergency)) {
      case OWNER -> {
        caller.lockedAt = clock.getAsLong();
        flush();
      }
      case RETURN -> {
        port.finish(caller);
        wakePrinter();
      }
      default -> {} // spinning or queued: answered when it has printed
    }
  }

  /** A deferred context (irq_work, or the printer thread) takes a free console if work waits. */
  void wakePrinter() {
    if (pendingForConsoles()) {
      String name = settings.delivery() == DeliveryMode.THREADED ? "printer" : "irq_work";
      PrintkCaller context = PrintkCaller.context(name, -1, clock.getAsLong(), false);
      context.seq = ring.nextSeq() - 1;
      if (sem.tryAcquire(context)) {
        flush();
      }
    }
  }

  /** console_flush_on_panic(): the panicking CPU takes the console whoever holds it. */
  void takeOver(PrintkCaller panicCaller) {
    panicking = panicCaller;
    sem.takeOver(panicCaller);
    flush();
  }

  /** Whether a console is writing record {@code seq} at this moment. */
  boolean writing(long seq) {
    return current != null && current.seq() == seq;
  }

  /** Consoles that handled record {@code seq} will print what was appended to it. */
  void reopen(long seq, int printedChars) {
    for (RegisteredConsole c : consoles.values()) {
      if (c.cursor.seq() == seq + 1) {
        c.cursor.reopen(seq);
        c.partialSeq = seq;
        c.partialChars = printedChars;
      }
    }
  }

  /** Whether an evicted record {@code seq} had not been printed by some console: dropped. */
  boolean neededByAConsole(long seq) {
    for (RegisteredConsole c : consoles.values()) {
      long handled = c.cursor.seq();
      if (current != null && current.seq() == handled && targets.contains(c)) {
        handled++; // the record being written now counts as printed
      }
      if (seq >= handled) {
        return true;
      }
    }
    return false;
  }

  /**
   * console_unlock(): the owner writes the next pending record to every console that needs it, one
   * Write at a time, until nothing is left up to its limit.
   */
  private void flush() {
    while (sem.owner() != null && current == null) {
      PrintkCaller owner = sem.owner();
      RegisteredConsole first = lowestConsole();
      // Direct delivery: each owner prints up to its own record (a deferred context up to the
      // newest record when it took the console); queued callers print their own.
      long limit =
          settings.delivery() == DeliveryMode.DIRECT && !owner.emergency
              ? owner.seq + 1
              : ring.nextSeq();
      if (first == null || effectiveSeq(first) >= limit) {
        release();
        continue;
      }
      long seq = effectiveSeq(first);
      PrintkRecord record = ring.get(seq);
      targets.clear();
      for (RegisteredConsole c : consoles.values()) {
        if (c.enabled() && effectiveSeq(c) == seq) {
          c.droppedUnreported += c.cursor.skipDropped(ring);
          targets.add(c);
        }
      }
      if (levels.suppressed(record.level())) {
        targets.forEach(c -> c.cursor.suppressed(record));
        continue;
      }
      current = record;
      targetIndex = 0;
      sendWrite();
    }
  }

  private void sendWrite() {
    RegisteredConsole c = targets.get(targetIndex);
    String line =
        c.partialSeq == current.seq()
            ? current.text().substring(c.partialChars) + "\n"
            : RecordText.console(current, settings.printkTime());
    String text = RecordText.dropped(c.droppedUnreported, ring.layout()) + line;
    c.droppedUnreported = 0;
    c.partialSeq = -1;
    port.write(c.driver, text);
  }

  /** con->write() returned after {@code nanos}: the next console, or the next record. */
  void written(long nanos) {
    PrintkCaller owner = sem.owner();
    if (owner != null) {
      if (owner.cpu == current.cpu()) {
        owner.ownNanos += nanos;
      } else {
        owner.othersNanos += nanos;
      }
    }
    targetIndex++;
    if (targetIndex < targets.size()) {
      sendWrite();
      return;
    }
    for (RegisteredConsole c : targets) {
      if (consoles.containsKey(c.name)) {
        c.cursor.printed(current);
      }
    }
    current = null;
    PrintkCaller previous = sem.handOver();
    if (previous != null) {
      sem.owner().lockedAt = clock.getAsLong();
      port.finish(previous);
    }
    flush();
  }

  /** The owner is done; it returns, and the console goes to the next in line if any. */
  private void release() {
    PrintkCaller done = sem.owner();
    if (done == panicking) {
      sem.release();
      port.panicFlushed();
      return;
    }
    PrintkCaller next = sem.release();
    port.finish(done);
    if (next != null) {
      next.lockedAt = clock.getAsLong();
    } else {
      wakePrinter();
    }
  }

  private RegisteredConsole lowestConsole() {
    RegisteredConsole lowest = null;
    for (RegisteredConsole c : consoles.values()) {
      if (c.enabled() && (lowest == null || effectiveSeq(c) < effectiveSeq(lowest))) {
        lowest = c;
      }
    }
    return lowest;
  }

  private long effectiveSeq(RegisteredConsole c) {
    return Math.max(c.cursor.seq(), ring.firstSeq());
  }

  private boolean pendingForConsoles() {
    RegisteredConsole lowest = lowestConsole();
    return lowest != null && effectiveSeq(lowest) < ring.nextSeq();
  }
}
