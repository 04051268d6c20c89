package org.kmodsim.kernel.kprobes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Bug;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.sim.Sim;

/**
 * kernel/kprobes.c: the probe table under kprobe_mutex, registration and unregistration with
 * the RCU grace period, the hit-path lookups CPUs make from their int3 handler, the kretprobe
 * instance pools, the module notifier, and the debugfs files.
 *
 * <p>Owns: 1. every {@code struct kprobe} ever registered, by identity (their fields outlive
 * registration); 2. kprobe_table; 3. the global disarm switch and the optimization switch;
 * 4. the grace periods in progress; 5. the registrations waiting for kallsyms, in order; 6. the
 * resolved blacklist ranges; 7. the modules known to be going. The hit path (Trap, Quiescent,
 * the counters) is the lock-free RCU side of the same table, hence in the same actor.
 */
public final class KprobeManager extends AbstractBehavior<KprobeManager.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("kprobes", Command.class);
  static final String DEBUGFS = "/sys/kernel/debug/kprobes";
  private static final long BLACKLIST = -1;
  /** The model places a module's static structs this far before the end of its memory. */
  private static final long STRUCT_FROM_END = 0x140;

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
   * A CPU runs the instructions in [from, to) of a function: the int3 handler's get_kprobe() at
   * the first armed address there; {@code reentering} when this CPU already runs a probe.
   */
  public record Trap(int cpu, long from, long to, boolean reentering,
      ActorRef<TrapReply> replyTo) implements Command {}

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
   * Module notifier: the module is coming (its text may be probed); its memory is [address,
   * address + size) (0 when unknown), where the structs it declares live. The callback's return
   * goes to {@code replyTo} (null: nobody waits).
   */
  public record ModuleComing(String module, long address, long size,
      ActorRef<ModuleEvent.Notified> replyTo) implements Command {}

  /**
   * Module notifier: the module is going; its text and its data are about to be freed, once
   * this callback has returned to {@code replyTo} (null: nobody waits).
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

  private record Looked(SymbolLookup.Reply reply) implements Command {}

  private record File(FileRequest request) implements Command {}

  private enum Optimize implements Command {
    INSTANCE
  }

  /** Return value of an API call: 0, a negative errno, or the value read. */
  public record Result(long value) {}

  public static Behavior<Command> create(
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<SymbolLookup.Request> symbols,
      ActorRef<Vfs.Command> vfs) {
    return create(sim, era, settings, cpus, symbols, vfs, ModuleRefs.none(sim), null);
  }

  public static Behavior<Command> create(
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<SymbolLookup.Request> symbols,
      ActorRef<Vfs.Command> vfs,
      ModuleRefs moduleRefs,
      ActorRef<Printk.Command> printk) {
    return Behaviors.setup(ctx -> new KprobeManager(ctx, sim, era, settings, cpus, symbols, vfs,
        moduleRefs, printk));
  }

  private final Sim sim;
  private final KprobeEra era;
  private final KprobeSettings settings;
  private final int cpus;
  private final ActorRef<SymbolLookup.Request> symbols;
  private final Registrar registrar;
  private final TreeMap<ProbeKey, Kprobe> structs = new TreeMap<>();
  private final KprobeTable table;
  private final GracePeriods<Runnable> grace = new GracePeriods<>();
  private final List<KprobeDebugfs.BlacklistRange> blacklistRanges = new ArrayList<>();
  private final TreeSet<String> goingModules = new TreeSet<>();
  /** Where each module's probe structs live: in its data, near the end of its memory. */
  private final TreeMap<String, Long> moduleMemory = new TreeMap<>();
  /**
   * Who waits for each kallsyms answer, in request order (the registry answers in order; one
   * adapter serves all): a registration's id, or {@link #BLACKLIST} for a boot-time lookup.
   */
  private final ArrayDeque<Long> lookups = new ArrayDeque<>();
  private final ActorRef<SymbolLookup.Reply> looked;
  /** File requests that came before the blacklist was populated (init_kprobes had not run). */
  private final ArrayDeque<File> beforeInit = new ArrayDeque<>();
  private int blacklistPending;
  private final ModuleRefs moduleRefs;
  private final KernelLog log;
  private long holds;
  private boolean allDisarmed;
  /** kprobes_allow_optimization (sysctl debug.kprobes-optimization). */
  private boolean optimizationAllowed = true;

  private KprobeManager(
      ActorContext<Command> ctx,
      Sim sim,
      KprobeEra era,
      KprobeSettings settings,
      int cpus,
      ActorRef<SymbolLookup.Request> symbols,
      ActorRef<Vfs.Command> vfs,
      ModuleRefs moduleRefs,
      ActorRef<Printk.Command> printk) {
    super(ctx);
    this.sim = sim;
    this.era = era;
    this.settings = settings;
    this.cpus = cpus;
    this.symbols = symbols;
    this.moduleRefs = moduleRefs;
    this.log = printk != null ? KernelLog.to(sim, printk) : KernelLog.trace(sim);
    this.table = new KprobeTable(era);
    this.registrar = new Registrar(era, Blacklist.of(era.era()));
    this.looked = ctx.messageAdapter(SymbolLookup.Reply.class, Looked::new);
    if (era.hasKprobes()) {
      ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, File::new);
      sim.send(ctx.getSelf(), vfs, new Vfs.Mount(DEBUGFS, files));
      if (era.optprobes()) {
        sim.send(ctx.getSelf(), vfs, new Vfs.Mount(KprobeFiles.OPTIMIZATION, files));
      }
      populateBlacklist(ctx);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Looked.class, this::onLooked)
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
    ProbeSpec spec = register.spec();
    if (!era.hasKprobes()) {
      return reply(register.replyTo(), Errno.ENOSYS.negative());
    }
    if ((spec.symbolName() == null) == (spec.addr() == null)) {
      return reply(register.replyTo(), Errno.EINVAL.negative());
    }
    if (registrar.pendingCount() >= settings.pendingRegistrationsMax()) {
      sim.cover("kprobes-registrations-refused");
      return reply(register.replyTo(), Errno.EAGAIN.negative());
    }
    long request = registrar.begin(register);
    lookups.addLast(request);
    if (spec.symbolName() != null) {
      sim.send(getContext().getSelf(), symbols,
          new SymbolLookup.ByName(spec.symbolName(), looked));
    } else {
      sim.send(getContext().getSelf(), symbols,
          new SymbolLookup.ByAddress(spec.addr() + spec.offset(), looked));
    }
    return this;
  }

  private Behavior<Command> onLooked(Looked answer) {
    Long request = lookups.pollFirst();
    Bug.on(request == null, "kallsyms answered a question nobody asked");
    if (request == BLACKLIST) {
      return onBlacklistLooked(answer.reply());
    }
    Register register = registrar.pending(request).register();
    Kprobe probe = structs.computeIfAbsent(register.spec().key(), Kprobe::new);
    Registrar.Step next = registrar.resolved(request, answer.reply());
    if (next instanceof Registrar.LookUpAddress) {
      lookups.addLast(request);
      sim.send(getContext().getSelf(), symbols,
          new SymbolLookup.ByAddress(((Registrar.LookUpAddress) next).address(), looked));
      return this;
    }
    registrar.finish(request);
    if (next instanceof Registrar.Fail) {
      Registrar.Fail fail = (Registrar.Fail) next;
      if (fail.addressWritten()) {
        probe.addrField = fail.address();
      }
      return reply(register.replyTo(), fail.errno().negative());
    }
    Registrar.Place place = (Registrar.Place) next;
    probe.addrField = place.address();
    if (probe.registered || place.symbol().module() == null) {
      return reply(register.replyTo(), insert(register, probe, place));
    }
    sim.spawn(getContext(), ModuleHold.create(sim, moduleRefs, getContext().getSelf(), register,
        place), "module-hold-" + (++holds));
    return this;
  }

  /**
   * The probed module's reference is held (or could not be taken: it is going) while the probe
   * is checked and armed, then dropped; an rmmod in between finds the module in use.
   */
  private Behavior<Command> onModuleHeld(ModuleHeld held) {
    Kprobe probe = structs.get(held.register().spec().key());
    if (!held.got()) {
      return reply(held.register().replyTo(), era.moduleGoing().negative());
    }
    long result = insert(held.register(), probe, held.place());
    sim.send(getContext().getSelf(), held.hold(), ModuleHold.Release.INSTANCE);
    return reply(held.register().replyTo(), result);
  }

  /** register_kprobe() steps 2 to 9, with kprobe_mutex held (the actor is the mutex). */
  private long insert(Register register, Kprobe probe, Registrar.Place place) {
    ProbeSpec spec = register.spec();
    if (probe.registered) {
      return reregister(probe);
    }
    Errno unsafe = registrar.checkSafety(place, goingModules);
    if (unsafe != null) {
      return unsafe.negative();
    }
    probe.spec = spec;
    probe.id = registrar.nextId();
    probe.registered = true;
    probe.symbol = place.symbol();
    probe.symbolOffset = place.address() - place.symbol().address();
    probe.address = place.address();
    probe.ftrace = place.ftrace();
    probe.gone = false;
    probe.ownerFreed = false;
    probe.disabled = spec.disabled();
    probe.optimized = false;
    probe.nmissed = 0;
    probe.kretprobeNmissed = 0;
    probe.instancesInUse = 0;
    probe.maxactive = spec.maxactive() > 0 ? spec.maxactive() : era.defaultMaxactive(cpus);
    table.insert(probe);
    unoptimizeAt(probe.address);
    if (era.optprobes() && !probe.ftrace) {
      sim.startTimer(getContext().getSelf(), "optimize", settings.optimizeDelayNanos(),
          Optimize.INSTANCE);
    }
    sim.trace(getContext().getSelf(), "kprobe", "registered " + probe.key + " at "
        + place.symbol().name() + "+0x" + Long.toHexString(probe.symbolOffset));
    return 0;
  }

  private long reregister(Kprobe probe) {
    if (era.checksReregistration()) {
      if (era.warnsOnReregistration()) {
        log.printk(getContext().getSelf(), Loglevel.KERN_WARNING,
            "WARNING: CPU: 0 PID: 1 at kernel/kprobes.c:1613 register_kprobe+0x5c/0x590");
      }
      return Errno.EINVAL.negative();
    }
    // No check before 3.x: the struct is linked a second time into its own aggregator.
    sim.violation(getContext().getSelf(), "list-corruption",
        "kprobe " + probe.key + " registered twice: list_add double add");
    return 0;
  }

  // Unregistration: top half under the mutex, grace period, bottom half, then the reply.

  private Behavior<Command> onUnregister(Unregister unregister) {
    if (!era.hasKprobes()) {
      return reply(unregister.replyTo(), 0); // the stub does nothing
    }
    if (grace.inside(unregister.cpu())) {
      sim.violation(getContext().getSelf(), "sleep-in-atomic",
          "BUG: sleeping function called from invalid context: synchronize_rcu() in a kprobe"
              + " handler on cpu" + unregister.cpu());
    }
    for (ProbeKey key : unregister.keys()) {
      Kprobe probe = structs.get(key);
      if (probe == null || !probe.registered) {
        if (probe != null) {
          probe.addrField = null; // __get_valid_kprobe failed: kp->addr = NULL, no error
        }
        continue;
      }
      probe.registered = false;
      probe.instancesInUse = 0; // in-flight instances are orphaned (ri->rp / rph->rp = NULL)
      table.remove(probe);
      unoptimizeAt(probe.address);
    }
    Runnable bottom = () -> sim.send(getContext().getSelf(), unregister.replyTo(), new Result(0));
    if (grace.start(bottom)) {
      bottom.run();
    }
    return this;
  }

  private Behavior<Command> onEnable(Enable enable) {
    Kprobe probe = structs.get(enable.key());
    if (!era.hasKprobes()) {
      return reply(enable.replyTo(), Errno.ENOSYS.negative());
    }
    if (probe == null || !probe.registered || probe.gone) {
      return reply(enable.replyTo(), Errno.EINVAL.negative());
    }
    probe.disabled = false;
    return reply(enable.replyTo(), 0);
  }

  private Behavior<Command> onDisable(Disable disable) {
    Kprobe probe = structs.get(disable.key());
    if (!era.hasKprobes()) {
      return reply(disable.replyTo(), Errno.ENOSYS.negative());
    }
    if (probe == null || !probe.registered) {
      return reply(disable.replyTo(), Errno.EINVAL.negative());
    }
    probe.disabled = true;
    unoptimizeAt(probe.address);
    return reply(disable.replyTo(), 0);
  }

  private Behavior<Command> onReadAddr(ReadAddr read) {
    Kprobe probe = structs.get(read.key());
    long addr = probe == null || probe.addrField == null ? 0 : probe.addrField;
    return reply(read.replyTo(), addr);
  }

  // The hit path: lock-free lookups from the CPUs' int3 handlers and kretprobe trampolines.

  private Behavior<Command> onTrap(Trap trap) {
    long address = table.firstArmed(trap.from(), trap.to(), allDisarmed);
    List<Kprobe> here = address == 0 ? List.of() : table.at(address);
    Kprobe freed = here.stream().filter(p -> p.ownerFreed).findFirst().orElse(null);
    TrapReply reply;
    if (address == 0) {
      reply = TrapReply.NotProbed.INSTANCE;
    } else if (freed != null) {
      long struct = structAddress(freed, address);
      reply = new TrapReply.Freed(freed.key, struct, era.faultMessage(struct));
    } else {
      List<ProbeView> views = new ArrayList<>();
      List<Boolean> instances = new ArrayList<>();
      for (Kprobe probe : here) {
        if (!probe.isDisabled()) {
          views.add(probe.view());
          instances.add(!trap.reentering() && takeInstance(probe));
        }
      }
      if (trap.reentering()) {
        reply = new TrapReply.Reentered(address, views);
      } else {
        grace.enter(trap.cpu());
        sim.cover("kprobes-hits");
        reply = new TrapReply.Hit(address, views, instances, settings.trapNanos());
      }
    }
    sim.send(getContext().getSelf(), trap.replyTo(), reply);
    return this;
  }

  /** The kretprobe entry hook's instance: from the pool, or none when all are in use. */
  private boolean takeInstance(Kprobe probe) {
    if (!probe.spec.kretprobe() || probe.instancesInUse >= probe.maxactive) {
      return false;
    }
    probe.instancesInUse++;
    return true;
  }

  private Behavior<Command> onKretprobeReturn(KretprobeReturn ret) {
    Kprobe probe = structs.get(ret.key());
    TrapReply reply;
    if (probe != null && probe.ownerFreed) {
      long struct = structAddress(probe, probe.address);
      reply = new TrapReply.Freed(probe.key, struct, era.faultMessage(struct));
    } else if (probe == null || !probe.registered || probe.id != ret.id()) {
      reply = TrapReply.Orphan.INSTANCE; // unregistered meanwhile: the instance is just freed
    } else {
      grace.enter(ret.cpu());
      reply = new TrapReply.Hit(probe.address, List.of(probe.view()), List.of(Boolean.TRUE),
          settings.trapNanos());
    }
    sim.send(getContext().getSelf(), ret.replyTo(), reply);
    return this;
  }

  private Behavior<Command> onQuiescent(Quiescent quiescent) {
    for (Instance instance : quiescent.releaseInstances()) {
      Kprobe probe = structs.get(instance.key());
      if (probe != null && probe.registered && probe.id == instance.id()
          && probe.instancesInUse > 0) {
        probe.instancesInUse--;
      }
    }
    for (Runnable bottom : grace.exit(quiescent.cpu())) {
      bottom.run();
    }
    return this;
  }

  private Behavior<Command> onFaultInHandler(FaultInHandler fault) {
    Kprobe probe = structs.values().stream()
        .filter(p -> p.id == fault.id()).findFirst().orElse(null);
    TrapReply reply = probe == null
        ? TrapReply.NotProbed.INSTANCE : new TrapReply.FaultHandler(probe.key, probe.spec.fault());
    sim.send(getContext().getSelf(), fault.replyTo(), reply);
    return this;
  }

  private Behavior<Command> onReadCounter(ReadCounter read) {
    Kprobe probe = structs.get(read.key());
    long value = 0;
    if (probe != null) {
      value = read.counter() == Counter.NMISSED ? probe.nmissed : probe.kretprobeNmissed;
    }
    return reply(read.replyTo(), value);
  }

  private Behavior<Command> onWriteCounter(WriteCounter write) {
    Kprobe probe = structs.get(write.key());
    if (probe == null) {
      return this;
    }
    long before = write.counter() == Counter.NMISSED ? probe.nmissed : probe.kretprobeNmissed;
    if (write.value() != before + 1) {
      sim.cover("kprobes-stale-nmissed-stores"); // another CPU's increment is lost
    }
    if (write.counter() == Counter.NMISSED) {
      probe.nmissed = write.value();
    } else {
      probe.kretprobeNmissed = write.value();
    }
    return this;
  }

  // The module notifier.

  private Behavior<Command> onModuleComing(ModuleComing coming) {
    goingModules.remove(coming.module());
    if (coming.size() > 0) {
      moduleMemory.put(coming.module(), coming.address() + coming.size() - STRUCT_FROM_END);
    }
    return notifierReturns(coming.module(), coming.replyTo());
  }

  /**
   * kprobes_module_callback(MODULE_STATE_GOING): every probe in the module's text is killed
   * (GONE, stays registered). Kprobes records no owner, so a probe whose struct and handlers live
   * in the departing module stays armed; the model remembers that its memory is freed.
   */
  private Behavior<Command> onModuleGoing(ModuleGoing going) {
    goingModules.add(going.module());
    for (Kprobe probe : table.inModule(going.module())) {
      probe.gone = true;
      probe.optimized = false;
      sim.trace(getContext().getSelf(), "kprobe", "killed " + probe.key + " (GONE)");
    }
    for (Kprobe probe : structs.values()) {
      if (probe.registered && probe.key.owner().equals(going.module())) {
        probe.ownerFreed = true;
        sim.trace(getContext().getSelf(), "kprobe",
            probe.key + " is still registered while " + going.module() + " is freed");
      }
    }
    return notifierReturns(going.module(), going.replyTo());
  }

  /** kprobes_module_callback returns NOTIFY_DONE: it never vetoes a module. */
  private Behavior<Command> notifierReturns(String module,
      ActorRef<ModuleEvent.Notified> replyTo) {
    if (replyTo != null) {
      sim.send(getContext().getSelf(), replyTo, ModuleEvent.Notified.ok(module));
    }
    return this;
  }

  // The blacklist ranges, resolved at boot (populate_kprobe_blacklist).

  private void populateBlacklist(ActorContext<Command> ctx) {
    for (String name : registrar.blacklist().names()) {
      blacklistPending++;
      lookups.addLast(BLACKLIST);
      sim.send(ctx.getSelf(), symbols, new SymbolLookup.ByName(name, looked));
    }
  }

  private Behavior<Command> onBlacklistLooked(SymbolLookup.Reply reply) {
    if (reply instanceof SymbolLookup.Found) {
      KernelSymbolInfo symbol = ((SymbolLookup.Found) reply).symbol();
      blacklistRanges.add(new KprobeDebugfs.BlacklistRange(
          symbol.address(), symbol.address() + symbol.size(), symbol.name()));
      blacklistRanges.sort((a, b) -> Long.compare(a.start(), b.start()));
    }
    if (--blacklistPending == 0) {
      while (!beforeInit.isEmpty()) {
        onFile(beforeInit.pollFirst());
      }
    }
    return this;
  }

  // debugfs: list, blacklist, enabled (root only: debugfs is mounted 0700).

  private Behavior<Command> onFile(File file) {
    if (blacklistPending > 0) {
      beforeInit.addLast(file);
      return this;
    }
    FileRequest request = file.request();
    if (Vfs.normalize(request.path()).equals(KprobeFiles.OPTIMIZATION)) {
      KprobeFiles.Answer answer = KprobeFiles.optimization(request, optimizationAllowed);
      if (answer.enable() != null) {
        setOptimizationAllowed(answer.enable());
      }
      sim.send(getContext().getSelf(), request.replyTo(), answer.reply());
      return this;
    }
    KprobeFiles.Answer answer =
        KprobeFiles.answer(request, era, allDisarmed, this::listText,
            () -> KprobeDebugfs.blacklist(blacklistRanges, true));
    if (answer.enable() != null) {
      setAllDisarmed(!answer.enable());
    }
    sim.send(getContext().getSelf(), request.replyTo(), answer.reply());
    return this;
  }

  private String listText() {
    return KprobeDebugfs.list(table.inListOrder(), era, true);
  }

  /** arm_all_kprobes / disarm_all_kprobes; nothing (and no log line) if already so. */
  private void setAllDisarmed(boolean disarm) {
    if (disarm == allDisarmed) {
      return;
    }
    allDisarmed = disarm;
    if (disarm) {
      table.all().forEach(p -> p.optimized = false);
    } else if (era.optprobes()) {
      sim.startTimer(getContext().getSelf(), "optimize", settings.optimizeDelayNanos(),
          Optimize.INSTANCE);
    }
    log.printk(getContext().getSelf(), Loglevel.KERN_INFO, era.globallyLine(!disarm));
  }

  // Jump optimization (kprobe_optimizer after OPTIMIZE_DELAY).

  /** optimize_all_kprobes / unoptimize_all_kprobes; nothing if already so. */
  private void setOptimizationAllowed(boolean allowed) {
    if (allowed == optimizationAllowed) {
      return;
    }
    optimizationAllowed = allowed;
    if (allowed) {
      sim.startTimer(getContext().getSelf(), "optimize", settings.optimizeDelayNanos(),
          Optimize.INSTANCE);
    } else {
      table.all().forEach(p -> p.optimized = false);
    }
    log.printk(getContext().getSelf(), Loglevel.KERN_INFO, era.optimizationLine(allowed));
  }

  private Behavior<Command> onOptimize() {
    for (Kprobe probe : table.all()) {
      probe.optimized = optimizable(probe.address);
    }
    return this;
  }

  private boolean optimizable(long address) {
    if (allDisarmed || !optimizationAllowed) {
      return false;
    }
    for (Kprobe probe : table.at(address)) {
      if (probe.ftrace || probe.isDisabled() || !probe.spec.post().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private void unoptimizeAt(long address) {
    table.at(address).forEach(p -> p.optimized = false);
    if (era.optprobes()) {
      sim.startTimer(getContext().getSelf(), "optimize", settings.optimizeDelayNanos(),
          Optimize.INSTANCE);
    }
  }

  /** The freed address a hit reads first: the struct in its owner's memory, if known. */
  private long structAddress(Kprobe probe, long fallback) {
    return moduleMemory.getOrDefault(probe.key.owner(), fallback);
  }

  private Behavior<Command> reply(ActorRef<Result> to, long value) {
    sim.send(getContext().getSelf(), to, new Result(value));
    return this;
  }
}
