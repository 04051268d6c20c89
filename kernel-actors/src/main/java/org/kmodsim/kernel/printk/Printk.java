package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.FunctionName;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.sim.Sim;

/**
 * printk and the consoles (kernel/printk/printk.c, kernel/panic.c panic()): one actor for the log
 * buffer and console_sem, since both are serialised by the kernel (logbuf_lock, the console
 * semaphore) and every console write happens with the console held.
 *
 * <p>Owns: 1. the log buffer and its readers' positions (consoles, syslog); 2. console_sem and the
 * callers printing, spinning or waiting for it; 3. the registered consoles; 4. the console_printk
 * values and dmesg_restrict; 5. the panic state (panic_cpu, suppress_printk).
 *
 * <p>A printk() from a CPU ({@link Emit}) is answered when printk() would return: at once, or after
 * the caller printed its own and maybe other CPUs' records, per {@link DeliveryMode}. The CPU's
 * step waits for that answer, so a CPU that prints runs nothing else meanwhile.
 *
 * <p>The actor sequences; the logic is in plain classes: console_unlock() and the console list in
 * {@link ConsoleUnlock} (with {@link ConsoleSem}), the buffer in {@link PrintkRingbuffer},
 * syslog(2) in {@link Syslog}, the files in {@link PrintkFiles}, printk_once and printk_ratelimited
 * in {@link PrintkGates}, the era's differences in {@link PrintkEra}.
 */
public final class Printk extends AbstractBehavior<Printk.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("printk", Command.class);

  public sealed interface Command {}

  /**
   * printk() on CPU {@code cpu}: {@code level} 0..7 or Loglevel.DEFAULT; {@code cont} for
   * KERN_CONT; {@code newline} when the format ended with a newline (the text is without it);
   * {@code gate} is null, or "once:KEY" (printk_once) or "ratelimit:KEY" (printk_ratelimited);
   * {@code caller} the module function that called it (null outside module code); {@code emergency}
   * marks oops/WARN output, flushed by the caller even with a threaded console.
   */
  public record Emit(
      int cpu,
      int level,
      boolean cont,
      boolean newline,
      String text,
      boolean emergency,
      String gate,
      FunctionName caller,
      ActorRef<Emitted> replyTo)
      implements Command {}

  /** printk_ratelimit() from {@code caller} (null outside module code). */
  public record PrintkRatelimit(FunctionName caller, ActorRef<RatelimitReturned> replyTo)
      implements Command {}

  /** printk() from a kernel actor that is not a CPU; printed by a deferred context (irq_work). */
  public record Log(int level, String text) implements Command {}

  public record RegisterConsole(
      String name, Set<Console.Flag> flags, ActorRef<Console.Command> driver) implements Command {
    public RegisterConsole {
      flags = Set.copyOf(flags);
    }
  }

  public record UnregisterConsole(String name) implements Command {}

  /** syslog(type, buf, len) by a process; {@code fromProc} for reads of an open /proc/kmsg. */
  public record SyslogCall(
      int type, int len, Cred cred, boolean fromProc, ActorRef<SyslogReply> replyTo)
      implements Command {}

  /** Reads the records as /dev/kmsg readers see them: from the clear marker or the oldest. */
  public record ReadRecords(boolean sinceClear, Cred cred, ActorRef<RecordsReply> replyTo)
      implements Command {}

  /** panic(message) on CPU {@code cpu}; never answered: the machine halts. */
  public record Panic(int cpu, String message, boolean oops, long tainted) implements Command {
    /** panic() called directly, not from an oops, in an untainted kernel. */
    public Panic(int cpu, String message) {
      this(cpu, message, false, 0);
    }
  }

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

  /** What Printk answers; each request names its own reply type. */
  public sealed interface Reply {}

  /** printk() returned: the record's seq (-1 when nothing was stored) and text length. */
  public record Emitted(long seq, int length, long latencyNanos) implements Reply {}

  /** printk_ratelimit() returned {@code ret}: 1 to go ahead, 0 to suppress. */
  public record RatelimitReturned(int ret) implements Reply {}

  /** syslog(2) returned (the answer to {@link SyslogCall}). */
  public record SyslogReply(Syslog.Result result) implements Reply {}

  /** The records of a {@link ReadRecords}, or the errno that refused the read. */
  public record RecordsReply(List<PrintkRecord> records, Errno errno) implements Reply {
    public RecordsReply {
      records = List.copyOf(records);
    }
  }

  /** The oops report is flushed; the task is killed. */
  public record OopsDone(boolean killed) implements Reply {}

  private record File(FileRequest request) implements Command {}

  private record ConsoleDone(Console.Written written) implements Command {}

  private record Stopped(Smp.CpuStopped stopped) implements Command {}

  private enum Reboot implements Command {
    INSTANCE
  }

  /**
   * Printk with the consoles found at boot ({@code console=}), registered before any printk so that
   * the boot order, not message timing, decides what they print.
   */
  public static Behavior<Command> create(
      Sim sim,
      PrintkSettings settings,
      ActorRef<Vfs.Command> vfs,
      PrintkCall.Observer observer,
      List<RegisterConsole> consoles) {
    return Behaviors.setup(ctx -> new Printk(ctx, sim, settings, vfs, observer, consoles));
  }

  private final Sim sim;
  private final PrintkSettings settings;
  private final PrintkEra era;
  private final PrintkCall.Observer observer;
  private final PrintkRingbuffer ring;
  private final ConsoleLoglevel levels;
  private final Syslog syslog;
  private final PrintkFiles files;
  private final PrintkGates gates;
  private final ConsoleUnlock consoles;
  private final LogStore log;
  private final List<SyslogCall> blockedReaders = new ArrayList<>();
  private final List<FileRequest> blockedKmsg = new ArrayList<>();
  private final ActorRef<Console.Written> written;
  private final ActorRef<Smp.CpuStopped> stopped;
  private List<ActorRef<Smp.Ipi>> cpus = List.of();
  private boolean dmesgRestrict;
  private int panicCpu = -1;
  private String panicMessage;
  private PrintkCaller panicCaller;
  private boolean panicEndPrinted;
  private boolean suppressPrintk;

  private Printk(
      ActorContext<Command> ctx,
      Sim sim,
      PrintkSettings settings,
      ActorRef<Vfs.Command> vfs,
      PrintkCall.Observer observer,
      List<RegisterConsole> boot) {
    super(ctx);
    this.sim = sim;
    this.settings = settings;
    this.era = PrintkEra.of(settings.era());
    this.observer = observer;
    this.ring = new PrintkRingbuffer(settings.logBufLen(), era.layout(), settings.printkTime());
    this.levels = settings.loglevels();
    this.syslog = new Syslog(settings.era(), ring, levels, settings.printkTime());
    this.dmesgRestrict = settings.dmesgRestrict();
    this.written = ctx.messageAdapter(Console.Written.class, ConsoleDone::new);
    this.stopped = ctx.messageAdapter(Smp.CpuStopped.class, Stopped::new);
    this.gates = new PrintkGates(era, settings.ratelimitIntervalNanos(), settings.ratelimitBurst());
    this.files = new PrintkFiles(settings.era(), levels, gates);
    Port port = new Port();
    this.consoles = new ConsoleUnlock(settings, ring, levels, sim::nowNanos, port);
    this.log = new LogStore(era, ring, levels, syslog, consoles, sim::nowNanos, port);
    if (vfs != null) {
      ActorRef<FileRequest> owner = ctx.messageAdapter(FileRequest.class, File::new);
      for (String path : era.files()) {
        sim.send(ctx.getSelf(), vfs, new Vfs.Mount(path, owner));
      }
    }
    era.setupLines(settings).forEach(line -> log.log(line.level(), line.text()));
    boot.forEach(this::onRegisterConsole);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Emit.class, this::onEmit)
        .onMessage(PrintkRatelimit.class, this::onPrintkRatelimit)
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
    boolean discarded =
        suppressPrintk
            || (panicCpu >= 0 && emit.cpu() != panicCpu && era.discardsOtherCpusInPanic());
    if (discarded || !reported(gates.check(emit.gate(), emit.caller(), sim.nowNanos()))) {
      finish(caller);
      return this;
    }
    log.emit(caller, emit);
    consoles.deliver(caller);
    return this;
  }

  private Behavior<Command> onLog(Log line) {
    if (!suppressPrintk) {
      log.log(line.level(), line.text());
      consoles.wakePrinter();
    }
    return this;
  }

  private Behavior<Command> onRegisterConsole(RegisterConsole register) {
    consoles.register(register);
    String enabled = era.consoleEnabledLine(register.name(), settings.delivery());
    if (enabled != null) {
      log.log(Loglevel.KERN_INFO.number(), enabled);
    }
    consoles.wakePrinter();
    return this;
  }

  private Behavior<Command> onUnregisterConsole(UnregisterConsole unregister) {
    consoles.unregister(unregister.name());
    return this;
  }

  private Behavior<Command> onConsoleDone(ConsoleDone done) {
    consoles.written(done.written().nanos());
    return this;
  }

  private Behavior<Command> onSyslogCall(SyslogCall call) {
    Syslog.Result result =
        syslog.call(call.type(), call.len(), call.cred(), dmesgRestrict, call.fromProc());
    if (result.warning() != null) {
      log.log(Loglevel.KERN_WARNING.number(), result.warning());
      consoles.wakePrinter();
    }
    if (result.wouldBlock()) {
      blockedReaders.add(call);
    } else {
      sim.send(getContext().getSelf(), call.replyTo(), new SyslogReply(result));
    }
    return this;
  }

  private Behavior<Command> onReadRecords(ReadRecords read) {
    Errno denied =
        Syslog.permission(Syslog.READ_ALL, read.cred(), settings.era(), dmesgRestrict, false);
    List<PrintkRecord> records =
        denied != null
            ? List.of()
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
      log.store(caller, w.level(), false, w.text(), w.facility(), caller.cpu);
      consoles.deliver(caller);
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
    String message =
        panic.message().endsWith("\n")
            ? panic.message().substring(0, panic.message().length() - 1)
            : panic.message();
    panicMessage = message;
    levels.verbose();
    log.log(Loglevel.KERN_EMERG.number(), era.panicLine(message), panic.cpu());
    for (String line : era.panicStack(panic.oops(), panic.cpu(), panic.tainted())) {
      log.log(Loglevel.KERN_WARNING.number(), line, panic.cpu());
    }
    sim.trace(getContext().getSelf(), PrintkTrace.PANIC.with(panic.cpu(), message));
    for (int i = 0; i < cpus.size(); i++) {
      if (i != panic.cpu()) {
        sim.send(getContext().getSelf(), cpus.get(i), new Smp.StopMachine("panic", stopped));
      }
    }
    panicCaller = PrintkCaller.context("panic", panic.cpu(), sim.nowNanos(), true);
    consoles.takeOver(panicCaller);
    return this;
  }

  /** The panic CPU has flushed what was pending: the end marker, then the machine stops. */
  private void panicFlushed() {
    int timeout = settings.panicTimeoutSeconds();
    if (!panicEndPrinted) {
      panicEndPrinted = true;
      for (String line : era.panicEndLines(panicMessage, timeout)) {
        log.log(Loglevel.KERN_EMERG.number(), line, panicCpu);
      }
      suppressPrintk = true;
      consoles.takeOver(panicCaller);
    } else if (timeout > 0) {
      sim.startTimer(
          getContext().getSelf(), Reboot.INSTANCE, timeout * 1_000_000_000L, Reboot.INSTANCE);
    } else {
      sim.halt(era.panicLine(panicMessage));
    }
  }

  private Behavior<Command> onReboot() {
    sim.halt(era.panicLine(panicMessage) + " (emergency_restart)");
    return this;
  }

  private Behavior<Command> onOops(Oops oops) {
    sim.violation(getContext().getSelf(), "oops", oops.reason());
    levels.verbose();
    for (int i = 0; i < oops.lines().size(); i++) {
      int level = i == 0 ? Loglevel.KERN_ALERT.number() : Loglevel.KERN_EMERG.number();
      log.log(level, oops.lines().get(i), oops.cpu());
    }
    log.log(Loglevel.KERN_WARNING.number(), era.endTrace(sim.random("oops_id")), oops.cpu());
    if (settings.panicOnOops()) {
      return onPanic(new Panic(oops.cpu(), "Fatal exception", true, 0));
    }
    consoles.deliver(PrintkCaller.oops(oops, sim.nowNanos(), ring.nextSeq() - 1));
    return this;
  }

  private Behavior<Command> onPrintkRatelimit(PrintkRatelimit call) {
    int ret = reported(gates.printkRatelimit(call.caller(), sim.nowNanos())) ? 1 : 0;
    sim.send(getContext().getSelf(), call.replyTo(), new RatelimitReturned(ret));
    return this;
  }

  /** The "callbacks suppressed" line first, if any (printed by the printer if the call is not). */
  private boolean reported(PrintkGates.Decision decision) {
    if (decision.report() != null) {
      log.log(Loglevel.KERN_WARNING.number(), decision.report());
      if (!decision.pass()) {
        consoles.wakePrinter();
      }
    }
    return decision.pass();
  }

  /** Syslog readers (action 2, /proc/kmsg) asleep until the log has unread data. */
  private void wakeReaders() {
    while (!blockedReaders.isEmpty() && syslog.readable()) {
      onSyslogCall(blockedReaders.remove(0));
    }
    while (!blockedKmsg.isEmpty() && syslog.readable()) {
      onFile(new File(blockedKmsg.remove(0)));
    }
  }

  private void finish(PrintkCaller caller) {
    caller.finish(sim, getContext().getSelf(), observer);
  }

  /** What {@link ConsoleUnlock} and {@link LogStore} do through the actor. */
  private final class Port implements ConsoleUnlock.Port, LogStore.Events {
    @Override
    public void write(ActorRef<Console.Command> driver, String text) {
      sim.send(getContext().getSelf(), driver, new Console.Write(text, written));
    }

    @Override
    public void finish(PrintkCaller caller) {
      Printk.this.finish(caller);
    }

    @Override
    public void panicFlushed() {
      Printk.this.panicFlushed();
    }

    @Override
    public void trace(org.kmodsim.sim.ModelEvent event) {
      sim.trace(getContext().getSelf(), event);
    }

    @Override
    public void stored() {
      wakeReaders();
    }
  }
}
