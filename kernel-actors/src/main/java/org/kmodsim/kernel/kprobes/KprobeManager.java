package org.kmodsim.kernel.kprobes;

import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.sim.Sim;

/**
 * kernel/kprobes.c: the probe table under kprobe_mutex, registration and unregistration with the
 * RCU grace period, the hit-path lookups CPUs make from their int3 handler, the kretprobe instance
 * pools, the module notifier, and the debugfs files. The actor does the messaging; the rules are in
 * plain classes: {@link Registrar} (register_kprobe's checks), {@link HitPath} (the RCU side),
 * {@link Optimizer} (optprobes and the global switches), {@link KprobeFiles}.
 *
 * <p>Owns: 1. the {@link ProbeRegistry}: every {@code struct kprobe} by identity, kprobe_table, the
 * going modules; 2. the hit path and its grace periods; 3. the global switches; 4. the
 * registrations waiting for kallsyms, in order; 5. the resolved blacklist ranges. The hit path
 * (Trap, Quiescent, the counters) is the lock-free RCU side of the same table, hence in the same
 * actor.
 */
public final class KprobeManager extends AbstractBehavior<KprobeManager.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("kprobes", Command.class);
  static final String DEBUGFS = "/sys/kernel/debug/kprobes";

  public sealed interface Command {}

  /** register_kprobe(&kp) / register_kretprobe(&rp) from a program on {@code cpu}. */
  public record Register(int cpu, ProbeSpec spec, ActorRef<Result> replyTo) implements Command {}

  /** unregister_kprobes(kps, n): one grace period for the batch, then the reply. */
  public record Unregister(int cpu, List<ProbeKey> keys, ActorRef<Result> replyTo)
      implements Command {
    public Unregister {
      keys = List.copyOf(keys);
    }
  }

  public record Enable(ProbeKey key, ActorRef<Result> replyTo) implements Command {}

  public record Disable(ProbeKey key, ActorRef<Result> replyTo) implements Command {}

  /** Reads kp.addr (0 for NULL). */
  public record ReadAddr(ProbeKey key, ActorRef<Result> replyTo) implements Command {}

  /**
   * A CPU runs the instructions in [from, to) of a function: the int3 handler's get_kprobe() at the
   * first armed address there; {@code reentering} when this CPU already runs a probe.
   */
  public record Trap(int cpu, long from, long to, boolean reentering, ActorRef<TrapReply> replyTo)
      implements Command {}

  /** The kretprobe trampoline on {@code cpu} for an instance of probe registration {@code id}. */
  public record KretprobeReturn(int cpu, ProbeKey key, long id, ActorRef<TrapReply> replyTo)
      implements Command {}

  /** The CPU left the section its last Hit or Return opened; instances it gives back. */
  public record Quiescent(int cpu, List<Instance> releaseInstances) implements Command {
    public Quiescent {
      releaseInstances = List.copyOf(releaseInstances);
    }
  }

  /** kprobe_fault_handler(): a fault in a handler of registration {@code id} on a CPU. */
  public record FaultInHandler(long id, ActorRef<TrapReply> replyTo) implements Command {}

  /** A kretprobe instance of registration {@code id} of the struct {@code key}. */
  public record Instance(ProbeKey key, long id) {}

  /** A plain load of a counter in a probe struct (one half of {@code nmissed++}). */
  public record ReadCounter(ProbeKey key, Counter counter, ActorRef<Result> replyTo)
      implements Command {}

  /** The store half of {@code nmissed++}: whatever the CPU computed, possibly stale. */
  public record WriteCounter(ProbeKey key, Counter counter, long value) implements Command {}

  /**
   * Module notifier: the module is coming (its text may be probed); its memory is [address, address
   * + size) (0 when unknown), where the structs it declares live. The callback's return goes to
   * {@code replyTo} (null: nobody waits).
   */
  public record ModuleComing(
      String module, long address, long size, ActorRef<ModuleEvent.Notified> replyTo)
      implements Command {}

  /**
   * Module notifier: the module is going; its text and its data are about to be freed, once this
   * callback has returned to {@code replyTo} (null: nobody waits).
   */
  public record ModuleGoing(String module, ActorRef<ModuleEvent.Notified> replyTo)
      implements Command {
    public ModuleGoing(String module) {
      this(module, null);
    }
  }

  /** The answer of a registration's try_module_get on the probed module. */
  record ModuleHeld(Register register, Registrar.Place place, boolean got, ActorRef<Object> hold)
      implements Command {}

  /** Which counter of a probe struct. */
  public enum Counter {
    /** kp.nmissed: recursive hits, and faults in handlers in old eras. */
    NMISSED,
    /** rp->nmissed: entry hits that found the instance pool empty. */
    KRETPROBE_NMISSED
  }

  private record Looked(Kallsyms.SymbolReply reply) implements Command {}

  private record BlacklistResolved(Blacklist.Resolved resolved) implements Command {}

  private record File(FileRequest request) implements Command {}

  private enum Optimize implements Command {
    INSTANCE
  }

  /** Return value of an API call: 0, a negative errno, or the value read. */
  public record Result(long value) {}

  /** {@code printk} null: log lines go to the trace. The armed probes are published nowhere. */
  public static Behavior<Command> create(
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<Kallsyms.Command> kallsyms,
      ActorRef<Vfs.Command> vfs,
      ModuleRefs moduleRefs,
      ActorRef<Printk.Command> printk) {
    return create(
        sim, era, settings, cpus, kallsyms, vfs, moduleRefs, printk, new ArmedProbes(sim));
  }

  /** The same, publishing the armed probes in {@code armed} for the invariants. */
  public static Behavior<Command> create(
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<Kallsyms.Command> kallsyms,
      ActorRef<Vfs.Command> vfs,
      ModuleRefs moduleRefs,
      ActorRef<Printk.Command> printk,
      ArmedProbes armed) {
    return Behaviors.setup(
        ctx ->
            new KprobeManager(
                ctx, sim, era, settings, cpus, kallsyms, vfs, moduleRefs, printk, armed));
  }

  private final Sim sim;
  private final KprobeEra era;
  private final KprobeSettings settings;
  private final Registration registration;
  private final ProbeRegistry probes;
  private final HitPath hits;
  private final Optimizer optimizer;
  private final ArmedProbes armed;

  /** The blacklist's ranges, once kallsyms resolved them (null before). */
  private List<KprobeDebugfs.BlacklistRange> blacklistRanges;

  /** File requests that came before the blacklist was populated (init_kprobes had not run). */
  private final ArrayDeque<File> beforeInit = new ArrayDeque<>();

  private final KernelLog log;

  private KprobeManager(
      ActorContext<Command> ctx,
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<Kallsyms.Command> kallsyms,
      ActorRef<Vfs.Command> vfs,
      ModuleRefs moduleRefs,
      ActorRef<Printk.Command> printk,
      ArmedProbes armed) {
    super(ctx);
    this.armed = armed;
    this.sim = sim;
    this.era = era;
    this.settings = settings;
    this.log = printk != null ? KernelLog.to(sim, printk) : KernelLog.trace(sim);
    this.probes = new ProbeRegistry(era);
    this.hits = new HitPath(era, probes, settings.trapNanos());
    this.optimizer = new Optimizer(era, probes.table());
    Registrar registrar = new Registrar(era, Blacklist.of(era.era()), era.defaultMaxactive(cpus));
    this.registration =
        new Registration(
            sim,
            ctx,
            era,
            settings.pendingRegistrationsMax(),
            kallsyms,
            ctx.messageAdapter(Kallsyms.SymbolReply.class, Looked::new),
            probes,
            registrar,
            moduleRefs,
            log,
            this::unoptimizeAt,
            this::optimizeLater);
    if (era.hasKprobes()) {
      ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, File::new);
      sim.send(ctx.getSelf(), vfs, new Vfs.Mount(DEBUGFS, files));
      if (era.optprobes()) {
        sim.send(ctx.getSelf(), vfs, new Vfs.Mount(KprobeFiles.OPTIMIZATION, files));
      }
      sim.send(
          ctx.getSelf(),
          kallsyms,
          new Kallsyms.Read<>(
              new Blacklist.Resolve(registrar.blacklist().names()),
              ctx.messageAdapter(Blacklist.Resolved.class, BlacklistResolved::new)));
    } else {
      blacklistRanges = List.of();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Looked.class, this::onLooked)
        .onMessage(BlacklistResolved.class, this::onBlacklistResolved)
        .onMessage(ModuleHeld.class, this::onModuleHeld)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Enable.class, this::onEnable)
        .onMessage(Disable.class, this::onDisable)
        .onMessage(ReadAddr.class, this::onReadAddr)
        .onMessage(Trap.class, this::onTrap)
        .onMessage(KretprobeReturn.class, this::onKretprobeReturn)
        .onMessage(Quiescent.class, this::onQuiescent)
        .onMessage(FaultInHandler.class, this::onFaultInHandler)
        .onMessage(ReadCounter.class, this::onReadCounter)
        .onMessage(WriteCounter.class, this::onWriteCounter)
        .onMessage(ModuleComing.class, this::onModuleComing)
        .onMessage(ModuleGoing.class, this::onModuleGoing)
        .onMessage(File.class, this::onFile)
        .onMessageEquals(Optimize.INSTANCE, this::onOptimize)
        .build();
  }

  // Registration: resolve through kallsyms, then check and insert under kprobe_mutex.

  private Behavior<Command> onRegister(Register register) {
    registration.register(register);
    return this;
  }

  private Behavior<Command> onLooked(Looked answer) {
    registration.looked(answer.reply());
    return this;
  }

  private Behavior<Command> onModuleHeld(ModuleHeld held) {
    registration.moduleHeld(held);
    return this;
  }

  // Unregistration: top half under the mutex, grace period, bottom half, then the reply.

  private Behavior<Command> onUnregister(Unregister unregister) {
    if (!era.hasKprobes()) {
      return reply(unregister.replyTo(), 0); // the stub does nothing
    }
    if (hits.inside(unregister.cpu())) {
      sim.violation(
          getContext().getSelf(),
          "sleep-in-atomic",
          "BUG: sleeping function called from invalid context: synchronize_rcu() in a kprobe"
              + " handler on cpu"
              + unregister.cpu());
    }
    probes.unlink(unregister.keys()).forEach(this::unoptimizeAt);
    Runnable bottom = () -> reply(unregister.replyTo(), 0); // the bottom half, then the reply
    return hits.startGracePeriod(bottom) ? reply(unregister.replyTo(), 0) : this;
  }

  private Behavior<Command> onEnable(Enable enable) {
    return setDisabled(enable.key(), false, enable.replyTo());
  }

  private Behavior<Command> onDisable(Disable disable) {
    return setDisabled(disable.key(), true, disable.replyTo());
  }

  private Behavior<Command> setDisabled(ProbeKey key, boolean disabled, ActorRef<Result> replyTo) {
    if (!era.hasKprobes()) {
      return reply(replyTo, era.stubErrno().negative());
    }
    long result = probes.setDisabled(key, disabled);
    if (result == 0 && disabled) {
      unoptimizeAt(probes.get(key).address);
    }
    return reply(replyTo, result);
  }

  private Behavior<Command> onReadAddr(ReadAddr read) {
    return reply(read.replyTo(), probes.addrField(read.key()));
  }

  // The hit path: lock-free lookups from the CPUs' int3 handlers and kretprobe trampolines.

  private Behavior<Command> onTrap(Trap trap) {
    TrapReply reply = hits.trap(trap, optimizer.allDisarmed());
    if (reply instanceof TrapReply.Hit) {
      sim.cover("kprobes-hits");
    }
    return send(trap.replyTo(), reply);
  }

  private Behavior<Command> onKretprobeReturn(KretprobeReturn ret) {
    return send(ret.replyTo(), hits.kretprobeReturn(ret));
  }

  private Behavior<Command> onQuiescent(Quiescent quiescent) {
    hits.quiescent(quiescent).forEach(Runnable::run);
    return this;
  }

  private Behavior<Command> onFaultInHandler(FaultInHandler fault) {
    return send(fault.replyTo(), hits.faultInHandler(fault.id()));
  }

  private Behavior<Command> onReadCounter(ReadCounter read) { // the load half of nmissed++
    return reply(read.replyTo(), hits.readCounter(read.key(), read.counter()));
  }

  private Behavior<Command> onWriteCounter(WriteCounter write) {
    if (!hits.writeCounter(write.key(), write.counter(), write.value())) {
      sim.cover("kprobes-stale-nmissed-stores"); // another CPU's increment is lost
    }
    return this;
  }

  // The module notifier (kprobes_module_callback); it returns NOTIFY_DONE: never a veto.

  private Behavior<Command> onModuleComing(ModuleComing coming) {
    probes.moduleComing(coming.module(), coming.address(), coming.size());
    return coming.replyTo() == null
        ? this
        : send(coming.replyTo(), ModuleEvent.Notified.ok(coming.module()));
  }

  private Behavior<Command> onModuleGoing(ModuleGoing going) {
    List<String> killed = probes.moduleGoing(going.module());
    publish();
    killed.forEach(line -> sim.trace(getContext().getSelf(), "kprobe", line));
    return going.replyTo() == null
        ? this
        : send(going.replyTo(), ModuleEvent.Notified.ok(going.module()));
  }

  /** The blacklist ranges, resolved at boot (populate_kprobe_blacklist); then the files. */
  private Behavior<Command> onBlacklistResolved(BlacklistResolved resolved) {
    blacklistRanges = resolved.resolved().ranges();
    while (!beforeInit.isEmpty()) {
      onFile(beforeInit.pollFirst());
    }
    return this;
  }

  // debugfs: list, blacklist, enabled (root only: debugfs is mounted 0700); the sysctl.

  private Behavior<Command> onFile(File file) {
    if (blacklistRanges == null) {
      beforeInit.addLast(file);
      return this;
    }
    KprobeFiles.Served served =
        KprobeFiles.serve(
            file.request(),
            era,
            optimizer,
            () -> KprobeDebugfs.list(probes.table().inListOrder(), era, true),
            () -> KprobeDebugfs.blacklist(blacklistRanges, true));
    publish(); // kprobes/enabled may have armed or disarmed them all
    if (served.switched() == Optimizer.Switched.SWITCHED_OPTIMIZE_LATER) {
      optimizeLater();
    }
    if (served.line() != null) {
      log.printk(getContext().getSelf(), Loglevel.KERN_INFO, served.line());
    }
    return send(file.request().replyTo(), served.reply());
  }

  // Jump optimization (kprobe_optimizer after OPTIMIZE_DELAY).

  private Behavior<Command> onOptimize() {
    optimizer.optimizeAll();
    return this;
  }

  /** The probes at {@code address} changed (registered, unregistered, enabled or disabled). */
  private void unoptimizeAt(long address) {
    publish();
    if (optimizer.unoptimizeAt(address)) {
      optimizeLater();
    }
  }

  private void optimizeLater() {
    sim.startTimer(
        getContext().getSelf(), "optimize", settings.optimizeDelayNanos(), Optimize.INSTANCE);
  }

  /** Publishes the armed probes for the invariants that read them without a message. */
  private void publish() {
    armed.publish(probes.table(), optimizer.allDisarmed());
  }

  private Behavior<Command> reply(ActorRef<Result> to, long value) {
    return send(to, new Result(value));
  }

  private <T> Behavior<Command> send(ActorRef<T> to, T message) {
    sim.send(getContext().getSelf(), to, message);
    return this;
  }
}
