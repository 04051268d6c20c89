package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.sim.Sim;

/**
 * The module loader (kernel/module/main.c; 2.4 and 2.6 kernel/module.c), the actor of
 * module_mutex: it owns the module list and decides loads and unloads. A load runs as a story in
 * a {@link ModuleLoad} child; an unload is {@link Unload}'s checks, try_stop_module (under
 * stop_machine in 2.6), the exit function run by the caller's CPU, and free_module.
 *
 * <p>Owns: 1. the module list (name, state, users, targets, taints); 2. the kernel taint mask,
 * modules_disabled, the last unloaded module and the once-per-boot unsigned notice; 3. loads in
 * flight and their waiters (finit_module callers of one file included); 4. the notifier chain
 * (module_notify_list), called through {@link NotifierCall}; 5. the writes to the {@link
 * ModuleTable} (the list as RCU readers see it); 6. /proc/modules,
 * /proc/sys/kernel/{tainted,modules_disabled}.
 */
public final class ModuleLoader extends AbstractBehavior<ModuleLoader.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("module-loader", Command.class);

  /**
   * Not sealed: the loader's helpers (the load story, the unload) declare their internal
   * messages in their own files, which a sealed interface in this file would not permit.
   */
  public interface Command {}

  /** init_module / finit_module (2.4: create_module + init_module) from a CPU. */
  public record LoadModule(LoadInfo info, Cred cred, int cpu, ActorRef<LoadReply> replyTo)
      implements Command {}

  /** 2.4 create_module(name, size): replies {@link Created} or {@link LoadFailed}. */
  public record CreateModule(String name, long size, Cred cred, ActorRef<LoadReply> replyTo)
      implements Command {}

  /**
   * 2.4 init_module(name, image): the image (the module as insmod linked it: its dependencies
   * resolved, its flags) goes into the create_module slot {@code name} and init runs on the
   * caller's CPU; replies as a load does. A 2.4 {@link LoadModule} is this call for the image's
   * own name.
   */
  public record InitModule(String name, LoadInfo image, Cred cred, int cpu,
      ActorRef<LoadReply> replyTo) implements Command {}

  /**
   * 2.4 query_module(name, which, buf, bufsize, &amp;ret): {@code name} null is the kernel itself,
   * {@code bufsize} below 0 a buffer large enough.
   */
  public record QueryModule(String name, int which, long bufsize,
      ActorRef<ModuleQuery.Answer> replyTo) implements Command {}

  /**
   * From a 2.4 module, after {@link UseFlags}: its reply to a CPU, relayed so that the CPU never
   * reads flags older than its own update in /proc/modules.
   */
  public record Relay(ActorRef<Module.Reply> to, Module.Reply reply) implements Command {}

  /** From a 2.4 module: its MOD_USED_ONCE and MOD_VISITED flags changed. */
  public record UseFlags(String name, ActorRef<Module.Command> module, boolean usedOnce,
      boolean visited) implements Command {}

  /**
   * delete_module(name, flags); {@code name} null is the 2.4 autoclean call. {@code callerPerCpu}
   * is the caller's per-CPU module counters: it sleeps in the syscall, so stop_machine does not
   * stop it.
   */
  public record DeleteModule(String name, boolean nonblock, boolean force, Cred cred, int cpu,
      Map<String, Long> callerPerCpu, ActorRef<DeleteReply> replyTo) implements Command {
    public DeleteModule {
      callerPerCpu = Map.copyOf(callerPerCpu);
    }
  }

  /** The caller's CPU ran the exit function: free the module. */
  public record ExitDone(String name, ActorRef<DeleteReply> replyTo) implements Command {}

  /**
   * A kernel actor reaches a module through its pointer: forwarded to the module's latest
   * instance. (Steps on CPUs read the pointer from the {@link ModuleTable} themselves.)
   */
  public record Forward(String name, Module.Command command, ActorRef<Module.Reply> notFound)
      implements Command {}

  /** find_module: replies {@link Module.Value} 1 when a formed module has that name. */
  public record FindModule(String name, ActorRef<Module.Value> replyTo) implements Command {}

  /** A CPU hit freed module memory: print the oops and count the violation. */
  public record ReportOops(int cpu, String comm, Module.Oops oops) implements Command {}

  public record Subscribe(ActorRef<ModuleEvent> subscriber) implements Command {}

  /** smp_init: the CPUs that stop_machine stops. */
  public record CpusOnline(List<ActorRef<Smp.Ipi>> cpus) implements Command {
    public CpusOnline {
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * 2.6: a module_put on a module that is no longer live wakes the unloader sleeping in
   * delete_module until the count reaches zero (wake_up_process(mod->waiter)).
   */
  public record WakeUnloader(String name) implements Command {}

  /** The module dropped its init reference: the load may now answer the caller. */
  public record InitRefDropped(String name) implements Command {}

  /** Replies of a load to the CPU. */
  public sealed interface LoadReply {}

  public record LoadFailed(Errno errno) implements LoadReply {}

  /** do_init_module: the caller's CPU runs init, then sends {@link ModuleLoad.InitDone}. */
  public record RunInit(List<Step> init, ActorRef<ModuleLoad.Command> load) implements LoadReply {
    public RunInit {
      init = List.copyOf(init);
    }
  }

  public record Loaded(String name) implements LoadReply {}

  /** 2.4 create_module's return value: the address of the new struct module. */
  public record Created(String name, long address) implements LoadReply {}

  /** Replies of an unload to the CPU. */
  public sealed interface DeleteReply {}

  public record DeleteFailed(Errno errno) implements DeleteReply {}

  /** The module is GOING: the caller's CPU runs exit, then sends {@link ExitDone}. */
  public record RunExit(String name, List<Step> exit) implements DeleteReply {
    public RunExit {
      exit = List.copyOf(exit);
    }
  }

  public record Deleted(String name) implements DeleteReply {}

  /** Boot-time collaborators. */
  public record Deps(ModuleSettings settings, Commands commands, KernelLog log,
      ActorRef<Vfs.Command> vfs, ActorRef<Kallsyms.Command> kallsyms, ModuleTable table) {}

  public static Behavior<Command> create(Sim sim, Deps deps) {
    return Behaviors.setup(ctx -> new ModuleLoader(ctx, sim, deps));
  }

  final Sim sim;
  final Deps deps;
  final Era era;
  final ModuleList modules;
  final List<ActorRef<ModuleEvent>> subscribers = new ArrayList<>();
  final Set<Taint> tainted = EnumSet.noneOf(Taint.class);
  /** pr_notice_once of "module verification failed" has printed. */
  boolean unsignedNoticed;
  final Unload unload;
  final LoadCoordinator loads;
  final Module24Calls calls24;
  private final ActorRef<Kallsyms.ValueShown> procModulesShown;
  boolean modulesDisabled;
  String lastUnloaded;
  int oopses;
  private long notifierCalls;

  private ModuleLoader(ActorContext<Command> ctx, Sim sim, Deps deps) {
    super(ctx);
    this.sim = sim;
    this.deps = deps;
    this.era = deps.settings().era();
    this.modules = new ModuleList(era);
    this.modulesDisabled = deps.settings().modulesDisabled();
    this.unload = new Unload(this);
    this.loads = new LoadCoordinator(this);
    this.calls24 = new Module24Calls(this);
    this.procModulesShown =
        ctx.messageAdapter(Kallsyms.ValueShown.class, ProcModulesShown::new);
    ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, ProcFile::new);
    for (String path : ProcFiles.mounts(era)) {
      sim.send(ctx.getSelf(), deps.vfs(), new Vfs.Mount(path, files));
    }
  }

  record ProcFile(FileRequest request) implements Command {}

  record StopReplied(Module.StopResult result) implements Command {}

  record CpuStoppedWrapper(Smp.CpuStopped stopped) implements Command {}

  /** kallsyms_show_value answered for a /proc/modules read. */
  record ProcModulesShown(Kallsyms.ValueShown shown) implements Command {}

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LoadModule.class, loads::onLoadModule)
        .onMessage(CreateModule.class, calls24::onCreateModule)
        .onMessage(InitModule.class, loads::onInitModule)
        .onMessage(QueryModule.class, calls24::onQueryModule)
        .onMessage(UseFlags.class, this::onUseFlags)
        .onMessage(Relay.class, this::onRelay)
        .onMessage(Autoclean.Replied.class, unload::onAutocleanReplied)
        .onMessage(ModuleLoad.ToLoader.class, loads::onFromLoad)
        .onMessage(RefModule.DependencyTimeout.class, loads::onDependencyTimeout)
        .onMessage(DeleteModule.class, unload::onDeleteModule)
        .onMessage(StopReplied.class, unload::onStopReplied)
        .onMessage(CpuStoppedWrapper.class, unload::onCpuStopped)
        .onMessage(ExitDone.class, unload::onExitDone)
        .onMessage(NotifierCall.Done.class, unload::onGoingReturned)
        .onMessage(CpusOnline.class, unload::onCpusOnline)
        .onMessage(Forward.class, this::onForward)
        .onMessage(FindModule.class, this::onFindModule)
        .onMessage(ReportOops.class, this::onReportOops)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(WakeUnloader.class, this::onWakeUnloader)
        .onMessage(InitRefDropped.class, this::onInitRefDropped)
        .onMessage(ProcFile.class, this::onProcFile)
        .onMessage(ProcModulesShown.class, this::onProcModulesShown)
        .build();
  }

  private Behavior<Command> onForward(Forward forward) {
    ModuleTable.Instance module = deps.table().pointer(forward.name());
    if (module == null) {
      sim.send(getContext().getSelf(), forward.notFound(), new Module.NotLoaded(forward.name()));
    } else {
      sim.send(getContext().getSelf(), module.module(), forward.command());
    }
    return this;
  }

  private Behavior<Command> onFindModule(FindModule find) {
    ModuleList.Entry entry = modules.find(find.name());
    sim.send(getContext().getSelf(), find.replyTo(), new Module.Value(entry == null ? 0 : 1, null));
    return this;
  }

  private Behavior<Command> onReportOops(ReportOops report) {
    Oopses.report(this, report);
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    subscribers.add(subscribe.subscriber());
    return this;
  }

  private Behavior<Command> onWakeUnloader(WakeUnloader wake) {
    ModuleList.Entry entry = modules.get(wake.name());
    if (entry != null) {
      unload.countChanged(entry);
    }
    return this;
  }

  private Behavior<Command> onUseFlags(UseFlags flags) {
    ModuleList.Entry entry = modules.get(flags.name());
    if (entry != null && flags.module().equals(entry.module)) {
      entry.usedOnce = flags.usedOnce();
      entry.visited = flags.visited();
    }
    return this;
  }

  private Behavior<Command> onRelay(Relay relay) {
    sim.send(getContext().getSelf(), relay.to(), relay.reply());
    return this;
  }

  private Behavior<Command> onInitRefDropped(InitRefDropped dropped) {
    loads.initRefDropped(dropped.name());
    return this;
  }

  private Behavior<Command> onProcFile(ProcFile file) {
    FileRequest request = file.request();
    if (request.path().startsWith("/sys/module")) {
      sysfs(request);
      return this;
    }
    if (ProcFiles.needsShowValue(this, request)) {
      // kptr_restrict is Kallsyms's: ask it now, so a write to it applies to the next read.
      sim.send(getContext().getSelf(), deps.kallsyms(),
          new Kallsyms.ShowValue(request, procModulesShown));
      return this;
    }
    sim.send(getContext().getSelf(), request.replyTo(), ProcFiles.answer(this, request, false));
    return this;
  }

  private Behavior<Command> onProcModulesShown(ProcModulesShown shown) {
    FileRequest request = shown.shown().request();
    sim.send(getContext().getSelf(), request.replyTo(),
        ProcFiles.answer(this, request, shown.shown().show()));
    return this;
  }

  /** /sys/module: a module's own files are the module's, in order with the loader's messages. */
  private void sysfs(FileRequest request) {
    ModuleList.Entry entry = ProcFiles.sysModuleOwner(modules, request);
    if (entry == null) {
      sim.send(getContext().getSelf(), request.replyTo(), ProcFiles.sysModule(modules, request));
    } else {
      sim.send(getContext().getSelf(), entry.module, new Module.SysfsFile(request));
    }
  }

  // Helpers shared by the load and unload parts.

  ActorRef<Command> self() {
    return getContext().getSelf();
  }

  ActorContext<Command> context() {
    return getContext();
  }

  void log(LogLine line) {
    deps.log().printk(getContext().getSelf(), line.level(), line.text());
  }

  /**
   * blocking_notifier_call_chain(&module_notify_list, event, mod): the callbacks subscribed now,
   * one after the other; {@code replyTo} hears when they have all returned. 2.4 has no module
   * notifier (it came with the 2.5 in-kernel loader): the chain is empty. From 5.10 (6.x) a
   * COMING is called robustly: an error stops it and is returned.
   */
  void callNotifier(String name, ModuleState event, ActorRef<NotifierCall.Done> replyTo) {
    ModuleList.Entry entry = modules.get(name);
    List<ActorRef<ModuleEvent>> chain = era == Era.V2_4 ? List.of() : List.copyOf(subscribers);
    NotifierCall.Call call = new NotifierCall.Call(event, name,
        entry == null ? 0 : entry.address, entry == null ? 0 : entry.size, era == Era.V6_X);
    sim.spawn(getContext(), NotifierCall.create(sim, chain, call,
        deps.settings().hungTaskNanos(), replyTo),
        "notifier-" + name + "-" + event.name().toLowerCase(java.util.Locale.ROOT) + "-"
            + (++notifierCalls));
  }

  /** The common gate of every load and unload: CAP_SYS_MODULE, and modules_disabled (2.6+). */
  Errno gate(Cred cred) {
    if (!cred.has(Capability.CAP_SYS_MODULE)) {
      return Errno.EPERM;
    }
    if (era != Era.V2_4 && modulesDisabled) {
      return Errno.EPERM;
    }
    return null;
  }

  /** Moves a module to {@code state} and tells it (the load calls the notifier chain itself). */
  void setState(ModuleList.Entry entry, ModuleState state) {
    entry.setState(state);
    sim.send(getContext().getSelf(), entry.module, new Module.SetState(state));
    loads.stateChanged(entry.name);
  }

  /**
   * free_module: drop the references on the modules this one used, its symbols and sysfs, unlink
   * it, and leave the actor as a tombstone.
   */
  void freeModule(ModuleList.Entry entry) {
    dropTargets(entry);
    sim.send(getContext().getSelf(), deps.kallsyms(), new Kallsyms.DropModule(entry.name));
    entry.memory.free();
    if (entry.module != null) { // a 2.4 create_module slot has no module yet
      sim.send(getContext().getSelf(), entry.module, Module.Free.INSTANCE);
    }
    entry.sysfs = false;
    modules.remove(entry.name);
    loads.stateChanged(entry.name);
  }

  /** Drops the references {@code entry} holds on the modules it uses (their "Used by"). */
  void dropTargets(ModuleList.Entry entry) {
    for (String target : entry.targets) {
      ModuleList.Entry owner = modules.get(target);
      if (owner != null && owner.users.remove(entry.name) && owner.module != null) {
        owner.memory.addDependent(-1);
        sim.send(getContext().getSelf(), owner.module,
            new Module.SetHolders(List.copyOf(owner.users)));
      }
    }
    entry.targets.clear();
  }
}
