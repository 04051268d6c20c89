package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.Sim;

/**
 * printk and the consoles (kernel/printk/printk.c, kernel/panic.c panic()): one actor for the
 * log buffer and console_sem, since both are serialised by the kernel (logbuf_lock, the console
 * semaphore) and every console write happens with the console held.
 *
 * <p>Owns: 1. the log buffer and its readers' positions (consoles, syslog); 2. console_sem and
 * the callers printing, spinning or waiting for it; 3. the registered consoles; 4. the
 * console_printk values and dmesg_restrict; 5. the panic state (panic_cpu, suppress_printk).
 *
 * <p>A printk() from a CPU ({@link Emit}) is answered when printk() would return: at once, or
 * after the caller printed its own and maybe other CPUs' records, per {@link DeliveryMode}. The
 * CPU's step waits for that answer, so a CPU that prints runs nothing else meanwhile.
 *
 * <p>The file is longer than the usual actor: console_unlock()'s loop, the hand-over, the
 * readers' wake-ups and the panic flush all act on the same console state, and splitting them
 * would mean sharing that state between objects. The decisions are pure classes of their own
 * ({@link ConsoleSem}, {@link PrintkRingbuffer}, {@link Syslog}, {@link ConsoleLoglevel},
 * {@link PrintkFiles}); what is left here is the sequencing.
 */
public final class Printk extends AbstractBehavior<Printk.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("printk", Command.class);

  public sealed interface Command {}

  /**
   * printk() on CPU {@code cpu}: {@code level} 0..7 or Loglevel.DEFAULT; {@code cont} for
   * KERN_CONT; {@code newline} when the format ended with a newline (the text is without it);
   * {@code gate} is null, or "once:KEY" (printk_once) or "ratelimit:KEY" (printk_ratelimited);
   * {@code emergency} marks oops/WARN output, flushed by the caller even with a threaded console.
   */
  public record Emit(int cpu, int level, boolean cont, boolean newline, String text,
      boolean emergency, String gate, ActorRef<Emitted> replyTo) implements Command {}

  /** printk() from a kernel actor that is not a CPU; printed by a deferred context (irq_work). */
  public record Log(int level, String text) implements Command {}

  public record RegisterConsole(String name, Set<Console.Flag> flags,
      ActorRef<Console.Command> driver) implements Command {
    public RegisterConsole {
      flags = Set.copyOf(flags);
    }
  }

  public record UnregisterConsole(String name) implements Command {}

  /** syslog(type, buf, len) by a process; {@code fromProc} for reads of an open /proc/kmsg. */
  public record SyslogCall(int type, int len, Cred cred, boolean fromProc,
      ActorRef<SyslogReply> replyTo) implements Command {}

  /** Reads the records as /dev/kmsg readers see them: from the clear marker or the oldest. */
  public record ReadRecords(boolean sinceClear, Cred cred, ActorRef<RecordsReply> replyTo)
      implements Command {}

  /** panic(message) on CPU {@code cpu}; never answered: the machine halts. */
  public record Panic(int cpu, String message) implements Command {}

  /** An oops on {@code cpu} with its report lines; answered unless panic_on_oops. */
  public record Oops(int cpu, String reason, List<String> lines, ActorRef<OopsDone> replyTo)
      implements Command {
    public Oops {
      lines = List.copyOf(lines);
    }
  }

  /** smp_init is done: the IPI addresses of the CPUs, for smp_send_stop() in panic. */
  public record CpusOnline(List<ActorRef<Smp.Ipi>> cpus) implements Command {
    public CpusOnline {
      cpus = List.copyOf(cpus);
    }
  }

  /** printk() returned: the record's seq (-1 when nothing was stored) and text length. */
  public record Emitted(long seq, int length, long latencyNanos) {}

  public record SyslogReply(Syslog.Result result) {}

  public record RecordsReply(List<PrintkRecord> records, Errno errno) {
    public RecordsReply {
      records = List.copyOf(records);
    }
  }

  public record OopsDone(boolean killed) {}

  private record File(FileRequest request) implements Command {}

  private record ConsoleDone(Console.Written written) implements Command {}

  private record Stopped(Smp.CpuStopped stopped) implements Command {}

  private enum Reboot implements Command {
    INSTANCE
  }

  /**
   * Printk with the consoles found at boot ({@code console=}), registered before any printk so
   * that the boot order, not message timing, decides what they print.
   */
  public static Behavior<Command> create(Sim sim, PrintkSettings settings,
      ActorRef<Vfs.Command> vfs, PrintkCall.Observer observer, List<RegisterConsole> consoles) {
    return Behaviors.setup(ctx -> new Printk(ctx, sim, settings, vfs, observer, consoles));
  }

  private final Sim sim;
  private final PrintkSettings settings;
  private final Era era;
  private final PrintkCall.Observer observer;
  private final PrintkRingbuffer ring;
  private final ConsoleLoglevel levels;
  private final Syslog syslog;
  private final ConsoleSem<PrintkCaller> sem = new ConsoleSem<>();
  private final LinkedHashMap<String, RegisteredConsole> consoles = new LinkedHashMap<>();
  private final List<SyslogCall> blockedReaders = new ArrayList<>();
  private final List<FileRequest> blockedKmsg = new ArrayList<>();
  private final TreeSet<String> onceDone = new TreeSet<>();
  private final TreeMap<String, RatelimitState> ratelimits = new TreeMap<>();
  private final ActorRef<Console.Written> written;
  private final ActorRef<Smp.CpuStopped> stopped;
  private final PrintkFiles files;
  private List<ActorRef<Smp.Ipi>> cpus = List.of();
  private boolean dmesgRestrict;
  private boolean writing;
  private PrintkRecord current;
  private final List<RegisteredConsole> targets = new ArrayList<>();
  private int targetIndex;
  private int panicCpu = -1;
  private String panicMessage;
  private PrintkCaller panicCaller;
  private boolean panicEndPrinted;
  private boolean suppressPrintk;
  /** The newest record when its printk did not end with a newline, else -1 (the cont line). */
  private long openSeq = -1;
  private int openCpu;

  private Printk(ActorContext<Command> ctx, Sim sim, PrintkSettings settings,
      ActorRef<Vfs.Command> vfs, PrintkCall.Observer observer, List<RegisterConsole> boot) {
    super(ctx);
    this.sim = sim;
    this.settings = settings;
    this.era = settings.era();
    this.observer = observer;
    this.ring = new PrintkRingbuffer(settings.logBufLen(), BufferLayout.of(era),
        settings.printkTime());
    this.levels = settings.loglevels();
    this.syslog = new Syslog(era, ring, levels, settings.printkTime());
    this.dmesgRestrict = settings.dmesgRestrict();
    this.written = ctx.messageAdapter(Console.Written.class, ConsoleDone::new);
    this.stopped = ctx.messageAdapter(Smp.CpuStopped.class, Stopped::new);
    this.files = new PrintkFiles(era, levels);
    if (vfs != null) {
      ActorRef<FileRequest> owner = ctx.messageAdapter(FileRequest.class, File::new);
      for (String path : PrintkFiles.paths(settings.era())) {
        sim.send(ctx.getSelf(), vfs, new Vfs.Mount(path, owner));
      }
    }
    boot.forEach(this::onRegisterConsole);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Emit.class, this::onEmit)
        .onMessage(Log.class, this::onLog)
        .onMessage(RegisterConsole.class, this::onRegisterConsole)
        .onMessage(UnregisterConsole.class, this::onUnregisterConsole)
        .onMessage(ConsoleDone.class, this::onConsoleDone)
        .onMessage(SyslogCall.class, this::onSyslogCall)
        .onMessage(ReadRecords.class, this::onReadRecords)
        .onMessage(File.class, this::onFile)
        .onMessage(Panic.class, this::onPanic)
        .onMessage(Oops.class, this::onOops)
        .onMessage(CpusOnline.class, this::onCpusOnline)
        .onMessage(Stopped.class, m -> this)
        .onMessageEquals(Reboot.INSTANCE, this::onReboot)
        .build();
  }

  private Behavior<Command> onEmit(Emit emit) {
    PrintkCaller caller = PrintkCaller.emit(emit, sim.nowNanos());
    boolean discarded = suppressPrintk || (panicCpu >= 0 && emit.cpu() != panicCpu
        && era.atLeast(Era.V6_X));
    if (discarded || !passesGate(emit.gate())) {
      finish(caller);
      return this;
    }
    if (emit.cont() && continuesOpenLine(emit.cpu())) {
      continueLine(caller, emit);
    } else {
      store(caller, emit.level(), emit.cont(), emit.text(), 0);
    }
    openSeq = emit.newline() ? -1 : caller.seq;
    openCpu = emit.cpu();
    deliver(caller);
    return this;
  }

  private Behavior<Command> onLog(Log log) {
    if (!suppressPrintk) {
      store(null, log.level(), false, log.text(), 0);
      wakePrinter();
    }
    return this;
  }

  private Behavior<Command> onRegisterConsole(RegisterConsole register) {
    boolean replay = register.flags().contains(Console.Flag.PRINTBUFFER);
    RegisteredConsole console = new RegisteredConsole(register.name(), register.flags(),
        register.driver(), new ConsoleCursor(replay ? ring.firstSeq() : ring.nextSeq()));
    consoles.put(register.name(), console);
    String enabled = files.consoleEnabledLine(register.name(), settings.delivery());
    if (enabled != null) {
      store(null, Loglevel.KERN_INFO.number(), false, enabled, 0);
    }
    wakePrinter();
    return this;
  }

  private Behavior<Command> onUnregisterConsole(UnregisterConsole unregister) {
    consoles.remove(unregister.name());
    targets.removeIf(c -> c.name.equals(unregister.name()));
    return this;
  }

  private Behavior<Command> onSyslogCall(SyslogCall call) {
    Syslog.Result result =
        syslog.call(call.type(), call.len(), call.cred(), dmesgRestrict, call.fromProc());
    if (result.warning() != null) {
      store(null, Loglevel.KERN_WARNING.number(), false, result.warning(), 0);
      wakePrinter();
    }
    if (result.wouldBlock()) {
      blockedReaders.add(call);
    } else {
      sim.send(getContext().getSelf(), call.replyTo(), new SyslogReply(result));
    }
    return this;
  }

  private Behavior<Command> onReadRecords(ReadRecords read) {
    Errno denied = Syslog.permission(Syslog.READ_ALL, read.cred(), era, dmesgRestrict, false);
    List<PrintkRecord> records = denied != null ? List.of()
        : ring.from(read.sinceClear() ? ring.clearSeq() : ring.firstSeq());
    sim.send(getContext().getSelf(), read.replyTo(), new RecordsReply(records, denied));
    return this;
  }

  private Behavior<Command> onFile(File file) {
    FileRequest request = file.request();
    PrintkFiles.Answer answer = files.handle(request, syslog, ring, dmesgRestrict);
    if (answer.dmesgRestrict() != null) {
      dmesgRestrict = answer.dmesgRestrict();
    }
    if (answer.kmsgWrite() != null) {
      PrintkFiles.KmsgWrite w = answer.kmsgWrite();
      PrintkCaller caller = PrintkCaller.file(request, w.bytes(), sim.nowNanos());
      store(caller, w.level(), false, w.text(), w.facility());
      deliver(caller);
    } else if (answer.blocks()) {
      blockedKmsg.add(request);
    } else {
      sim.send(getContext().getSelf(), request.replyTo(), answer.reply());
    }
    return this;
  }

  private Behavior<Command> onCpusOnline(CpusOnline online) {
    cpus = online.cpus();
    return this;
  }

  // panic() and the oops path (kernel/panic.c).

  private Behavior<Command> onPanic(Panic panic) {
    if (panicCpu >= 0) {
      return this; // panic_smp_self_stop(): a second panicking CPU spins forever
    }
    panicCpu = panic.cpu();
    String message = panic.message().endsWith("\n")
        ? panic.message().substring(0, panic.message().length() - 1) : panic.message();
    panicMessage = message;
    levels.verbose();
    store(null, Loglevel.KERN_EMERG.number(), false, "Kernel panic - not syncing: " + message,
        0, panic.cpu());
    sim.trace(getContext().getSelf(), "panic", "cpu" + panic.cpu() + ": " + message);
    for (int i = 0; i < cpus.size(); i++) {
      if (i != panic.cpu()) {
        sim.send(getContext().getSelf(), cpus.get(i), new Smp.StopMachine("panic", stopped));
      }
    }
    panicCaller = PrintkCaller.context("panic", panic.cpu(), sim.nowNanos(), true);
    sem.takeOver(panicCaller);
    flush();
    return this;
  }

  /** The panic CPU has flushed what was pending: the end marker, then the machine stops. */
  private void panicFlushed() {
    if (!panicEndPrinted) {
      panicEndPrinted = true;
      if (settings.panicTimeoutSeconds() > 0) {
        store(null, 0, false, "Rebooting in " + settings.panicTimeoutSeconds() + " seconds..",
            0, panicCpu);
      }
      if (era.atLeast(Era.V4_X)) {
        store(null, 0, false, "---[ end Kernel panic - not syncing: " + panicMessage + " ]---",
            0, panicCpu);
      }
      suppressPrintk = true;
      sem.takeOver(panicCaller);
      flush();
      return;
    }
    if (settings.panicTimeoutSeconds() > 0) {
      sim.startTimer(getContext().getSelf(), Reboot.INSTANCE,
          settings.panicTimeoutSeconds() * 1_000_000_000L, Reboot.INSTANCE);
    } else {
      sim.halt("Kernel panic - not syncing: " + panicMessage);
    }
  }

  private Behavior<Command> onReboot() {
    sim.halt("Kernel panic - not syncing: " + panicMessage + " (emergency_restart)");
    return this;
  }

  private Behavior<Command> onOops(Oops oops) {
    sim.violation(getContext().getSelf(), "oops", oops.reason());
    levels.verbose();
    for (int i = 0; i < oops.lines().size(); i++) {
      int level = i == 0 ? Loglevel.KERN_ALERT.number() : Loglevel.KERN_EMERG.number();
      store(null, level, false, oops.lines().get(i), 0, oops.cpu());
    }
    store(null, Loglevel.KERN_WARNING.number(), false, files.endTrace(sim), 0, oops.cpu());
    if (settings.panicOnOops()) {
      return onPanic(new Panic(oops.cpu(), "Fatal exception"));
    }
    PrintkCaller caller = PrintkCaller.oops(oops, sim.nowNanos(), ring.nextSeq() - 1);
    deliver(caller);
    return this;
  }

  // Storing and delivering records.

  /**
   * Whether a KERN_CONT fragment from {@code cpu} continues the newest record: that record's
   * printk did not end with a newline and, from 3.5 on, came from the same caller (cont.owner,
   * the 5.10+ caller_id; the model's caller is the CPU). Before 3.5 the character ring had one
   * line for everybody, so a fragment continues whatever line is open.
   */
  private boolean continuesOpenLine(int cpu) {
    return openSeq >= 0 && openSeq == ring.nextSeq() - 1
        && (ring.layout() == BufferLayout.CHARS || openCpu == cpu);
  }

  /**
   * The fragment is appended to the open record, so that readers see one line (the 3.5-4.x cont
   * buffer stored the whole line as one record even when pieces had gone to the consoles
   * already; 5.10+ extends the record in place). A console that printed the record before
   * prints only the new part, as with cont.cons. The fragment becomes a record of its own,
   * flagged as a continuation, when the merged line would be too long or a console is writing
   * the record at this moment. The 2.x character ring gets the fragment on the same line.
   */
  private void continueLine(PrintkCaller caller, Emit emit) {
    boolean beingWritten = writing && current != null && current.seq() == openSeq;
    int printedChars = ring.get(openSeq).text().length();
    PrintkRingbuffer.Stored stored = beingWritten ? null : ring.append(emit.text());
    if (stored != null) {
      reopenConsoles(openSeq, printedChars);
    } else {
      Loglevel.Prefixed prefixed = new Loglevel.Prefixed(emit.level(), true, emit.text());
      stored = ring.store(0, prefixed.resolve(levels.defaultMessageLoglevel()), true,
          emit.cpu(), sim.nowNanos(), emit.text());
    }
    syslog.appended(stored.record(), emit.text());
    sim.trace(getContext().getSelf(), "printk_cont", "<" + stored.record().level() + ">"
        + emit.text());
    stored(caller, stored, emit.text().length());
  }

  /** Consoles that handled record {@code seq} will print what was appended to it. */
  private void reopenConsoles(long seq, int printedChars) {
    for (RegisteredConsole c : consoles.values()) {
      if (c.cursor.seq() == seq + 1) {
        c.cursor.reopen(seq);
        c.partialSeq = seq;
        c.partialChars = printedChars;
      }
    }
  }

  private void store(PrintkCaller caller, int level, boolean cont, String text, int facility) {
    store(caller, level, cont, text, facility, caller != null ? caller.cpu : -1);
  }

  private void store(PrintkCaller caller, int level, boolean cont, String text, int facility,
      int cpu) {
    Loglevel.Prefixed prefixed = new Loglevel.Prefixed(level, cont, text);
    PrintkRingbuffer.Stored stored = ring.store(facility,
        prefixed.resolve(levels.defaultMessageLoglevel()), cont, cpu, sim.nowNanos(), text);
    sim.trace(getContext().getSelf(), "printk", "<" + stored.record().level() + ">"
        + stored.record().text());
    syslog.stored(stored.record());
    stored(caller, stored, stored.record().text().length());
  }

  /** After a store or a merge: count the drops, tell the caller, wake the readers. */
  private void stored(PrintkCaller caller, PrintkRingbuffer.Stored stored, int length) {
    openSeq = -1; // any new record closes the open line; onEmit reopens it
    long dropped = 0;
    for (PrintkRecord evicted : stored.evicted()) {
      if (neededByAConsole(evicted.seq())) {
        dropped++;
      }
    }
    if (caller != null) {
      caller.seq = stored.record().seq();
      caller.level = stored.record().level();
      caller.length = length;
      caller.dropped += dropped;
    }
    wakeReaders();
  }

  private boolean neededByAConsole(long seq) {
    for (RegisteredConsole c : consoles.values()) {
      long handled = c.cursor.seq();
      if (writing && current != null && current.seq() == handled && targets.contains(c)) {
        handled++; // the record being written now counts as printed
      }
      if (seq >= handled) {
        return true;
      }
    }
    return false;
  }

  private void deliver(PrintkCaller caller) {
    if (consoles.isEmpty()) {
      finish(caller);
      return;
    }
    switch (sem.arrive(caller, settings.delivery(), caller.emergency)) {
      case OWNER:
        caller.lockedAt = sim.nowNanos();
        flush();
        break;
      case RETURN:
        finish(caller);
        wakePrinter();
        break;
      default:
        break; // spinning or queued: answered when it has printed
    }
  }

  /** A deferred context (irq_work, or the printer thread) takes a free console if work waits. */
  private void wakePrinter() {
    if (pendingForConsoles()) {
      String name = settings.delivery() == DeliveryMode.THREADED ? "printer" : "irq_work";
      PrintkCaller context = PrintkCaller.context(name, -1, sim.nowNanos(), false);
      context.seq = ring.nextSeq() - 1;
      if (sem.tryAcquire(context)) {
        flush();
      }
    }
  }

  /**
   * console_unlock(): the owner writes the next pending record to every console that needs it,
   * one Write at a time, until nothing is left up to its limit.
   */
  private void flush() {
    while (sem.owner() != null && !writing) {
      PrintkCaller owner = sem.owner();
      RegisteredConsole first = lowestConsole();
      // Direct delivery: each owner prints up to its own record (a deferred context up to the
      // newest record when it took the console); queued callers print their own.
      long limit = settings.delivery() == DeliveryMode.DIRECT && !owner.emergency
          ? owner.seq + 1 : ring.nextSeq();
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
      writing = true;
      sendWrite();
    }
  }

  private void sendWrite() {
    RegisteredConsole c = targets.get(targetIndex);
    String line = c.partialSeq == current.seq()
        ? current.text().substring(c.partialChars) + "\n"
        : RecordText.console(current, settings.printkTime());
    String text = RecordText.dropped(c.droppedUnreported, ring.layout()) + line;
    c.droppedUnreported = 0;
    c.partialSeq = -1;
    sim.send(getContext().getSelf(), c.driver, new Console.Write(text, written));
  }

  private Behavior<Command> onConsoleDone(ConsoleDone done) {
    long nanos = done.written().nanos();
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
      return this;
    }
    for (RegisteredConsole c : targets) {
      if (consoles.containsKey(c.name)) {
        c.cursor.printed(current);
      }
    }
    writing = false;
    current = null;
    PrintkCaller previous = sem.handOver();
    if (previous != null) {
      sem.owner().lockedAt = sim.nowNanos();
      finish(previous);
    }
    flush();
    return this;
  }

  /** The owner is done; it returns, and the console goes to the next in line if any. */
  private void release() {
    PrintkCaller done = sem.owner();
    if (done == panicCaller) {
      sem.release();
      panicFlushed();
      return;
    }
    PrintkCaller next = sem.release();
    finish(done);
    if (next != null) {
      next.lockedAt = sim.nowNanos();
    } else {
      wakePrinter();
    }
  }

  private void finish(PrintkCaller caller) {
    if (caller.replyKind == CallerKind.NONE) {
      return;
    }
    long latency = sim.nowNanos() - caller.arrivedAt;
    long spin = latency - caller.ownNanos - caller.othersNanos;
    observer.printkCall(new PrintkCall(caller.cpu, caller.seq, caller.level, latency,
        caller.ownNanos, caller.othersNanos, spin, caller.dropped));
    switch (caller.replyKind) {
      case EMIT:
        sim.send(getContext().getSelf(), caller.emitReply,
            new Emitted(caller.seq, caller.length, latency));
        break;
      case OOPS:
        sim.send(getContext().getSelf(), caller.oopsReply, new OopsDone(true));
        break;
      default:
        sim.send(getContext().getSelf(), caller.file.replyTo(),
            new FileReply.Written(caller.fileBytes));
        break;
    }
  }

  private boolean passesGate(String gate) {
    if (gate == null) {
      return true;
    }
    if (gate.startsWith("once:")) {
      return onceDone.add(gate);
    }
    RatelimitState state = ratelimits.computeIfAbsent(gate,
        g -> new RatelimitState(settings.ratelimitIntervalNanos(), settings.ratelimitBurst()));
    RatelimitState.Decision decision = state.check(sim.nowNanos());
    if (decision.suppressedBefore() > 0) {
      store(null, Loglevel.KERN_WARNING.number(), false,
          "printk_ratelimited: " + decision.suppressedBefore() + " callbacks suppressed", 0);
    }
    return decision.pass();
  }

  private void wakeReaders() {
    while (!blockedReaders.isEmpty() && syslog.readable()) {
      SyslogCall call = blockedReaders.remove(0);
      onSyslogCall(call);
    }
    while (!blockedKmsg.isEmpty() && syslog.readable()) {
      FileRequest request = blockedKmsg.remove(0);
      onFile(new File(request));
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
