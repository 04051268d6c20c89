package org.kmodsim.kernel.module;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.sim.Sim;

/**
 * The state under module_mutex and its only writers (kernel/module/main.c), as the loader's
 * collaborators see it through {@link ModuleInternal}: the module list and its image in the {@link
 * ModuleTable}, the taint mask, modules_disabled, the last unloaded module, the once-per-boot
 * unsigned notice, and the notifier chain. Used only on the loader's thread.
 *
 * <p>Owns: 1. the taint mask, modules_disabled, the last unloaded module, the unsigned notice, the
 * oops count and the id sequence; 2. the writes to the {@link ModuleList} and the {@link
 * ModuleTable}.
 */
final class ModuleCore implements ModuleInternal {
  private final ActorContext<ModuleLoader.Command> ctx;
  private final Sim sim;
  private final ModuleLoader.Deps deps;
  private final ModuleEra era;
  private final ModuleList modules;
  private final ModuleNotifier notifier;
  private final ActorRef<Module.StopResult> stopReplies;
  private final Set<Taint> tainted = EnumSet.noneOf(Taint.class);
  private LoadCoordinator loads;

  /** lib/debug_locks.c debug_locks: 1 at boot, 0 once something made lockdep unreliable. */
  private boolean debugLocks = true;

  /** pr_notice_once of "module verification failed" has printed. */
  private boolean unsignedNoticed;

  private boolean modulesDisabled;
  private String lastUnloaded;
  private int oopses;
  private long sequence;

  ModuleCore(
      ActorContext<ModuleLoader.Command> ctx,
      Sim sim,
      ModuleLoader.Deps deps,
      ModuleEra era,
      ModuleList modules,
      ModuleNotifier notifier,
      ActorRef<Module.StopResult> stopReplies) {
    this.ctx = ctx;
    this.sim = sim;
    this.deps = deps;
    this.era = era;
    this.modules = modules;
    this.notifier = notifier;
    this.stopReplies = stopReplies;
    this.modulesDisabled = deps.settings().modulesDisabled();
  }

  /** The loads to tell when a module's state changes (name waiters, dependency waits). */
  void loads(LoadCoordinator coordinator) {
    this.loads = coordinator;
  }

  @Override
  public ModuleEra era() {
    return era;
  }

  @Override
  public ModuleSettings settings() {
    return deps.settings();
  }

  @Override
  public ModuleLoader.Deps deps() {
    return deps;
  }

  @Override
  public Sim sim() {
    return sim;
  }

  @Override
  public ActorRef<ModuleLoader.Command> self() {
    return ctx.getSelf();
  }

  @Override
  public ModuleList modules() {
    return modules;
  }

  @Override
  public <T> void send(ActorRef<T> to, T message) {
    sim.send(ctx.getSelf(), to, message);
  }

  @Override
  public void log(LogLine line) {
    deps.log().printk(ctx.getSelf(), line.level(), line.text());
  }

  @Override
  public void trace(org.kmodsim.sim.ModelEvent event) {
    sim.trace(ctx.getSelf(), event);
  }

  @Override
  public long nextId() {
    return ++sequence;
  }

  @Override
  public Set<Taint> tainted() {
    return tainted.isEmpty() ? EnumSet.noneOf(Taint.class) : EnumSet.copyOf(tainted);
  }

  @Override
  public void taint(Collection<Taint> taints) {
    for (Taint taint : taints) {
      addTaint(taint, taint.lockdepUnreliable(era.era()));
    }
  }

  @Override
  public void taintFromProc(Collection<Taint> taints) {
    for (Taint taint : taints) {
      addTaint(
          taint, era.era() == org.kmodsim.kernel.Era.V2_6 && taint.lockdepUnreliable(era.era()));
    }
  }

  @Override
  public void setTaintedFromProc(Collection<Taint> taints) {
    tainted.clear();
    tainted.addAll(taints);
  }

  @Override
  public void debugLocksOff() {
    debugLocks = false;
  }

  /** add_taint(flag, lockdep_ok): __debug_locks_off() prints only for the first caller. */
  private void addTaint(Taint taint, boolean lockdepUnreliable) {
    if (lockdepUnreliable && debugLocks) {
      debugLocks = false;
      log(LogLine.warn("Disabling lock debugging due to kernel taint"));
    }
    tainted.add(taint);
  }

  @Override
  public boolean unsignedNoticed() {
    return unsignedNoticed;
  }

  @Override
  public void noticeUnsigned() {
    unsignedNoticed = true;
  }

  @Override
  public Errno gate(Cred cred) {
    if (!cred.has(Capability.CAP_SYS_MODULE)) {
      return Errno.EPERM;
    }
    return era.hasModulesDisabled() && modulesDisabled ? Errno.EPERM : null;
  }

  @Override
  public boolean modulesDisabled() {
    return modulesDisabled;
  }

  @Override
  public void disableModules() {
    modulesDisabled = true;
  }

  @Override
  public int nextOops() {
    return ++oopses;
  }

  @Override
  public String lastUnloaded() {
    return lastUnloaded;
  }

  @Override
  public void lastUnloaded(ModuleList.Entry entry) {
    String letters = Taint.moduleString(entry.taints);
    lastUnloaded = entry.name + (letters.isEmpty() ? "" : "(" + letters + ")");
  }

  @Override
  public ModuleList.Entry addModule(ModuleLoad load, long address, long size) {
    String name = load.name();
    long id = nextId();
    ModuleTable.Instance memory = deps.table().allocate(name, address, id);
    ActorRef<Module.Command> module =
        sim.spawn(
            ctx,
            Module.create(
                sim,
                new Module.Spec(
                    load.def,
                    load.functions(),
                    address,
                    load.taints(),
                    deps.settings(),
                    deps.vfs(),
                    ctx.getSelf(),
                    memory,
                    load.parsedParams())),
            "module-" + name + "-" + id);
    deps.table().link(memory, module);
    ModuleList.Entry entry = new ModuleList.Entry(name, load.def, memory, size, load.taints());
    entry.exit = load.exit();
    modules.add(entry);
    tainted.addAll(load.taints());
    return entry;
  }

  @Override
  public void addSlot(ModuleList.Entry slot) {
    modules.add(slot);
  }

  @Override
  public void setState(ModuleList.Entry entry, ModuleState state) {
    ModuleState from = entry.state();
    entry.setState(state);
    if (entry.module != null) {
      sim.trace(entry.module, ModuleTrace.STATE.with(entry.name, from, state, ""));
    }
    loads.stateChanged(entry.name);
  }

  @Override
  public void stopped(ModuleList.Entry entry) {
    entry.setState(ModuleState.GOING);
  }

  @Override
  public void addUse(ModuleList.Entry user, ModuleList.Entry owner) {
    owner.users.add(user.name);
    if (era.marksDependenciesUsed()) {
      owner.memory.markUsedByModule(); // init_module sets MOD_USED_ONCE on its deps
    }
    user.targets.add(owner.name);
    owner.memory.addDependent(+1);
    owner.memory.setHolders(List.copyOf(owner.users));
  }

  @Override
  public void dropTargets(ModuleList.Entry entry) {
    for (String target : entry.targets) {
      ModuleList.Entry owner = modules.get(target);
      if (owner != null && owner.users.remove(entry.name) && owner.module != null) {
        owner.memory.addDependent(-1);
        owner.memory.setHolders(List.copyOf(owner.users));
      }
    }
    entry.targets.clear();
  }

  @Override
  public void freeModule(ModuleList.Entry entry) {
    dropTargets(entry);
    send(deps.kallsyms(), new Kallsyms.DropModule(entry.name));
    entry.memory.free();
    if (entry.module != null) { // a 2.4 create_module slot has no module yet
      send(entry.module, Module.Free.INSTANCE);
    }
    entry.sysfs = false;
    modules.remove(entry.name);
    loads.stateChanged(entry.name);
  }

  @Override
  public void unfill(ModuleList.Entry entry) {
    ModuleState from = entry.state();
    send(deps.kallsyms(), new Kallsyms.DropModule(entry.name));
    entry.memory.free();
    send(entry.module, Module.Free.INSTANCE);
    modules.add(ModuleList.Entry.blankSlot(entry));
    // 2.4: the slot stays, as create_module left it (the state is the word /proc/modules shows).
    trace(ModuleTrace.STATE.with(entry.name, from, "uninitialized", ""));
    loads.stateChanged(entry.name);
  }

  @Override
  public void sysfs(ModuleList.Entry entry, boolean present) {
    entry.sysfs = present;
  }

  @Override
  public ActorRef<Module.StopResult> stopReplies() {
    return stopReplies;
  }

  @Override
  public void notify(String name, ModuleState event, Consumer<Errno> then) {
    ModuleList.Entry entry = modules.get(name);
    NotifierCall.Call call =
        new NotifierCall.Call(
            event,
            name,
            entry == null ? 0 : entry.address,
            entry == null ? 0 : entry.size,
            era.robustComing());
    notifier.call(call, era.hasNotifier(), then);
  }
}
